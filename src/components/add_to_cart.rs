//! Adding to the cart, in place: a product card's button, or with `max` a product page's form with
//! a quantity. Without JavaScript it is a plain form that posts and comes back with a flash.

use crate::actions::{announce, on_notice, problem, run, CartCount, FormFields, Notice, NOTICE_ID};
use crate::domain::{ProductId, Quantity};
use crate::server_fns::cart::AddToCart;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// `name`: the product's, for the button's accessible name ("Add to cart (Earl Grey)"), so a list of
/// them can be told apart. `max`: show a quantity field, up to this many (the stock, at most 99).
/// `invalid`: the page came back from a no-JavaScript post refused for this quantity (its message
/// is the notice under the header, `action-error`).
#[island]
pub fn AddToCart(
    product_id: ProductId,
    name: String,
    #[prop(optional)] max: Option<i64>,
    invalid: bool,
) -> impl IntoView {
    let busy = RwSignal::new(false);
    // The field is marked while the notice shows its refusal: any later notice clears it.
    let invalid = RwSignal::new(invalid);
    if max.is_some() {
        on_notice(move |_| invalid.set(false));
    }
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
            Err(e) => {
                announce(Some(problem(e)), None);
                invalid.set(true);
            }
        });
    };
    let quantity = match max {
        Some(max) => view! {
            <label>
                "Quantity "
                <input type="number" name="quantity" value="1" min="1" max=max inputmode="numeric" data-testid="quantity"
                    aria-invalid=move || invalid.get().then_some("true")
                    aria-describedby=move || invalid.get().then_some(NOTICE_ID)/>
            </label>
        }
        .into_any(),
        None => view! { <input type="hidden" name="quantity" value="1"/> }.into_any(),
    };
    view! {
        <form method="post" action=AddToCart::url() on:submit=submit>
            <input type="hidden" name="product_id" value=product_id.get()/>
            {quantity}
            <button type="submit" data-testid=max.map(|_| "add-to-cart") disabled=busy>
                "Add to cart"<span class="visually-hidden">" ("{name}")"</span>
            </button>
        </form>
    }
}
