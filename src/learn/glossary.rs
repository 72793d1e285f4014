//! Every term the lessons use, explained once (`/learn/glossary`), and the link a lesson puts on
//! a term: hover or focus shows its meaning, a tap opens the glossary.

use leptos::prelude::*;
use leptos_meta::Title;

/// One term the lessons use, explained once; lessons link to `/learn/glossary#{id}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    pub id: &'static str,
    pub term: &'static str,
    pub means: &'static str,
}

const fn term(id: &'static str, term: &'static str, means: &'static str) -> Entry {
    Entry { id, term, means }
}

pub const GLOSSARY: [Entry; 25] = [
    term("session-cookie", "Session cookie", "A cookie holding only a random id. The server keeps the record the id names (who is signed in, the cart) and looks it up on every request."),
    term("jwt", "JWT", "JSON Web Token: three base64url parts, header.payload.signature. Anyone can read the first two; only the holder of the signing key can make a signature that verifies."),
    term("access-token", "Access token", "A short-lived JWT an app sends as Authorization: Bearer on each API call. The server checks its signature and claims, with no lookup."),
    term("refresh-token", "Refresh token", "A long-lived random string an app trades for a new access token (and a new refresh token). The server stores it, so it can be revoked."),
    term("bearer", "Bearer", "Whoever bears (holds) the token is treated as its owner: there is no proof of who sends it."),
    term("claims", "Claims", "The fields in a JWT's payload: who it is for, who issued it, when it expires."),
    term("sub", "sub", "Subject: the account the token speaks for (here, the account's id)."),
    term("iat", "iat", "Issued at: when the token was signed."),
    term("nbf", "nbf", "Not before: the token is refused until this time."),
    term("exp", "exp", "Expires: the token is refused after this time (here with 2 seconds of leeway for clocks that differ)."),
    term("jti", "jti", "JWT id: a random name for this one token, used to put it on the denylist."),
    term("kid", "kid", "Key id, in the header: which of the shop's keys signed the token, so a key can be replaced without logging anyone out."),
    term("alg", "alg", "Algorithm, in the header. This shop accepts only EdDSA; a token naming any other (none, HS256) is refused before its signature is looked at."),
    term("eddsa", "EdDSA", "A public-key signature (Ed25519): the private key signs, the public key only verifies, so publishing it lets anyone check a token but nobody forge one."),
    term("jwks", "JWKS", "JSON Web Key Set: the public keys a server publishes (here at /.well-known/jwks.json) so others can verify its tokens."),
    term("denylist", "Denylist", "The jti of access tokens revoked before their exp. Each instance keeps a copy in memory and checks it on every request (revoke-now)."),
    term("refresh-family", "Refresh family", "All the refresh tokens descended from one login. Replaying a spent one revokes the whole family."),
    term("rotation", "Rotation", "Replacing something on a schedule or on use: a refresh token on every use; a signing key by adding a new one while the old keeps verifying."),
    term("device-cookie", "Device cookie", "A long-lived HttpOnly cookie a browser gets when it signs in. Failed logins that carry it count against that browser alone, so other people's failures cannot lock its owner out."),
    term("httponly", "HttpOnly", "A cookie attribute: the browser sends the cookie but never shows it to the page's scripts (document.cookie)."),
    term("samesite", "SameSite", "A cookie attribute: Lax (this shop) sends the cookie on another site's links, but not on its form POSTs or fetches; None sends it everywhere (and requires Secure)."),
    term("csrf", "CSRF", "Cross-site request forgery: another site makes the browser send a request to this one, and the browser adds this site's cookies by itself."),
    term("xss", "XSS", "Cross-site scripting: a script the attacker got into this site's page runs with the page's powers: it reads what the page can read and sends what the page can send."),
    term("csp", "CSP", "Content-Security-Policy: a response header telling the browser which scripts may run and where the page may connect. A strict one refuses injected inline scripts."),
    term("sec-fetch-site", "Sec-Fetch-Site", "A header the browser adds saying whether a request came from the same origin, the same site, another site, or none (typed in)."),
];

/// A term of the glossary, linked: hover (or focus) shows its meaning, a tap opens the glossary.
#[component]
pub fn Term(id: &'static str, children: Children) -> impl IntoView {
    let means = GLOSSARY
        .iter()
        .find(|t| t.id == id)
        .map(|t| t.means)
        .unwrap_or_default();
    view! { <a class="term" href=format!("/learn/glossary#{id}") title=means>{children()}</a> }
}

#[component]
pub fn Glossary() -> impl IntoView {
    view! {
        <Title text="Glossary · Learn"/>
        <p class="breadcrumb"><a href="/learn">"Learn"</a>" · glossary"</p>
        <h1>"Glossary"</h1>
        <dl class="glossary" data-testid="glossary">
            {GLOSSARY.iter().map(|t| view! {
                <dt id=t.id>{t.term}</dt>
                <dd>{t.means}</dd>
            }).collect_view()}
        </dl>
        <p><a href="/learn">"Back to the path"</a></p>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glossary_ids_are_unique() {
        let mut ids: Vec<_> = GLOSSARY.iter().map(|t| t.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), GLOSSARY.len());
    }
}
