//! A JWT is three readable parts: the lesson takes your own token apart with no key.

use crate::learn::glossary::Term;
use crate::learn::kit::{ModuleScript, NeedsScript};
use leptos::prelude::*;

pub fn body() -> AnyView {
    view! { <ReadToken/> }.into_any()
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
        <ModuleScript src="learn/lessons/read_a_token/anatomy.js"/>
    }
}

/// A token's anatomy, jwt.io-style, decoded in the page with no key.
#[component]
fn TokenAnatomy() -> impl IntoView {
    view! {
        <section class="panel demo" data-testid="anatomy" id="anatomy" data-lab="anatomy">
            <h2>"Your access token, taken apart"</h2>
            <NeedsScript/>
            <button type="button" class="primary" data-testid="anatomy-get" data-lab-part="get">"Sign in by the API and show my token"</button>
            <p class="token-raw" data-testid="anatomy-raw" aria-label="The token as it travels">
                <span class="tok-h" data-testid="anatomy-raw-header" data-lab-part="raw-header"></span>
                <span class="tok-dot">"."</span>
                <span class="tok-p" data-testid="anatomy-raw-payload" data-lab-part="raw-payload"></span>
                <span class="tok-dot">"."</span>
                <span class="tok-s" data-testid="anatomy-raw-signature" data-lab-part="raw-signature"></span>
            </p>
            <div class="anatomy-parts">
                <div class="tok-part tok-h">
                    <h3>"Header"</h3>
                    <pre data-testid="anatomy-header" data-lab-part="header">"—"</pre>
                </div>
                <div class="tok-part tok-p">
                    <h3>"Payload (the claims)"</h3>
                    <pre data-testid="anatomy-payload" data-lab-part="payload">"—"</pre>
                </div>
                <div class="tok-part tok-s">
                    <h3>"Signature"</h3>
                    <p>"64 bytes of Ed25519 over the first two parts. It proves who signed them; it hides nothing."</p>
                </div>
            </div>
            <dl class="facts" data-testid="anatomy-times" data-lab-part="times"></dl>
            <p class="hint">
                "This page decoded the token with the browser's atob() and no key at all: base64url is an encoding, not encryption. "
                "Anything in a JWT's payload is readable by whoever holds the token. This one carries your lab account's email: personal data "
                "that every holder of the token — a log line, a proxy, a script that stole it — can read until it expires. "
                "The shop puts it there so that GET /api/v1/me can answer who is signed in from the token alone, with no database lookup; "
                "that lookup saved is the whole benefit, and the email travelling with every call is its price. "
                "A shop that must not spread it leaves it out and pays the lookup. No secret (a password, a card number) ever goes into a token."
            </p>
            <form class="inline-form" data-testid="anatomy-quiz" data-lab-part="quiz">
                <label for="anatomy-answer">"Your lab account's id, read from the token's sub claim"</label>
                <input id="anatomy-answer" data-testid="anatomy-answer" data-lab-part="answer" inputmode="numeric" autocomplete="off" aria-describedby="anatomy-result"/>
                <button type="submit" data-testid="anatomy-check">"Check with the shop"</button>
            </form>
            <p data-testid="anatomy-result" data-lab-part="result" id="anatomy-result" role="status" aria-live="polite"></p>
        </section>
    }
}
