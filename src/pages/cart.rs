use crate::components::{cart_table::CartTable, error_view::ErrorView};
use crate::server_fns::{cart::get_cart, catalog::get_nav_state};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn CartPage() -> impl IntoView {
    let cart = Resource::new(|| (), |_| get_cart());
    // Who is signed in decides between the checkout button and the login link.
    let nav = Resource::new(|| (), |_| get_nav_state());

    view! {
        <Title text="Cart"/>
        <h1>"Your cart"</h1>
        <Suspense fallback=|| view! { <p>"Loading your cart…"</p> }>
            {move || Suspend::new(async move {
                match cart.await {
                    Ok(cart) => {
                        let signed_in = nav.await.map(|n| n.user.is_some()).unwrap_or(false);
                        view! { <CartTable cart signed_in/> }.into_any()
                    }
                    Err(e) => view! { <ErrorView error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
