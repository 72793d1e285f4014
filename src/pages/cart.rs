use crate::actions::error_from_url;
use crate::components::{cart_table::CartTable, error_view::ErrorView};
use crate::domain::Field;
use crate::server_fns::{
    cart::{get_cart, UpdateCartLine},
    catalog::get_nav_state,
};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn CartPage() -> impl IntoView {
    let cart = Resource::new(|| (), |_| get_cart());
    // Who is signed in decides between the checkout button and the login link.
    let nav = Resource::new(|| (), |_| get_nav_state());

    // A no-JavaScript update that was refused comes back with its error, naming its line, in the URL.
    let refused = error_from_url::<UpdateCartLine>();

    view! {
        <Title text="Cart"/>
        <h1>"Your cart"</h1>
        <Suspense fallback=|| view! { <p>"Loading your cart…"</p> }>
            {move || { let refused = refused.clone(); Suspend::new(async move {
                match cart.await {
                    Ok(cart) => {
                        let signed_in = nav.await.map(|n| n.user.is_some()).unwrap_or(false);
                        let invalid = refused.and_then(|e| {
                            cart.lines.iter().map(|l| l.product_id).find(|&id| e.concerns(Field::Quantity(id)))
                        });
                        view! { <CartTable cart signed_in invalid/> }.into_any()
                    }
                    Err(e) => view! { <ErrorView error=e/> }.into_any(),
                }
            })}}
        </Suspense>
    }
}
