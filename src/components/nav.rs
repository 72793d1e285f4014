//! The header's account links and cart badge. The links change only with a sign-in or a sign-out,
//! which load a new page, so they are rendered on the server; the badge is an island that follows
//! every add, change and removal announced on the page.

use crate::actions::on_cart_count;
use crate::server_fns::catalog::NavState;
use leptos::prelude::*;

#[component]
pub fn NavStatus(nav: NavState) -> impl IntoView {
    view! {
        <span class="cart-link"><a href="/cart">"Cart"</a>" "<CartBadge count=nav.cart_count/></span>
        {match nav.user {
            Some(user) => view! {
                <a href="/orders">"Orders"</a>
                <a href="/account" data-testid="signed-in-as">{user.email}</a>
                <super::account_forms::LogoutButton class="link-button"/>
            }.into_any(),
            None => view! {
                <a href="/login">"Log in"</a>
                <a href="/register">"Register"</a>
            }.into_any(),
        }}
    }
}

#[island]
fn CartBadge(count: u32) -> impl IntoView {
    let count = RwSignal::new(count);
    on_cart_count(move |change| count.update(|n| *n = change.apply(*n)));
    view! {
        // Its own name, so the count is found by role ("Items in cart") and said on a change; the
        // link beside it is just "Cart".
        <span class="badge" role="status" aria-label="Items in cart" data-testid="cart-count">{count}</span>
    }
}
