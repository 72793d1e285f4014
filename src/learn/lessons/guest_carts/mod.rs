//! A guest cart under both carriers, and the one rule that merges them at login.

#[cfg(feature = "ssr")]
pub mod server;

use crate::learn::glossary::Term;
use crate::learn::kit::{ModuleScript, NeedsScript};
use leptos::prelude::*;

pub fn body() -> AnyView {
    view! { <CartsLesson/> }.into_any()
}

#[component]
fn CartsLesson() -> impl IntoView {
    view! {
        <p>
            "A guest has no account, so something must carry the cart: the session cookie for the pages, a "<Term id="cart-token">"Cart-Token"</Term>" (a signed JWT naming the cart) for the API. At login both merge into the account's cart by one rule. The "
            <a href="/playground#partner">"partner site"</a>" (linked from the playground) does the same from another origin."
        </p>
        <CartMerge/>
        <ModuleScript src="learn/lessons/guest_carts/merge.js"/>
    }
}

/// One guest cart carried by a cookie, one by a Cart-Token, and both merged at login.
#[component]
fn CartMerge() -> impl IntoView {
    view! {
        <section id="cart-merge" class="panel demo" data-testid="merge-demo" data-lab="merge">
            <h2>"A guest cart under both carriers"</h2>
            <p>
                "A guest has no account, so something must carry the cart. The pages use the session cookie "
                "(the session record holds the cart's id); the API uses a Cart-Token (a signed JWT naming the cart). "
                "This demo fills a cart both ways for a brand-new account. Before it logs in, you predict what the account's cart will hold; "
                "then it logs in both ways and shows your prediction beside the merge rule's answer and the real cart."
            </p>
            <NeedsScript/>
            <button type="button" class="primary" data-testid="merge-build" data-lab-part="build">"1. Fill both guest carts"</button>
            " "
            <button type="button" class="primary" data-testid="merge-login" data-lab-part="login" disabled=true>"2. Log in both ways"</button>
            <p class="hint" data-testid="merge-login-hint" data-lab-part="login-hint" aria-live="polite"></p>
            <div class="table-scroll" tabindex="0">
                <table role="table" class="merge stack">
                    <thead role="rowgroup"><tr role="row">
                        <th scope="col" role="columnheader">"Product"</th>
                        <th scope="col" role="columnheader">"Saved in the account"</th>
                        <th scope="col" role="columnheader">"Cookie cart"</th>
                        <th scope="col" role="columnheader">"Cart-Token cart"</th>
                        <th scope="col" role="columnheader">"Your prediction after both logins"</th>
                        <th scope="col" role="columnheader">"The merge rule says"</th>
                        <th scope="col" role="columnheader">"Actually after login"</th>
                    </tr></thead>
                    <tbody role="rowgroup" data-testid="merge-rows" data-lab-part="rows"></tbody>
                </table>
            </div>
            <p data-testid="merge-verdict" data-lab-part="verdict" role="status"></p>
            <ol class="steps" data-testid="merge-steps" data-lab-part="steps" aria-live="polite"></ol>
        </section>
    }
}
