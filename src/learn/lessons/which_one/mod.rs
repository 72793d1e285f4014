//! "Which one, and where do I keep it?": by kind of client, the carrier and storage this shop
//! demonstrates for it, and the lesson that shows why.

use crate::learn::glossary::Term;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

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
        carrier: "A session cookie, or a backend-for-frontend (BFF)",
        storage: "HttpOnly cookie; if the app must call JWT APIs, the BFF keeps the tokens on the server",
        why: "Tokens in localStorage are one injected script away from working on the attacker's machine; an HttpOnly cookie is not, and the same site means no cross-site cookie rules get in the way.",
        lesson: ("where-to-keep-it", "Where the browser keeps it"),
    },
    Case {
        id: "spa-other-site",
        client: "A single-page app on another site (the partner)",
        carrier: "Scoped tokens from the authorization code flow with PKCE, bound to the app's key by DPoP; a Cart-Token for a guest cart",
        storage: "Access and refresh tokens in memory, bound to a WebCrypto key the page cannot export (DPoP); or behind the app's own BFF on its own site",
        why: "The user signs in on the shop's own site and allows the app some scopes; the app never sees the password (the password grant is retired: RFC 9700, OAuth 2.1) and its token can do only what was allowed. The shop's Lax cookie is not sent with another site's fetch, and a cookie that asks to be (SameSite=None) is at the mercy of each browser's third-party cookie rules (below); a token the app adds itself works across origins with CORS for that exact origin, in every browser.",
        lesson: ("let-another-site-in", "Let another site in without your password"),
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
        carrier: "Scoped access and refresh tokens from the authorization code flow (PKCE too), as a confidential client, bound to its key (DPoP or mutual TLS)",
        storage: "In that server's own database, encrypted; never in a browser",
        why: "The user allows it on the shop's own consent page, never by giving it a password; a server can keep a client secret, and short, scoped access tokens with rotating refresh tokens limit what a leak is worth. (This shop registers only the partner, a public client; a server would be registered with a secret.)",
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

/// The column headers, which also label each cell when a narrow screen stacks the table.
const COLUMNS: [&str; 5] = [
    "Kind of client",
    "Carrier",
    "Where to keep it",
    "Why",
    "Shown in",
];

#[component]
fn WhichOne() -> impl IntoView {
    let picked = use_query_map()
        .read_untracked()
        .get("client")
        .and_then(|id| CASES.iter().find(|c| c.id == id));
    view! {
        <p>
            "Neither carrier wins everywhere. The question is who holds the credential, what can read it there, and who must be able to end it. "
            "Pick your kind of client for the answer; the table after it has every kind."
        </p>
        <Pick picked/>
        <GuideTable picked/>
        <h2 id="third-party">"Cookies on another site, browser by browser"</h2>
        <p>
            "Whether a "<code>"SameSite=None; Secure"</code>" cookie goes with another site's request is the browser's decision, and they differ. "
            "As of late 2025, when this was last checked: "
            "Chrome keeps third-party cookies by default (Google dropped its plan to phase them out in 2024 and 2025), and blocks them in Incognito or when the user turns that on; "
            "Safari blocks every third-party cookie (Intelligent Tracking Prevention, since 2020); "
            "Firefox keeps them but partitions each by the top-level site that set it (Total Cookie Protection, the default since 2022), so a partner sees its own copy and never the shop's. "
            "A "<Term id="partitioned">"Partitioned"</Term>" cookie travels in all three, but only back to the site it was set under. "
            "What your own browser does is what "<a href="/learn/cookie-on-another-site">"lesson 6"</a>" measures; a token the app sends itself does not depend on any of it."
        </p>
        <h2>"Where the refresh token goes"</h2>
        <p>
            "It is the credential worth stealing: it makes new access tokens. Keep it where scripts cannot read it — an HttpOnly cookie scoped to the refresh endpoint, "
            "a backend-for-frontend, or the platform's secure store — and rotate it on every use, so a copy is caught the next time both are used."
        </p>
        <h2 id="dpop">"Binding a token to a key (DPoP)"</h2>
        <p>
            "A "<Term id="bearer">"bearer"</Term>" token works for whoever holds it, from anywhere, until it expires. A "<Term id="sender-constrained">"sender-constrained"</Term>" token does not: "
            "with DPoP (RFC 9449) the client makes a key pair, sends a "<Term id="dpop-proof">"proof"</Term>" signed by it with the token request, and the shop binds the tokens to the key's "<Term id="thumbprint">"thumbprint"</Term>
            " (the access token's "<Term id="cnf">"cnf"</Term>" claim, the refresh token's sign-in). Every later call carries a fresh proof for that one method and URL, which only the key can sign; the shop may also ask for its "<Term id="dpop-nonce">"nonce"</Term>" in each proof. "
            "A copy of the token, sent from elsewhere as a bearer token or with a proof of another key, is refused (401). This shop's partner and playground bind their tokens to a WebCrypto key made non-extractable."
        </p>
        <p>
            "What it does not stop: a script injected into the app's own page can still ask that key to sign, and call the API as you, inside your tab, for as long as the tab is open — the same session riding an HttpOnly cookie allows. "
            "Binding stops theft; only keeping scripts out (a strict CSP) stops riding. "<a href="/learn/where-to-keep-it">"Lesson 4"</a>" shows both."
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
            <li>"Every sign-up costs an "<Term id="argon2id">"argon2id"</Term>" hash, so sign-ups are counted per address (20 an hour), and the Learn labs' throwaway accounts apart from them (200 an hour, enough for a classroom behind one address: one per browser, shared by its tabs); and when too many passwords wait to be checked, logins answer 503 with Retry-After at once instead of queueing."</li>
        </ul>
    }
}

/// The picker, a plain GET form (the answer is a page of its own, with or without JavaScript),
/// and the answer for the kind of client picked.
#[component]
fn Pick(picked: Option<&'static Case>) -> impl IntoView {
    view! {
        <form method="get" action="/learn/which-one" class="inline-form pick" data-testid="guide-pick">
            <label>"Your kind of client"
                <select name="client">
                    {CASES.iter().map(|c| view! {
                        <option value=c.id selected=picked.is_some_and(|p| p.id == c.id)>{c.client}</option>
                    }).collect_view()}
                </select>
            </label>
            <button type="submit">"Show my answer"</button>
        </form>
        {picked.map(|c| view! {
            <section class="panel answer" data-testid="guide-answer" aria-labelledby="answer-h">
                <h2 id="answer-h">{format!("For {}", c.client.to_lowercase())}</h2>
                <dl class="facts">
                    <dt>"Carry it as"</dt><dd>{c.carrier}</dd>
                    <dt>"Keep it"</dt><dd>{c.storage}</dd>
                    <dt>"Because"</dt><dd>{c.why}</dd>
                    <dt>"See it happen"</dt><dd><a href=format!("/learn/{}", c.lesson.0)>{c.lesson.1}</a></dd>
                </dl>
            </section>
        })}
    }
}

/// Every kind of client, the one picked marked as current.
#[component]
fn GuideTable(picked: Option<&'static Case>) -> impl IntoView {
    view! {
        <div class="table-scroll" tabindex="0">
            <table role="table" class="compare stack guide" data-testid="guide">
                <thead role="rowgroup"><tr role="row">
                    {COLUMNS.map(|h| view! { <th scope="col" role="columnheader">{h}</th> }).collect_view()}
                </tr></thead>
                <tbody role="rowgroup">
                    {CASES.iter().map(|c| view! {
                        <tr role="row" data-testid="guide-case" data-case=c.id
                            aria-current=picked.is_some_and(|p| p.id == c.id).then_some("true")>
                            <th scope="row" role="rowheader">{c.client}</th>
                            <td role="cell" data-label=COLUMNS[1]>{c.carrier}</td>
                            <td role="cell" data-label=COLUMNS[2]>{c.storage}</td>
                            <td role="cell" data-label=COLUMNS[3]>{c.why}</td>
                            <td role="cell" data-label=COLUMNS[4]><a href=format!("/learn/{}", c.lesson.0)>{c.lesson.1}</a></td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
