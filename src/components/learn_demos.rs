//! The Learn page's live demos. Each is a panel of controls and empty outputs; `public/js/demos.js`
//! drives it with real requests from this browser (the labs' routes are `server::learn::lab`).

use leptos::prelude::*;

/// What a demo says to a browser without JavaScript.
#[component]
pub fn NeedsScript() -> impl IntoView {
    view! {
        <noscript><p class="form-error">"This demo sends requests from your browser, so it needs JavaScript."</p></noscript>
    }
}

/// This browser's requests as the server saw them (`server::learn::inspector`).
#[component]
pub fn RequestInspector() -> impl IntoView {
    view! {
        <section id="inspector" class="panel demo" data-testid="inspector">
            <h2>"Your requests, as the server saw them"</h2>
            <p>
                "Turn this on and the server keeps a short list of this browser's requests: pages, server functions "
                "and API calls, which credential came with each (session cookie, bearer JWT, Cart-Token or none), how "
                "that part of the shop checks it, what the check found, and the answer. The list is named by a random id "
                "in a cookie only this browser has, so it never shows anybody else's requests."
            </p>
            <NeedsScript/>
            <p class="actions">
                <button type="button" class="primary" data-testid="inspector-start">"Start recording"</button>
                " "
                <button type="button" data-testid="inspector-stop">"Stop and forget"</button>
                " "
                <span class="hint" data-testid="inspector-state" role="status" aria-live="polite">"off"</span>
            </p>
            <p class="hint">"Then open a product and add it to the cart (your browser gets its session cookie), come back, and call the API with a token:"</p>
            <p class="actions">
                <button type="button" data-testid="inspector-api-call">"Call the API with your lab account's token"</button>
            </p>
            <p class="actions">
                <label><input type="checkbox" data-testid="inspector-show-labs"/>" Show the labs' own requests too"</label>
            </p>
            <div class="table-scroll" tabindex="0">
                <table role="table" class="inspector">
                    <thead role="rowgroup"><tr role="row"><th scope="col" role="columnheader">"Request"</th><th scope="col" role="columnheader">"Credential seen"</th><th scope="col" role="columnheader">"Checked by"</th><th scope="col" role="columnheader">"Found"</th><th scope="col" role="columnheader">"Answer"</th></tr></thead>
                    <tbody role="rowgroup" data-testid="inspector-rows"></tbody>
                </table>
            </div>
        </section>
    }
}

/// Logging out of both at once, then replaying both old credentials (`lab` keeps the old cookie).
#[component]
pub fn LogoutRace() -> impl IntoView {
    view! {
        <section id="logout-race" class="panel demo" data-testid="race-demo">
            <h2>"Logout: the cookie ends now, the token at exp"</h2>
            <p>
                "This logs your lab account (a throwaway made for this tab, not shared with anyone) in both ways at once, logs out of both, and then keeps calling with the old session "
                "cookie and the old access token, as someone who copied them would. Logout deletes the session record, "
                "so the cookie is refused on the next request. Logout of the API revokes the refresh token, but the "
                "access token is checked by its signature alone: it keeps working until its exp."
            </p>
            <p class="hint">
                "Your browser never lets a page's script hold an HttpOnly cookie, so this demo keeps its cookie in a "
                "lab jar on the server: the script sends it as X-Lab-Cookie and the lab hands it to the real session layer."
            </p>
            <NeedsScript/>
            <p class="actions">
                <label><input type="checkbox" data-testid="race-revoke"/>" Revoke now (put the access token on the denylist at logout)"</label>
            </p>
            <button type="button" class="primary" data-testid="race-run">"Log in both ways, log out both, replay"</button>
            <dl class="facts race">
                <dt>"Old session cookie"</dt><dd><strong data-testid="race-cookie-status">"—"</strong></dd>
                <dt>"Old access token"</dt><dd><strong data-testid="race-token-status">"—"</strong>" "<span data-testid="race-countdown"></span></dd>
            </dl>
            <ol class="steps" data-testid="race-steps" aria-live="polite"></ol>
        </section>
    }
}

/// One guest cart carried by a cookie, one by a Cart-Token, and both merged at login.
#[component]
pub fn CartMerge() -> impl IntoView {
    view! {
        <section id="cart-merge" class="panel demo" data-testid="merge-demo">
            <h2>"A guest cart under both carriers"</h2>
            <p>
                "A guest has no account, so something must carry the cart. The pages use the session cookie "
                "(the session record holds the cart's id); the API uses a Cart-Token (a signed JWT naming the cart). "
                "This demo fills the same cart both ways for a brand-new account, shows what logging in will do, then "
                "logs in both ways and shows the account's cart."
            </p>
            <NeedsScript/>
            <button type="button" class="primary" data-testid="merge-build">"1. Fill both guest carts"</button>
            " "
            <button type="button" class="primary" data-testid="merge-login" disabled=true>"2. Log in both ways"</button>
            <div class="table-scroll" tabindex="0">
                <table role="table" class="merge">
                    <thead role="rowgroup"><tr role="row"><th scope="col" role="columnheader">"Product"</th><th scope="col" role="columnheader">"Saved in the account"</th><th scope="col" role="columnheader">"Cookie cart"</th><th scope="col" role="columnheader">"Cart-Token cart"</th><th scope="col" role="columnheader">"Preview after login"</th><th scope="col" role="columnheader">"Actually after login"</th></tr></thead>
                    <tbody role="rowgroup" data-testid="merge-rows"></tbody>
                </table>
            </div>
            <ol class="steps" data-testid="merge-steps" aria-live="polite"></ol>
        </section>
    }
}

/// A new signing key: old tokens keep verifying by `kid`, new ones use the new key.
#[component]
pub fn KeyRotation() -> impl IntoView {
    view! {
        <section id="key-rotation" class="panel demo" data-testid="rotation-demo">
            <h2>"Rotating the signing key"</h2>
            <p>
                "Every token names the key that signed it in its header's kid. The JWKS at /.well-known/jwks.json "
                "publishes the public keys. A rotation adds a key that signs from then on and keeps the old one "
                "verifying until the last token it signed expires, so nobody is logged out. A session cookie has no key "
                "to rotate: it is checked against the database."
            </p>
            <NeedsScript/>
            <p class="hint">"A rotation changes the key for the whole shop, so the lab rotates at most once every 10 s for everyone; if someone just did, the shop says when to try again (429 with Retry-After)."</p>
            <button type="button" class="primary" data-testid="rotation-run">"Get a token, rotate, get another"</button>
            <ol class="steps" data-testid="rotation-steps" aria-live="polite"></ol>
        </section>
    }
}

/// A stolen refresh token, replayed, in either order: the whole sign-in is revoked when a spent
/// token comes back, the thief's new tokens included.
#[component]
pub fn RefreshTheft() -> impl IntoView {
    view! {
        <section id="refresh-theft" class="panel demo" data-testid="theft-demo">
            <h2>"Refresh rotation, and a thief"</h2>
            <p>
                "A refresh token is used once: each refresh returns a new one and spends the old. "
                "So if a spent token ever comes back, either the client or a thief is replaying it, and the shop cannot tell which. "
                "It revokes the whole sign-in (the refresh family), and both must log in again."
            </p>
            <NeedsScript/>
            <p class="actions">
                <button type="button" class="primary" data-testid="theft-run-thief-first">"The thief refreshes first"</button>
                " "
                <button type="button" data-testid="theft-run">"The client refreshes first"</button>
            </p>
            <ol class="steps" data-testid="theft-steps" aria-live="polite"></ol>
        </section>
    }
}
