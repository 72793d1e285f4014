//! What each lesson says and which lab it runs. The order and goals are `domain::LESSONS`; the
//! labs are `components::learn_demos` and `learn_labs`, driven by `public/js`.

use super::{guide::WhichOne, summary, Term};
use crate::components::{
    learn_demos::{CartMerge, KeyRotation, LogoutRace, RefreshTheft, RequestInspector},
    learn_labs::{CookieElsewhere, ForgeRequest, Tamper, TokenAnatomy, WhereToKeepIt},
};
use crate::server_fns::api_docs::get_playground_info;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

pub fn body(slug: &str) -> AnyView {
    match slug {
        "two-carriers" => view! { <TwoCarriers/> }.into_any(),
        "read-a-token" => view! { <ReadToken/> }.into_any(),
        "tamper" => view! { <TamperLesson/> }.into_any(),
        "where-to-keep-it" => view! { <WhereLesson/> }.into_any(),
        "forge-a-request" => view! { <ForgeLesson/> }.into_any(),
        "cookie-on-another-site" => view! { <ElsewhereLesson/> }.into_any(),
        "replay-after-logout" => view! { <ReplayLesson/> }.into_any(),
        "steal-a-refresh-token" => view! { <TheftLesson/> }.into_any(),
        "rotate-the-key" => view! { <RotateLesson/> }.into_any(),
        "guest-carts" => view! { <CartsLesson/> }.into_any(),
        "which-one" => view! { <WhichOne/> }.into_any(),
        _ => view! { <summary::Summary/> }.into_any(),
    }
}

#[component]
fn TwoCarriers() -> impl IntoView {
    view! {
        <p>
            "A request has to say who sent it. The pages of this shop say it with a "<Term id="session-cookie">"session cookie"</Term>
            ": at login the server makes a record, and the browser gets a cookie holding only the record's random id. The browser sends that cookie with every request to this site, by itself, "
            "and the server looks the record up each time."
        </p>
        <p>
            "The JSON API says it with an "<Term id="access-token">"access token"</Term>", a "<Term id="jwt">"JWT"</Term>
            ": a signed note that names the account and an expiry. The app adds it to each call as Authorization: "<Term id="bearer">"Bearer"</Term>
            "; the server checks the signature and needs no lookup. When it expires, the app trades its "<Term id="refresh-token">"refresh token"</Term>" for a new one."
        </p>
        <summary::Diagrams which=&["cookie-login", "jwt-login-refresh"]/>
        <summary::LiveTimers/>
        <RequestInspector/>
    }
}

#[component]
fn ReadToken() -> impl IntoView {
    view! {
        <p>
            "A JWT is three base64url parts joined by dots: a header (which algorithm, "<Term id="alg">"alg"</Term>", and which key, "<Term id="kid">"kid"</Term>
            "), a payload of "<Term id="claims">"claims"</Term>" ("<Term id="sub">"sub"</Term>", "<Term id="iat">"iat"</Term>", "<Term id="nbf">"nbf"</Term>", "
            <Term id="exp">"exp"</Term>", "<Term id="jti">"jti"</Term>"…), and a signature over the first two. Sign in with your lab account and take yours apart."
        </p>
        <TokenAnatomy/>
        <p class="hint">"For more calls by hand (refresh, logout, introspection) use the "<a href="/playground">"API playground"</a>"."</p>
    }
}

#[component]
fn TamperLesson() -> impl IntoView {
    view! {
        <p>
            "Anyone can read a token, so can anyone change one? Edit the header or the payload, or pick an attack, and send it. "
            "The shop signs with "<Term id="eddsa">"EdDSA"</Term>": a private key signs, and the public key it publishes in its "
            <Term id="jwks">"JWKS"</Term>" can only verify. It accepts exactly one algorithm and only the kinds of token each endpoint expects."
        </p>
        <Tamper/>
    }
}

#[component]
fn WhereLesson() -> impl IntoView {
    let csp_off = use_query_map().read_untracked().get("csp").as_deref() == Some("off");
    let info = Resource::new(|| (), |_| get_playground_info());
    view! {
        <p>
            "Where should the browser keep its credential? The question is what a script that gets into the page ("<Term id="xss">"XSS"</Term>
            ") can do with each choice: read it and take it elsewhere, or only act with it while your tab is open. "
            "Here one lab account signs in five ways; then an injected script tries each."
        </p>
        <Suspense fallback=|| view! { <p>"Loading the lab…"</p> }>
            {move || Suspend::new(async move {
                let collector = info.await.ok().and_then(|i| i.partner_origin);
                view! { <WhereToKeepIt csp_off collector/> }
            })}
        </Suspense>
        <h2>"What this shows"</h2>
        <ul>
            <li>"Tokens in localStorage or sessionStorage are read in one line and work from the attacker's machine until their exp; a stolen refresh token keeps the attacker signed in until the sign-in is revoked."</li>
            <li>"A token in a JavaScript variable cannot be read by name, but the script can wrap fetch and catch it on the app's next call."</li>
            <li>"An "<Term id="httponly">"HttpOnly"</Term>" cookie, alone or in front of a backend-for-frontend, cannot be read at all. The script can still act as you — but only from inside your open tab, and only while it is open."</li>
            <li>"A strict "<Term id="csp">"CSP"</Term>" is what stops the injection itself: the browser refuses an inline script without this response's nonce, and connect-src keeps a script that got in some other way from sending to another origin."</li>
        </ul>
    }
}

