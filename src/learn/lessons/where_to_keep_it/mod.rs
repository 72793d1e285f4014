//! Where the browser keeps a credential, and what an injected script (XSS) can do with each choice.

#[cfg(feature = "ssr")]
pub mod server;

use crate::learn::glossary::Term;
use crate::learn::kit::{ModuleScript, NeedsScript};
use crate::server_fns::info::get_playground_info;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

pub fn body() -> AnyView {
    view! { <WhereLesson/> }.into_any()
}

#[component]
fn WhereLesson() -> impl IntoView {
    let csp_off = use_query_map().read_untracked().get("csp").as_deref() == Some("off");
    let info = Resource::new(|| (), |_| get_playground_info());
    view! {
        <p>
            "Where should the browser keep its credential? The question is what a script that gets into the page ("<Term id="xss">"XSS"</Term>
            ") can do with each choice: read it and take it elsewhere, or only act with it while your tab is open. "
            "Here one lab account signs in six ways; then an injected script tries each."
        </p>
        <Suspense fallback=|| view! { <p>"Loading the lab…"</p> }>
            {move || Suspend::new(async move {
                let collector = info.await.ok().and_then(|i| i.partner_origin);
                view! { <WhereToKeepIt csp_off collector/> }
            })}
        </Suspense>
        <ModuleScript src="learn/lessons/where_to_keep_it/xss.js"/>
        <section id="xss-shows" data-lab="xss-shows" data-testid="xss-shows" hidden=true aria-labelledby="xss-shows-h">
            <h2 id="xss-shows-h">"What this shows"</h2>
            <ul>
                <li>"Tokens in localStorage or sessionStorage are read in one line and work from the attacker's machine until their exp; a stolen refresh token keeps the attacker signed in until the sign-in is revoked."</li>
                <li>"A token in a JavaScript variable cannot be read by name, but the script can wrap fetch and catch it on the app's next call."</li>
                <li>"An "<Term id="httponly">"HttpOnly"</Term>" cookie, alone or in front of a backend-for-frontend ("<Term id="bff">"BFF"</Term>"), cannot be read at all. The script can still act as you — but only from inside your open tab, and only while it is open."</li>
                <li>"A token bound to a key by DPoP ("<Term id="sender-constrained">"sender-constrained"</Term>") is stolen as easily, but useless elsewhere: the attacker's replay is refused, as a bearer token and with a proof of the attacker's own key. "
                    "The key cannot be exported, yet the script can still ask it to sign and call the API as you inside your tab — binding stops theft, not session riding; only keeping scripts out stops that."</li>
                <li>"A strict "<Term id="csp">"CSP"</Term>" stops the injection itself: the browser refuses an inline script without this response's nonce. It only narrows what a script that got in anyway can do: connect-src stops its fetch, XHR and WebSocket to other origins, "
                    "but not a navigation — opening a window or changing location with the loot in the URL — which no CSP directive governs (navigate-to was proposed and never shipped). "
                    "So a CSP makes the theft less likely; it does not make a token that scripts can read safe to keep."</li>
            </ul>
        </section>
        <noscript><p>"What this lab shows is revealed after you run it, which needs JavaScript."</p></noscript>
    }
}

/// The lab table's columns; each cell carries its own as `data-label` for a narrow screen.
const XSS_COLUMNS: [&str; 6] = [
    "Kept in",
    "Signed in",
    "The script could read",
    "Sent to the attacker",
    "The attacker's replay, from elsewhere",
    "Works for",
];

/// The same sign-in kept six ways, an injected script, and the attacker's side.
#[component]
fn WhereToKeepIt(csp_off: bool, collector: Option<String>) -> impl IntoView {
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
        (
            "dpop",
            "DPoP-bound, in memory",
            "Access token in a closure, refresh token in sessionStorage, both bound to a key the page made non-extractable",
        ),
    ];
    view! {
        <section class="panel demo" data-testid="xss" id="xss-lab" data-lab="xss" data-collector=collector.clone().unwrap_or_default() data-csp=if csp_off { "off" } else { "strict" }>
            <h2>"Sign in six ways, then inject a script"</h2>
            <CspMode csp_off/>
            <NeedsScript/>
            {collector.is_none().then(|| view! { <p class="form-error">"The partner origin is turned off on this server (PARTNER_ADDR=off), so the attacker's collector is not running."</p> })}
            <p class="actions">
                <button type="button" class="primary" data-testid="xss-signin" data-lab-part="signin">"1. Sign in six ways"</button>
                " "
                <button type="button" class="danger" data-testid="xss-inject" data-lab-part="inject" disabled=true>"2. Run the injected script"</button>
                " "
                <button type="button" data-testid="xss-replay" data-lab-part="replay" disabled=true>"3. Replay from the attacker's side"</button>
                {(!csp_off).then(|| view! {
                    " "
                    <button type="button" data-testid="xss-inject-anyway" data-lab-part="inject-anyway" disabled=true>"2b. Suppose it got in anyway (a compromised script from this origin)"</button>
                })}
            </p>
            <p class="hint">
                "Step 2 is a simulated attack, confined to this lab page and run only by your click: the page inserts, as an attacker's stored comment would, "
                "an inline script that reads what it can, acts in your tab, and sends its loot to an \u{201c}attacker\u{201d} collector this shop serves on the partner origin (for this machine only). "
                "Every account in it is your own throwaway lab account."
            </p>
            <p data-testid="xss-status" data-lab-part="status" role="status" aria-live="polite"></p>
            <p data-testid="xss-csp-result" data-lab-part="csp-result" role="status" aria-live="polite"></p>
            <div class="table-scroll" tabindex="0">
                <table role="table" class="xss stack">
                    <caption>"What the injected script could do with each way of keeping the sign-in"</caption>
                    <thead role="rowgroup"><tr role="row">
                        {XSS_COLUMNS.map(|h| view! { <th scope="col" role="columnheader">{h}</th> }).collect_view()}
                    </tr></thead>
                    <tbody role="rowgroup">
                        {ways.into_iter().map(|(id, name, how)| view! {
                            <tr role="row" data-testid="xss-row" data-lab-part="row" data-store=id>
                                <th scope="row" role="rowheader">{name}<br/><span class="hint">{how}</span></th>
                                <td role="cell" data-testid="xss-signed-in" data-lab-part="signed-in" data-label=XSS_COLUMNS[1]>"—"</td>
                                <td role="cell" data-testid="xss-read" data-lab-part="read" data-label=XSS_COLUMNS[2]>"—"</td>
                                <td role="cell" data-testid="xss-sent" data-lab-part="sent" data-label=XSS_COLUMNS[3]>"—"</td>
                                <td role="cell" data-testid="xss-replayed" data-lab-part="replayed" data-label=XSS_COLUMNS[4]>"—"</td>
                                <td role="cell" data-testid="xss-lasts" data-lab-part="lasts" data-label=XSS_COLUMNS[5]>"—"</td>
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
