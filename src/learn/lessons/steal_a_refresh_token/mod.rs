//! A stolen refresh token, and what rotation with reuse detection does about it.

use crate::learn::glossary::Term;
use crate::learn::kit::{ModuleScript, NeedsScript};
use leptos::prelude::*;

pub fn body() -> AnyView {
    view! { <TheftLesson/> }.into_any()
}

#[component]
fn TheftLesson() -> impl IntoView {
    view! {
        <p>
            "A stolen refresh token is worth more than an access token: it makes new ones. This shop "<Term id="rotation">"rotates"</Term>
            " refresh tokens: each works once. Whoever uses a stolen one first gets new tokens; when the other comes back with the spent one, the shop sees a replay and revokes the whole sign-in for both."
        </p>
        <RefreshTheft/>
        <ModuleScript src="learn/lessons/steal_a_refresh_token/theft.js"/>
    }
}

/// A stolen refresh token, replayed, in either order: the whole sign-in is revoked when a spent
/// token comes back, the thief's new tokens included.
#[component]
fn RefreshTheft() -> impl IntoView {
    view! {
        <section id="refresh-theft" class="panel demo" data-testid="theft-demo" data-lab="theft">
            <h2>"Refresh rotation, and a thief"</h2>
            <p>
                "A refresh token is used once: each refresh returns a new one and spends the old. "
                "So if a spent token ever comes back, either the client or a thief is replaying it, and the shop cannot tell which. "
                "It revokes the whole sign-in (the refresh family), and both must log in again. "
                "A refresh token bound to the client's key by DPoP ("<Term id="sender-constrained">"sender-constrained"</Term>") is refreshed only with a proof of that key: a copy alone is worth nothing to the thief."
            </p>
            <NeedsScript/>
            <p class="actions">
                <button type="button" class="primary" data-testid="theft-run-thief-first" data-lab-part="run-thief-first">"The thief refreshes first"</button>
                " "
                <button type="button" data-testid="theft-run" data-lab-part="run">"The client refreshes first"</button>
                " "
                <button type="button" data-testid="theft-run-bound" data-lab-part="run-bound">"The thief steals a DPoP-bound one"</button>
            </p>
            <ol class="steps" data-testid="theft-steps" data-lab-part="steps" aria-live="polite"></ol>
        </section>
    }
}
