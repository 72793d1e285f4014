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

pub const GLOSSARY: [Entry; 41] = [
    term("session-cookie", "Session cookie", "A cookie holding only a random id. The server keeps the record the id names (who is signed in, the cart) and looks it up on every request. This shop's id is 128 random bits with no signature: nothing in it to read, forge or sign."),
    term("jwt", "JWT", "JSON Web Token: three base64url parts, header.payload.signature. Anyone can read the first two; only the holder of the signing key can make a signature that verifies."),
    term("access-token", "Access token", "A short-lived JWT an app sends as Authorization: Bearer on each API call. The server checks its signature and claims, with no lookup."),
    term("refresh-token", "Refresh token", "A long-lived random string an app trades for a new access token (and a new refresh token). The server stores it, so it can be revoked."),
    term("bearer", "Bearer", "Whoever bears (holds) the token is treated as its owner: a bearer token carries no proof of who sends it, so a copy works as well as the original. Sender-constrained tokens (DPoP, RFC 9449) bind a token to a key its client holds, and a copy without the key is refused."),
    term("cart-token", "Cart-Token", "This shop's token for a guest's cart on the API: a signed JWT naming the cart, answered in a response header on the first add and sent back on every cart call. It says which cart, not who you are."),
    term("claims", "Claims", "The fields in a JWT's payload: who it is for, who issued it, when it expires."),
    term("sub", "sub", "Subject: the account the token speaks for (here, the account's id)."),
    term("iat", "iat", "Issued at: when the token was signed."),
    term("nbf", "nbf", "Not before: the token is refused until this time."),
    term("exp", "exp", "Expires: the token is refused after this time (here with 2 seconds of leeway for clocks that differ)."),
    term("jti", "jti", "JWT id: a random name for this one token, used to put it on the denylist."),
    term("kid", "kid", "Key id, in the header: which of the shop's keys signed the token, so a key can be replaced without logging anyone out."),
    term("alg", "alg", "Algorithm, in the header. This shop signs with alg EdDSA and accepts nothing else; a token naming any other (none, HS256) is refused before its signature is looked at. RFC 9864 (2025) names the same Ed25519 signature \"Ed25519\" and deprecates the wider \"EdDSA\"; the lesson on tampering says why this shop still writes EdDSA."),
    term("eddsa", "EdDSA", "A public-key signature; this shop's keys are Ed25519. The private key signs, the public key only verifies, so publishing it lets anyone check a token but nobody forge one."),
    term("jwks", "JWKS", "JSON Web Key Set: the public keys a server publishes (here at /.well-known/jwks.json) so others can verify its tokens."),
    term("denylist", "Denylist", "The jti of access tokens revoked before their exp. Each instance keeps a copy in memory and checks it on every request (revoke-now)."),
    term("refresh-family", "Refresh family", "All the refresh tokens descended from one login. Replaying a spent one revokes the whole family."),
    term("rotation", "Rotation", "Replacing something on a schedule or on use: a refresh token on every use; a signing key by adding a new one while the old keeps verifying."),
    term("argon2id", "argon2id", "The password hash this shop stores instead of a password: slow and memory-hungry on purpose (19 MiB and tens of milliseconds a try), so a stolen table of hashes is expensive to guess through. Every sign-up and every login pays for one."),
    term("device-cookie", "Device cookie", "A long-lived HttpOnly cookie a browser gets when it signs in. Failed logins that carry it count against that browser alone, so other people's failures cannot lock its owner out."),
    term("httponly", "HttpOnly", "A cookie attribute: the browser sends the cookie but never shows it to the page's scripts (document.cookie)."),
    term("samesite", "SameSite", "A cookie attribute. Lax (this shop) sends the cookie on another site's links, but not on its form POSTs or fetches; Strict never with another site's requests; None asks to be sent with them too, and a browser keeps a None cookie only with Secure, and sends it to another site only where its third-party cookie rules allow (lesson 6 measures yours)."),
    term("partitioned", "Partitioned", "A cookie attribute (CHIPS): the browser keeps the cookie apart for each top-level site it was set under, so an embedded or cross-site request gets it back only on that same site. What browsers that block third-party cookies still allow."),
    term("site-origin", "Site and origin", "An origin is scheme, host and port (http://localhost:3000). A site is the scheme and the registrable domain, without the port: http://localhost:3000 and http://localhost:3001 are two origins of one site, while http://127.0.0.1:3001 is another site. Cookies and SameSite go by site; CORS and the browser's same-origin policy go by origin."),
    term("cors", "CORS", "Cross-Origin Resource Sharing: headers with which a server lets pages from named other origins read its answers (Access-Control-Allow-Origin, and Allow-Credentials for cookies). It never stops a request from being sent; it decides whether the page may read the answer."),
    term("csrf", "CSRF", "Cross-site request forgery: another site makes the browser send a request to this one, and the browser adds this site's cookies by itself."),
    term("xss", "XSS", "Cross-site scripting: a script the attacker got into this site's page runs with the page's powers: it reads what the page can read and sends what the page can send."),
    term("csp", "CSP", "Content-Security-Policy: a response header telling the browser which scripts may run and which addresses the page's scripts may fetch from. A strict one refuses injected inline scripts; it does not stop a script that got in from navigating a window elsewhere."),
    term("bff", "BFF", "Backend-for-frontend: a server on the app's own site that signs in for it and keeps the tokens, while the browser holds only an HttpOnly session cookie for that server."),
    term("client", "Client", "In OAuth, a site or app that asks the shop for access to a user's account. It is registered with the shop: an id, and the exact redirect URIs the shop may send a code to. A page in a browser is a public client: it cannot keep a secret, so it proves itself with PKCE and its registered address instead."),
    term("authorization-code", "Authorization code", "A one-time, short-lived value (here 60 seconds) the shop puts in the browser's address on its way back to the client, after the user allowed it. Alone it is worth nothing: only the client that holds the PKCE verifier can trade it for tokens, and a code presented twice revokes what it issued."),
    term("pkce", "PKCE", "Proof Key for Code Exchange (RFC 7636): before leaving, the client makes a secret verifier and sends only its SHA-256 (the challenge) with the request; to trade the code it must show the verifier. Someone who saw the code in the address never saw the verifier."),
    term("scope", "Scope", "What a token may do, named in the token and checked by the API: here profile, cart and orders. A token without the scope an operation needs gets 403 insufficient_scope, whoever holds it."),
    term("consent", "Consent", "The shop's own page, on its own site, where the signed-in user sees which site asks for which scopes and allows or refuses. A site that asks for the password on its own page skips this, and gets everything."),
    term("sender-constrained", "Sender-constrained token", "A token the server accepts only from the client it was issued to, because each use must come with proof of a key that client holds (DPoP, RFC 9449; or a TLS client certificate, RFC 8705). A stolen copy is useless without the key."),
    term("dpop-proof", "DPoP proof", "A short JWT (typ dpop+jwt) the client signs with its own key for one request: the method (htm), the URL (htu), the time (iat), a random jti the server accepts once, and beside an access token its hash (ath). The public key rides in its header."),
    term("thumbprint", "Thumbprint", "A hash of a public key's required members in a fixed order (RFC 7638), base64url: a short, stable name for the key. A DPoP-bound token names its key by it."),
    term("cnf", "cnf", "Confirmation (RFC 7800): the claim of a bound token naming the key its holder must prove, here as jkt, the key's thumbprint. With it, the token alone is not enough."),
    term("dpop-nonce", "DPoP nonce", "A value the server hands out in a DPoP-Nonce header and asks every proof to carry (RFC 9449 §8), so a proof cannot be made ahead of time. This shop derives its nonces from a secret all its instances share and the current five minutes."),
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
