use crate::learn::kit::NeedsScript;
use crate::server_fns::info::get_playground_info;
use leptos::prelude::*;
use leptos_meta::Title;

/// Log in through the JSON API and watch the tokens: raw, decoded, counting down, and every call's
/// headers. The page's behaviour is `playground.js` beside this file, plain JavaScript, so its
/// requests are exactly what a browser's fetch sends and nothing is hidden in the wasm bundle.
#[component]
pub fn PlaygroundPage() -> impl IntoView {
    let info = Resource::new(|| (), |_| get_playground_info());
    view! {
        <Title text="API playground"/>
        <h1>"API playground"</h1>
        <p>
            "Here the shop is used the other way: through its JSON API with JWTs, the way an app or another site would. "
            "Nothing on this page uses your session cookie; the tokens live only in this page's memory and are gone on reload."
        </p>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                info.await.ok().map(|i| view! {
                    <p class="hint" id="partner" data-testid="pg-server-facts">
                        {format!("This server issues access tokens for {}; the revoke-now denylist is {}.",
                            crate::domain::human_duration(i.access_ttl_secs), if i.denylist_enabled { "on" } else { "off" })}
                        {i.partner_origin.map(|o| view! { " The same API from another site: " <a href=o.clone() rel="external">{o.clone()}</a> "." })}
                    </p>
                })
            })}
        </Suspense>
        <NeedsScript/>
        <div id="playground" class="playground" data-lab="playground">
            <section class="panel">
                <h2>"1. Log in through the API"</h2>
                <form id="pg-login" class="inline-form" data-lab-part="login">
                    <label>"Email" <input type="email" name="email" value="alice@example.com" required/></label>
                    <label>"Password" <input type="password" name="password" value="alice-tokenshop" required/></label>
                    <label><input type="checkbox" name="dpop" value="on"/>" Bind the tokens to a key this page cannot export (DPoP)"</label>
                    <button type="submit" class="primary" data-testid="pg-login">"POST /api/v1/auth/login"</button>
                </form>
                <div class="pg-buttons">
                    <button type="button" data-lab-part="action" data-pg="me" data-testid="pg-me">"GET /api/v1/me"</button>
                    <button type="button" data-lab-part="action" data-pg="introspect" data-testid="pg-introspect">"GET /api/v1/auth/introspect"</button>
                    <button type="button" data-lab-part="action" data-pg="refresh" data-testid="pg-refresh">"POST /api/v1/auth/refresh"</button>
                    <button type="button" data-lab-part="action" data-pg="logout" data-testid="pg-logout">"Log out"</button>
                    <button type="button" data-lab-part="action" data-pg="revoke" data-testid="pg-revoke">"Log out + revoke now"</button>
                </div>
                // Each call's outcome in one line, announced; its headers and body are in part 3.
                <p class="hint" data-testid="pg-last" data-lab-part="last" role="status" aria-live="polite"></p>
            </section>
            <section class="panel">
                <h2>"2. The tokens, as the response carried them"</h2>
                <dl class="facts">
                    <dt>"Access token expires in"</dt><dd data-testid="pg-countdown" data-lab-part="countdown">"no token yet"</dd>
                    <dt>"Access token (JWT, " <span data-testid="pg-access-bytes" data-lab-part="access-bytes">"0"</span> " bytes)"</dt>
                    <dd><code class="token" data-testid="pg-access-raw" data-lab-part="access-raw">"—"</code></dd>
                    <dt>"Its header, decoded"</dt><dd><pre data-testid="pg-header" data-lab-part="header">"—"</pre></dd>
                    <dt>"Its claims, decoded"</dt><dd><pre data-testid="pg-claims" data-lab-part="claims">"—"</pre></dd>
                    <dt>"Refresh token (opaque)"</dt><dd><code class="token" data-testid="pg-refresh-raw" data-lab-part="refresh-raw">"—"</code></dd>
                </dl>
                <p class="hint">"Decoding needs no key: anyone holding a JWT can read its claims. Only the signature, checked with the public key from "<a href="/.well-known/jwks.json" rel="external">"the JWKS"</a>", proves the shop wrote them."</p>
            </section>
            <section class="panel">
                <h2>"3. Every call, with its headers"</h2>
                <ol class="exchanges" data-testid="pg-exchanges" data-lab-part="exchanges"></ol>
            </section>
        </div>
        <script type="module" src=crate::site::use_assets().module("pages/playground/playground.js")></script>
    }
}
