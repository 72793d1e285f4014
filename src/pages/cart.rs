use crate::actions::use_actions;
use crate::components::error_view::ErrorView;
use crate::domain::CartLine;
use crate::server_fns::{cart::get_cart, catalog::get_nav_state};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn CartPage() -> impl IntoView {
    let actions = use_actions();
    let cart = Resource::new(move || actions.version(), |_| get_cart());
    // Who is signed in decides between the checkout button and the login link.
    let nav = Resource::new(move || actions.version(), |_| get_nav_state());
    let checkout = actions.checkout;

    view! {
        <Title text="Cart"/>
        <h1>"Your cart"</h1>
        <Suspense fallback=|| view! { <p>"Loading your cart…"</p> }>
            {move || Suspend::new(async move {
                let cart = match cart.await {
                    Ok(cart) => cart,
                    Err(e) => return view! { <ErrorView error=e/> }.into_any(),
                };
                let signed_in = nav.await.map(|n| n.user.is_some()).unwrap_or(false);
                if cart.is_empty() {
                    return view! {
                        <p class="empty" data-testid="cart-empty">"Your cart is empty. "<a href="/">"Browse the shop"</a>"."</p>
                    }.into_any();
                }
                let total = cart.total();
                view! {
                    <table class="cart" data-testid="cart">
                        <thead>
                            <tr><th scope="col">"Product"</th><th scope="col">"Price"</th><th scope="col">"Quantity"</th><th scope="col">"Total"</th><th scope="col"><span class="visually-hidden">"Remove"</span></th></tr>
                        </thead>
                        <tbody>
                            {cart.lines.into_iter().map(|line| view! { <CartLineRow line/> }).collect_view()}
                        </tbody>
                        <tfoot>
                            <tr><th scope="row" colspan="3">"Total"</th><td data-testid="cart-total">{total.to_string()}</td><td></td></tr>
                        </tfoot>
                    </table>
                    {if signed_in {
                        view! {
                            <ActionForm action=checkout>
                                <button type="submit" class="primary" data-testid="checkout">"Place order"</button>
                            </ActionForm>
                        }.into_any()
                    } else {
                        view! {
                            <p class="notice" data-testid="login-to-checkout">
                                <a href="/login?next=/cart">"Log in to check out"</a>
                                " — your cart comes with you."
                            </p>
                        }.into_any()
                    }}
                }.into_any()
            })}
        </Suspense>
    }
}

/// One line of the cart, with its own quantity form and remove button.
#[component]
fn CartLineRow(line: CartLine) -> impl IntoView {
    let actions = use_actions();
    let (update, remove) = (actions.update_line, actions.remove_line);
    let max = line.max_quantity().max(1);
    let line_total = line.line_total().to_string();
    let label = format!("Quantity of {}", line.name);
    view! {
        <tr data-testid="cart-line" data-slug=line.slug.clone()>
            <td>
                <a href=format!("/products/{}", line.slug.clone()) class="line-product">
                    <img src=crate::domain::image_url_for(&line.slug) alt="" width="55" height="50"/>
                    {line.name.clone()}
                </a>
            </td>
            <td>{line.unit_price.to_string()}</td>
            <td>
                <ActionForm action=update>
                    <input type="hidden" name="product_id" value=line.product_id.get()/>
                    <label>
                        <span class="visually-hidden">{label}</span>
                        <input type="number" name="quantity" value=line.quantity.get() min="1" max=max inputmode="numeric" data-testid="line-quantity"/>
                    </label>
                    <button type="submit" class="secondary">"Update"</button>
                </ActionForm>
            </td>
            <td data-testid="line-total">{line_total}</td>
            <td>
                <ActionForm action=remove>
                    <input type="hidden" name="product_id" value=line.product_id.get()/>
                    <button type="submit" class="link-button">"Remove"</button>
                </ActionForm>
            </td>
        </tr>
    }
}
