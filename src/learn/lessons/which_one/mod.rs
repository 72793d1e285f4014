//! "Which one, and where do I keep it?": by kind of client, the carrier and storage this shop
//! demonstrates for it, and the lesson that shows why.

use crate::learn::glossary::Term;
use leptos::prelude::*;

struct Case {
    id: &'static str,
    client: &'static str,
    carrier: &'static str,
    storage: &'static str,
    why: &'static str,
    lesson: (&'static str, &'static str),
}

const CASES: [Case; 6] = [
    Case {
        id: "server-rendered",
        client: "A server-rendered site (this shop's pages)",
        carrier: "A session cookie",
        storage: "HttpOnly, Secure, SameSite=Lax cookie holding a random id; the record on the server",
        why: "The browser attaches it by itself, no script can read it, and logout ends it on the next request. Add a CSRF check on every change (this shop checks Origin and Sec-Fetch-Site).",
        lesson: ("replay-after-logout", "Replay after logout"),
    },
    Case {
        id: "spa-same-site",
        client: "A single-page app on the same site as its API",
        carrier: "A session cookie, or a backend-for-frontend",
        storage: "HttpOnly cookie; if the app must call JWT APIs, the BFF keeps the tokens on the server",
        why: "Tokens in localStorage are one injected script away from working on the attacker's machine; an HttpOnly cookie is not, and the same site means no cross-site cookie rules get in the way.",
        lesson: ("where-to-keep-it", "Where the browser keeps it"),
    },
    Case {
        id: "spa-other-site",
        client: "A single-page app on another site (the partner)",
        carrier: "Bearer access tokens for the API, a Cart-Token for a guest cart",
        storage: "Access token in memory; refresh token in memory, or better behind the app's own BFF on its own site",
        why: "The shop's Lax cookie is not sent with another site's fetch, and third-party cookies are being phased out. A token the app adds itself works across origins with CORS for that exact origin.",
        lesson: ("guest-carts", "A guest cart under both carriers"),
    },
    Case {
        id: "native-app",
        client: "A mobile or desktop app",
        carrier: "Access and refresh tokens",
        storage: "The platform's secure store (Keychain, Keystore, the OS credential vault) for the refresh token; the access token in memory",
        why: "There is no cookie jar to lean on and no page to inject into; rotation means a copied refresh token is noticed the next time both are used.",
        lesson: ("steal-a-refresh-token", "Steal a refresh token"),
    },
    Case {
        id: "third-party-server",
        client: "A third-party server calling the API for a user",
        carrier: "Access and refresh tokens",
        storage: "In that server's own database, encrypted; never in a browser",
        why: "A server can keep a secret, and short access tokens with rotating refresh tokens limit what a leak is worth.",
        lesson: ("read-a-token", "Read a token"),
    },
    Case {
        id: "service-to-service",
        client: "Service to service, no user",
        carrier: "Short-lived JWTs each service verifies with the issuer's JWKS",
        storage: "Nothing long-lived: fetch a new token before the old expires; keys rotate by kid",
        why: "Each service verifies without calling the issuer, and a new key reaches everyone through the JWKS.",
        lesson: ("rotate-the-key", "Rotate the signing key"),
    },
];

pub fn body() -> AnyView {
    view! { <WhichOne/> }.into_any()
}

#[component]
fn WhichOne() -> impl IntoView {
    view! {
        <p>
            "Neither carrier wins everywhere. The question is who holds the credential, what can read it there, and who must be able to end it. "
            "For each kind of client: what this shop does for it, and the lesson that shows why."
        </p>
        <div class="table-scroll" tabindex="0">
            <table role="table" class="compare guide" data-testid="guide">
                <thead role="rowgroup"><tr role="row">
                    <th scope="col" role="columnheader">"Kind of client"</th>
                    <th scope="col" role="columnheader">"Carrier"</th>
                    <th scope="col" role="columnheader">"Where to keep it"</th>
                    <th scope="col" role="columnheader">"Why"</th>
                    <th scope="col" role="columnheader">"Shown in"</th>
                </tr></thead>
                <tbody role="rowgroup">
                    {CASES.iter().map(|c| view! {
                        <tr role="row" data-testid="guide-case" data-case=c.id>
                            <th scope="row" role="rowheader">{c.client}</th>
                            <td role="cell">{c.carrier}</td>
                            <td role="cell">{c.storage}</td>
                            <td role="cell">{c.why}</td>
                            <td role="cell"><a href=format!("/learn/{}", c.lesson.0)>{c.lesson.1}</a></td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <h2>"Where the refresh token goes"</h2>
        <p>
            "It is the credential worth stealing: it makes new access tokens. Keep it where scripts cannot read it — an HttpOnly cookie scoped to the refresh endpoint, "
            "a backend-for-frontend, or the platform's secure store — and rotate it on every use, so a copy is caught the next time both are used."
        </p>
        <h2>"When a plain session cookie is simply better"</h2>
        <p>
            "When the pages and the server are one site, a session cookie does everything a JWT would, with less: logout that ends it at once, nothing readable in the browser, "
            "no keys to rotate, and a lookup that costs microseconds (the "<a href="/learn/summary">"summary"</a>" measured it on this machine). "
            "Reach for JWTs when another origin, an app or a service must call you, and keep the "<Term id="samesite">"SameSite"</Term>" cookie for the pages."
        </p>
        <h2 id="guessing">"Guessing passwords, and who can be locked out"</h2>
        <p>
            "Either carrier starts with a password, and both share one throttle. A throttle that counts failures per account lets anyone lock the owner out by failing on purpose; "
            "one that counts per address locks out everyone behind a shared address. This shop counts like this (OWASP's device cookies):"
        </p>
        <ul data-testid="throttle-rules">
            <li>"A browser that signed in to an account before holds a "<Term id="device-cookie">"device cookie"</Term>" for it (an app gets the same as "<code>"device_token"</code>" and sends it back as "<code>"Device-Token"</code>"). Its failures on that account count against that device alone; nobody else's failures can stop it."</li>
            <li>"Any other client is counted per account and per address: 10 failures in 15 minutes on either, and it waits (429 with Retry-After) until the oldest leaves the window."</li>
            <li>"The demo accounts' passwords are published, so they are counted per address only: one visitor's typos never lock every other visitor out of alice."</li>
            <li>"Every sign-up costs a password hash, so sign-ups are counted per address (20 an hour); and when too many passwords wait to be checked, logins answer 503 with Retry-After at once instead of queueing."</li>
        </ul>
    }
}
