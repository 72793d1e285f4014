//! Adding to the cart, in place: a product card's button, or with `max` a product page's form with
//! a quantity. Without JavaScript it is a plain form that posts and comes back with a flash.

use crate::actions::{announce, problem, run, CartCount, FormFields, Notice};
use crate::domain::{ProductId, Quantity};
use crate::server_fns::cart::AddToCart;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// `max`: show a quantity field, up to this many (the stock, at most 99).
#[island]
pub fn AddToCart(product_id: ProductId, #[prop(optional)] max: Option<i64>) -> impl IntoView {
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        let fields = FormFields::of(&ev);
        let quantity = fields.get("quantity");
        // The server adds exactly this many or none, so the badge can count it without asking.
        let added = Quantity::parse(&quantity).map_or(0, |q| u32::from(q.get()));
        let input = AddToCart {
            product_id,
            quantity,
        };
        run(input, busy, move |r| match r {
            Ok(message) => announce(Some(Notice::Info(message)), Some(CartCount::More(added))),
            Err(e) => announce(Some(problem(e)), None),
        });
    };
    let quantity = match max {
        Some(max) => view! {
            <label>
                "Quantity "
                <input type="number" name="quantity" value="1" min="1" max=max inputmode="numeric" data-testid="quantity"/>
            </label>
        }
        .into_any(),
        None => view! { <input type="hidden" name="quantity" value="1"/> }.into_any(),
    };
    view! {
        <form method="post" action=AddToCart::url() on:submit=submit>
            <input type="hidden" name="product_id" value=product_id.get()/>
            {quantity}
            <button type="submit" data-testid=max.map(|_| "add-to-cart") disabled=busy>"Add to cart"</button>
        </form>
    }
}
