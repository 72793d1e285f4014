use crate::actions::{error_from_url, problem, Notice};
use crate::components::{nav::NavStatus, notices::HydrationMark, notices::Notices};
use crate::server_fns::{
    cart::{AddToCart, RemoveCartLine, UpdateCartLine},
    catalog::{get_nav_state, take_flash},
    orders::Checkout,
};
use leptos::prelude::*;

/// Header with navigation and cart badge, one-time messages, the page, and the footer. Rendered on
/// the server; the badge and the notice are islands.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    // A failed no-JavaScript post comes back with its error in the URL: give it to the page's parts.
    leptos_router::hooks::use_url()
        .read_untracked()
        .provide_server_action_error();
    let nav = Resource::new(|| (), |_| get_nav_state());
    // Only a no-JavaScript form post, or an action that moved to another page, leaves a message.
    let flash = Resource::new(|| (), |_| take_flash());
    let from_url = error_from_url::<AddToCart>()
        .or_else(error_from_url::<UpdateCartLine>)
        .or_else(error_from_url::<RemoveCartLine>)
        .or_else(error_from_url::<Checkout>)
        .map(problem);

    view! {
        // The first thing a keyboard reaches: past the header and its navigation, to the page.
        <a class="skip-link" href="#content">"Skip to content"</a>
        <header class="site-header">
            <a class="brand" href="/">"Tokenshop"</a>
            <nav aria-label="Main">
                <a href="/">"Shop"</a>
                <a href="/learn">"Learn"</a>
                <Suspense fallback=|| view! { <a href="/cart" class="cart-link">"Cart"</a> }>
                    {move || Suspend::new(async move {
                        let nav = nav.await.unwrap_or_default();
                        view! { <NavStatus nav/> }
                    })}
                </Suspense>
            </nav>
        </header>
        <Suspense fallback=|| ()>
            {move || {
                let from_url = from_url.clone();
                Suspend::new(async move {
                    let flash = flash.await.ok().flatten().map(Notice::Info);
                    view! { <Notices initial=flash.or(from_url)/> }
                })
            }}
        </Suspense>
        <main id="content" tabindex="-1">{children()}</main>
        <footer class="site-footer">
            <p>"Tokenshop is a demo: no real payments, no real goods. It exists to show how session cookies and JWTs behave."</p>
            <p class="footer-links">
                "The same shop with JWTs: " <a href="/playground">"API playground"</a> " · " <a href="/api-reference">"API reference"</a>
            </p>
        </footer>
        <HydrationMark/>
    }
}