#[component]
fn ForgeLesson() -> impl IntoView {
    let info = Resource::new(|| (), |_| get_playground_info());
    view! {
        <p>
            "XSS runs inside your page; "<Term id="csrf">"CSRF"</Term>" is another site's page making your browser send a request to this one — and the browser adds this site's cookies by itself. "
            "Three layers stand in the way, and this lab takes them one at a time: "<Term id="samesite">"SameSite"</Term>" (the browser keeps a Lax cookie off another site's POST, but not off the same site on another port), "
            "the shop's check of where a change comes from ("<Term id="sec-fetch-site">"Sec-Fetch-Site"</Term>" and Origin), and the bearer API, where there is nothing to forge."
        </p>
        <p class="hint">"For the attack to succeed at all, the lab has a target of its own that checks only the cookie. It can change nothing but your throwaway lab account's cart; every real action in the shop is behind the check."</p>
        <Suspense fallback=|| view! { <p>"Loading the lab…"</p> }>
            {move || Suspend::new(async move {
                let partner = info.await.ok().and_then(|i| i.partner_origin);
                view! { <ForgeRequest partner/> }
            })}
        </Suspense>
    }
}

#[component]
fn ElsewhereLesson() -> impl IntoView {
    let info = Resource::new(|| (), |_| get_playground_info());
    view! {
        <p>
            "“Session cookies only work on one domain” is half true. A cookie can travel with another site's request, but only if three parties agree: "
            "the cookie says "<code>"SameSite=None; Secure"</code>", the server answers CORS for that exact origin with "<code>"Access-Control-Allow-Credentials: true"</code>
            ", and the page asks with "<code>"credentials: \"include\""</code>" — and then the browser's own third-party cookie rules still have the last word: a browser that blocks them still keeps a "
            <code>"Partitioned"</code>" cookie, but only for that one partner site. "
            "Here the partner site tries, for real, and the shop records what arrived."
        </p>
        <Suspense fallback=|| view! { <p>"Loading the lab…"</p> }>
            {move || Suspend::new(async move {
                let partner = info.await.ok().and_then(|i| i.partner_origin);
                view! { <CookieElsewhere partner/> }
            })}
        </Suspense>
        <p class="hint">"This shop's own session cookie is SameSite=Lax, on purpose: the partner site uses bearer tokens instead ("<a href="/learn/which-one">"which one, and where"</a>")."</p>
    }
}

#[component]
fn ReplayLesson() -> impl IntoView {
    view! {
        <p>
            "Logging out of the pages deletes the session record, so a copied cookie is worth nothing on the next request. Logging out of the API revokes the "
            <Term id="refresh-family">"refresh family"</Term>", but an access token is checked by its signature alone: a copy keeps working until its exp — unless the shop also puts it on the "
            <Term id="denylist">"denylist"</Term>" (revoke-now). Try it both ways."
        </p>
        <LogoutRace/>
    }
}

#[component]
fn TheftLesson() -> impl IntoView {
    view! {
        <p>
            "A stolen refresh token is worth more than an access token: it makes new ones. This shop "<Term id="rotation">"rotates"</Term>
            " refresh tokens: each works once. Whoever uses a stolen one first gets new tokens; when the other comes back with the spent one, the shop sees a replay and revokes the whole sign-in for both."
        </p>
        <RefreshTheft/>
    }
}

#[component]
fn RotateLesson() -> impl IntoView {
    view! {
        <p>
            "A signing key should not live forever. Each token names its key in the header's "<Term id="kid">"kid"</Term>", so the shop can add a key, sign with it from then on, and keep the old one verifying until the last token it signed has expired: nobody is logged out."
        </p>
        <KeyRotation/>
    }
}

#[component]
fn CartsLesson() -> impl IntoView {
    view! {
        <p>
            "A guest has no account, so something must carry the cart: the session cookie for the pages, a Cart-Token (a signed JWT naming the cart) for the API. At login both merge into the account's cart by one rule. The "
            <a href="/playground#partner">"partner site"</a>" (linked from the playground) does the same from another origin."
        </p>
        <CartMerge/>
    }
}
