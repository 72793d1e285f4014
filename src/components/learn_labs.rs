//! The lessons' labs with goals: reading a token, tampering with one, and where the browser keeps
//! a credential. Each is a panel of controls and empty outputs that `public/js/labs.js` drives with
//! real requests; the shop's answers decide whether the goal was reached.

use super::learn_demos::NeedsScript;
use leptos::prelude::*;

/// A token's anatomy, jwt.io-style, decoded in the page with no key.
#[component]
pub fn TokenAnatomy() -> impl IntoView {
    view! {
        <section class="panel demo" data-testid="anatomy" id="anatomy">
            <h2>"Your access token, taken apart"</h2>
            <NeedsScript/>
            <button type="button" class="primary" data-testid="anatomy-get">"Sign in by the API and show my token"</button>
            <p class="token-raw" data-testid="anatomy-raw" aria-label="The token as it travels">
                <span class="tok-h" data-testid="anatomy-raw-header"></span>
                <span class="tok-dot">"."</span>
                <span class="tok-p" data-testid="anatomy-raw-payload"></span>
                <span class="tok-dot">"."</span>
                <span class="tok-s" data-testid="anatomy-raw-signature"></span>
            </p>
            <div class="anatomy-parts">
                <div class="tok-part tok-h">
                    <h3>"Header"</h3>
                    <pre data-testid="anatomy-header">"—"</pre>
                </div>
                <div class="tok-part tok-p">
                    <h3>"Payload (the claims)"</h3>
                    <pre data-testid="anatomy-payload">"—"</pre>
                </div>
                <div class="tok-part tok-s">
                    <h3>"Signature"</h3>
                    <p>"64 bytes of Ed25519 over the first two parts. It proves who signed them; it hides nothing."</p>
                </div>
            </div>
            <dl class="facts" data-testid="anatomy-times"></dl>
            <p class="hint">
                "This page decoded the token with the browser's atob() and no key at all: base64url is an encoding, not encryption. "
                "Anything in a JWT's payload is readable by whoever holds the token, so this shop puts nothing secret in it."
            </p>
            <form class="inline-form" data-testid="anatomy-quiz">
                <label for="anatomy-answer">"Your lab account's id, read from the token's sub claim"</label>
                <input id="anatomy-answer" data-testid="anatomy-answer" inputmode="numeric" autocomplete="off" aria-describedby="anatomy-result"/>
                <button type="submit" data-testid="anatomy-check">"Check with the shop"</button>
            </form>
            <p data-testid="anatomy-result" id="anatomy-result" role="status" aria-live="polite"></p>
        </section>
    }
}

/// Edit a token (or a session id) and send it: the shop says why it refuses.
#[component]
pub fn Tamper() -> impl IntoView {
    let presets = [
        ("sub", "Change whose token it is (sub)"),
        ("alg-none", "alg: none, no signature"),
        ("hs256", "HS256, signed with the shop's public key"),
        ("kid", "A kid the shop does not know"),
        ("expired", "A genuine token that has expired"),
        (
            "wrong-kind",
            "A genuine token of another kind (a Cart-Token)",
        ),
    ];
    view! {
        <section class="panel demo" data-testid="tamper" id="tamper-lab">
            <h2>"Change it, send it"</h2>
            <NeedsScript/>
            <button type="button" class="primary" data-testid="tamper-get">"Get a token to change"</button>
            <div class="tamper-edit">
                <label>"Header" <textarea data-testid="tamper-header" rows="4" spellcheck="false"></textarea></label>
                <label>"Payload" <textarea data-testid="tamper-payload" rows="9" spellcheck="false"></textarea></label>
                <label>"Signature (kept as it was, unless a preset makes a new one)" <input data-testid="tamper-signature" spellcheck="false"/></label>
            </div>
            <p class="actions">
                <button type="button" class="primary" data-testid="tamper-send">"Send it to GET /api/v1/me"</button>
            </p>
            <p class="hint">"Or try one of the attacks people use on JWTs:"</p>
            <p class="actions presets">
                {presets.into_iter().map(|(id, label)| view! {
                    <button type="button" data-testid="tamper-preset" data-preset=id>{label}</button>
                }).collect_view()}
            </p>
            <ol class="steps" data-testid="tamper-results" aria-live="polite"></ol>
            <h3>"The cookie's counterpart"</h3>
            <p>
                "A session cookie holds nothing to edit but its id: 128 random bits naming a record on the server. "
                "Change one character, or guess a whole id, and no record has it."
            </p>
            <p class="actions">
                <button type="button" data-testid="tamper-cookie">"Sign in by the pages, then send an edited and a guessed session id"</button>
            </p>
            <ol class="steps" data-testid="tamper-cookie-results" aria-live="polite"></ol>
        </section>
    }
}

