//! The cart page's table: change a quantity, remove a line, check out. A change answers with the
//! cart as it is then, so lines and totals follow in place, and its new item count is announced.

use crate::actions::{
    announce, on_notice, order_placed, problem, run, CartCount, FormFields, NOTICE_ID,
};
use crate::domain::{image_url_for, Cart, CartLine, ProductId};
use crate::server_fns::{
    cart::{RemoveCartLine, UpdateCartLine},
    orders::Checkout,
};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// Shows the cart a change answered with and announces its item count; or the change's error.
fn after_change(cart: RwSignal<Cart>) -> impl FnOnce(Result<Cart, crate::domain::AppError>) {
    move |r| match r {
        Ok(now) => {
            announce(None, Some(CartCount::Now(now.item_count())));
            cart.set(now);
        }
        Err(e) => announce(Some(problem(e)), None),
    }
}

/// `signed_in` decides between the checkout button and the login link; `invalid`: the line whose
/// quantity a no-JavaScript update came back refused for. An island of the cart bundle only (see
/// `site::Bundle`): the other pages' bundle would carry it for nothing.
#[cfg_attr(any(feature = "ssr", feature = "bundle-cart"), island)]
#[cfg_attr(not(any(feature = "ssr", feature = "bundle-cart")), component)]
pub fn CartTable(cart: Cart, signed_in: bool, invalid: Option<ProductId>) -> impl IntoView {
    let cart = RwSignal::new(cart);
    let busy = RwSignal::new(false);
    // A line's quantity is marked while the notice shows its refusal: any later notice clears it.
    let invalid = RwSignal::new(invalid);
    on_notice(move |_| invalid.set(None));
    let checkout = move |ev: leptos::ev::SubmitEvent| {
        FormFields::of(&ev);
        // On success the server function redirects to the order: a page load.
        run(Checkout {}, busy, |r| {
            announce(Some(r.map_or_else(problem, order_placed)), None)
        });
    };
    move || {
        let current = cart.get();
        if current.is_empty() {
            return view! {
                <p class="empty" data-testid="cart-empty">"Your cart is empty. "<a href="/">"Browse the shop"</a>"."</p>
            }
            .into_any();
        }
        let total = current.total().to_string();
        view! {
            // The roles are spelled out: under 600 px the rows are laid out as grids, and a browser
            // may then stop exposing a table (style/main.css).
            <table class="cart" data-testid="cart" role="table">
                <thead role="rowgroup">
                    <tr role="row"><th scope="col" role="columnheader">"Product"</th><th scope="col" role="columnheader">"Price"</th><th scope="col" role="columnheader">"Quantity"</th><th scope="col" role="columnheader">"Total"</th><th scope="col" role="columnheader"><span class="visually-hidden">"Remove"</span></th></tr>
                </thead>
                <tbody role="rowgroup">
                    {current.lines.into_iter().map(|line| view! { <CartLineRow line cart busy invalid/> }).collect_view()}
                </tbody>
                <tfoot role="rowgroup">
                    <tr role="row"><th scope="row" colspan="3" role="rowheader">"Total"</th><td role="cell" data-testid="cart-total">{total}</td><td role="cell"></td></tr>
                </tfoot>
            </table>
            {if signed_in {
                view! {
                    <form method="post" action=Checkout::url() on:submit=checkout>
                        <button type="submit" class="primary" data-testid="checkout" disabled=busy>"Place order"</button>
                    </form>
                }.into_any()
            } else {
                view! {
                    <p class="notice" data-testid="login-to-checkout">
                        <a href="/login?next=/cart">"Log in to check out"</a>
                        " — your cart comes with you."
                    </p>
                }.into_any()
            }}
        }
        .into_any()
    }
}

/// One line of the cart, with its own quantity form and remove button, each named with the
/// product ("Update Earl Grey", "Remove Earl Grey") so the rows' buttons can be told apart.
#[component]
fn CartLineRow(
    line: CartLine,
    cart: RwSignal<Cart>,
    busy: RwSignal<bool>,
    invalid: RwSignal<Option<ProductId>>,
) -> impl IntoView {
    let product_id = line.product_id;
    let update = move |ev: leptos::ev::SubmitEvent| {
        let quantity = FormFields::of(&ev).get("quantity");
        let input = UpdateCartLine {
            product_id,
            quantity,
        };
        let show = after_change(cart);
        run(input, busy, move |r| {
            let refused = r.is_err();
            show(r);
            // After the notice, which clears any earlier mark.
            if refused {
                invalid.set(Some(product_id));
            }
        });
    };
    let marked = move || invalid.get() == Some(product_id);
    let remove = move |ev: leptos::ev::SubmitEvent| {
        FormFields::of(&ev);
        run(RemoveCartLine { product_id }, busy, after_change(cart));
    };
    let max = line.max_quantity().max(1);
    let line_total = line.line_total().to_string();
    let label = format!("Quantity of {}", line.name);
    view! {
        <tr role="row" data-testid="cart-line" data-slug=line.slug.clone()>
            <td role="cell">
                <a href=format!("/products/{}", line.slug.clone()) class="line-product">
                    <img src=image_url_for(&line.slug) alt="" width="55" height="50"/>
                    {line.name.clone()}
                </a>
            </td>
            <td role="cell">{line.unit_price.to_string()}</td>
            <td role="cell">
                <form method="post" action=UpdateCartLine::url() on:submit=update>
                    <input type="hidden" name="product_id" value=product_id.get()/>
                    <label>
                        <span class="visually-hidden">{label}</span>
                        <input type="number" name="quantity" value=line.quantity.get() min="1" max=max inputmode="numeric" data-testid="line-quantity"
                            aria-invalid=move || marked().then_some("true")
                            aria-describedby=move || marked().then_some(NOTICE_ID)/>
                    </label>
                    <button type="submit" class="secondary" disabled=busy>"Update"<span class="visually-hidden">" "{line.name.clone()}</span></button>
                </form>
            </td>
            <td role="cell" data-testid="line-total">{line_total}</td>
            <td role="cell">
                <form method="post" action=RemoveCartLine::url() on:submit=remove>
                    <input type="hidden" name="product_id" value=product_id.get()/>
                    <button type="submit" class="link-button" disabled=busy>"Remove"<span class="visually-hidden">" "{line.name.clone()}</span></button>
                </form>
            </td>
        </tr>
    }
}
