//! Rotating the key that signs every token without logging anyone out.

#[cfg(feature = "ssr")]
pub mod server;

use crate::learn::glossary::Term;
use crate::learn::kit::{ModuleScript, NeedsScript};
use leptos::prelude::*;

pub fn body() -> AnyView {
    view! { <RotateLesson/> }.into_any()
}

#[component]
fn RotateLesson() -> impl IntoView {
    view! {
        <p>
            "A signing key should not live forever. Each token names its key in the header's "<Term id="kid">"kid"</Term>", so the shop can add a key, sign with it from then on, and keep the old one verifying until the last token it signed has expired: nobody is logged out."
        </p>
        <KeyRotation/>
        <ModuleScript src="learn/lessons/rotate_the_key/rotation.js"/>
    }
}

/// A new signing key: old tokens keep verifying by `kid`, new ones use the new key.
#[component]
fn KeyRotation() -> impl IntoView {
    view! {
        <section id="key-rotation" class="panel demo" data-testid="rotation-demo" data-lab="rotation">
            <h2>"Rotating the signing key"</h2>
            <p>
                "Every token names the key that signed it in its header's kid. The JWKS at /.well-known/jwks.json "
                "publishes the public keys. A rotation adds a key that signs from then on and keeps the old one "
                "verifying until the last token it signed expires, so nobody is logged out. "
                "This shop's session cookie is an opaque random id with no signature, so it has no key to rotate: it is checked against the database. "
                "Many frameworks sign their session cookies instead (a cookie secret); they then have a key to rotate too, and the same kid-and-overlap rule applies."
            </p>
            <NeedsScript/>
            <p class="hint">"A rotation changes the key for the whole shop, so the lab rotates at most once every 10 s for everyone; if someone just did, the shop says when to try again (429 with Retry-After)."</p>
            <button type="button" class="primary" data-testid="rotation-run" data-lab-part="run">"Get a token, rotate, get another"</button>
            <ol class="steps" data-testid="rotation-steps" data-lab-part="steps" aria-live="polite"></ol>
        </section>
    }
}