/// The same sign-in kept five ways, an injected script, and the attacker's side.
#[component]
pub fn WhereToKeepIt(csp_off: bool, collector: Option<String>) -> impl IntoView {
    let ways = [
        (
            "local",
            "localStorage",
            "An access and a refresh token, stored by the page's script",
        ),
        ("session", "sessionStorage", "The same, for this tab only"),
        (
            "memory",
            "A JavaScript variable",
            "The same, in a closure the app's code keeps",
        ),
        (
            "cookie",
            "HttpOnly session cookie",
            "The pages' own sign-in: an id the browser keeps from scripts",
        ),
        (
            "bff",
            "Backend-for-frontend",
            "The server keeps the JWTs; the browser holds an HttpOnly cookie",
        ),
    ];
    view! {
        <section class="panel demo" data-testid="xss" id="xss-lab" data-collector=collector.clone().unwrap_or_default() data-csp=if csp_off { "off" } else { "strict" }>
            <h2>"Sign in five ways, then inject a script"</h2>
            <CspMode csp_off/>
            <NeedsScript/>
            {collector.is_none().then(|| view! { <p class="form-error">"The partner origin is turned off on this server (PARTNER_ADDR=off), so the attacker's collector is not running."</p> })}
            <p class="actions">
                <button type="button" class="primary" data-testid="xss-signin">"1. Sign in five ways"</button>
                " "
                <button type="button" class="danger" data-testid="xss-inject" disabled=true>"2. Run the injected script"</button>
                " "
                <button type="button" data-testid="xss-replay" disabled=true>"3. Replay from the attacker's side"</button>
                {(!csp_off).then(|| view! {
                    " "
                    <button type="button" data-testid="xss-inject-anyway" disabled=true>"2b. Suppose it got in anyway (a compromised script from this origin)"</button>
                })}
            </p>
            <p class="hint">
                "Step 2 is a simulated attack, confined to this lab page and run only by your click: the page inserts, as an attacker's stored comment would, "
                "an inline script that reads what it can, acts in your tab, and sends its loot to an \u{201c}attacker\u{201d} collector this shop serves on the partner origin (for this machine only). "
                "Every account in it is your own throwaway lab account."
            </p>
            <p data-testid="xss-status" role="status" aria-live="polite"></p>
            <p data-testid="xss-csp-result" role="status" aria-live="polite"></p>
            <div class="table-scroll" tabindex="0">
                <table class="xss">
                    <caption>"What the injected script could do with each way of keeping the sign-in"</caption>
                    <thead><tr>
                        <th scope="col">"Kept in"</th>
                        <th scope="col">"Signed in"</th>
                        <th scope="col">"The script could read"</th>
                        <th scope="col">"Sent to the attacker"</th>
                        <th scope="col">"The attacker's replay, from elsewhere"</th>
                        <th scope="col">"Works for"</th>
                    </tr></thead>
                    <tbody>
                        {ways.into_iter().map(|(id, name, how)| view! {
                            <tr data-testid="xss-row" data-store=id>
                                <th scope="row">{name}<br/><span class="hint">{how}</span></th>
                                <td data-testid="xss-signed-in">"—"</td>
                                <td data-testid="xss-read">"—"</td>
                                <td data-testid="xss-sent">"—"</td>
                                <td data-testid="xss-replayed">"—"</td>
                                <td data-testid="xss-lasts">"—"</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

/// Which policy this copy of the lab page was served with, and a link to the other.
#[component]
fn CspMode(csp_off: bool) -> impl IntoView {
    if csp_off {
        view! {
            <p class="csp-mode warn" data-testid="xss-csp-mode" data-csp="off">
                "This copy of the page is served without any Content-Security-Policy, so an injected inline script runs. "
                <a href="/learn/where-to-keep-it">"Switch to the shop's strict CSP"</a>
            </p>
        }.into_any()
    } else {
        view! {
            <p class="csp-mode" data-testid="xss-csp-mode" data-csp="strict">
                "This page has the shop's strict CSP: scripts only from this origin or with this response's nonce, connections only to this origin. "
                <a href="/learn/where-to-keep-it?csp=off">"Open this lab without a CSP"</a>
            </p>
        }.into_any()
    }
}

/// The forged-request lab: a lab cookie, the attacker's page on another site and on the same site,
/// and what each target received.
#[component]
pub fn ForgeRequest(partner: Option<String>) -> impl IntoView {
    view! {
        <section class="panel demo" data-testid="forge" id="forge-lab" data-partner=partner.clone().unwrap_or_default()>
            <h2>"Sign in, then be the attacker"</h2>
            <NeedsScript/>
            {partner.is_none().then(|| view! { <p class="form-error">"The partner origin is turned off on this server (PARTNER_ADDR=off), so there is no attacker's page."</p> })}
            <p class="actions">
                <button type="button" class="primary" data-testid="forge-signin">"1. Sign in to the lab target (an HttpOnly, SameSite=Lax cookie)"</button>
            </p>
            <p data-testid="forge-signed-in" role="status" aria-live="polite"></p>
            <p class="actions">
                "2. Open the attacker's page: "
                <a data-testid="forge-open-cross" href="#">"on another site"</a>
                " · "
                <a data-testid="forge-open-same" href="#">"on this site, another port"</a>
            </p>
            <p class="actions"><button type="button" data-testid="forge-refresh">"3. What the targets received"</button></p>
            <div class="table-scroll" tabindex="0">
                <table class="forge">
                    <caption>"Forged requests made with this tab's attempt id"</caption>
                    <thead><tr>
                        <th scope="col">"Target"</th>
                        <th scope="col">"Sec-Fetch-Site"</th>
                        <th scope="col">"Cookie sent"</th>
                        <th scope="col">"What happened"</th>
                    </tr></thead>
                    <tbody data-testid="forge-attempts"></tbody>
                </table>
            </div>
            <p data-testid="forge-summary" role="status" aria-live="polite"></p>
        </section>
    }
}

/// The cross-site cookie lab: a control on this site, the experiment on the partner's, and what
/// the shop saw come back.
#[component]
pub fn CookieElsewhere(partner: Option<String>) -> impl IntoView {
    view! {
        <section class="panel demo" data-testid="elsewhere" id="elsewhere-lab" data-partner=partner.clone().unwrap_or_default()>
            <h2>"Four cookies, two sites"</h2>
            <NeedsScript/>
            {partner.is_none().then(|| view! { <p class="form-error">"The partner origin is turned off on this server (PARTNER_ADDR=off)."</p> })}
            <p class="actions">
                <button type="button" data-testid="elsewhere-control">"1. The control: set and send them from this site"</button>
                " "
                <a class="button" data-testid="elsewhere-open" href="#">"2. Try it from the partner site"</a>
                " "
                <button type="button" data-testid="elsewhere-refresh">"3. What the shop saw"</button>
            </p>
            <div class="table-scroll" tabindex="0">
                <table class="forge">
                    <caption>"Requests of this tab's experiment, as the shop received them"</caption>
                    <thead><tr>
                        <th scope="col">"Step"</th>
                        <th scope="col">"Sec-Fetch-Site"</th>
                        <th scope="col">"Cookies that came with it"</th>
                    </tr></thead>
                    <tbody data-testid="elsewhere-trials"></tbody>
                </table>
            </div>
            <p data-testid="elsewhere-summary" role="status" aria-live="polite"></p>
            <p data-testid="elsewhere-verdict" role="status" aria-live="polite"></p>
        </section>
    }
}
