use crate::actions::{use_actions, Notice};
use crate::server_fns::catalog::{get_nav_state, take_flash};
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// Header with navigation and cart badge, one-time messages, the page, and the footer.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let actions = use_actions();
    let location = use_location();
    let nav = Resource::new(
        move || {
            (
                location.pathname.get(),
                location.search.get(),
                actions.version(),
            )
        },
        |_| get_nav_state(),
    );
    let logout = actions.logout;
    // Once per full page load: only a no-JavaScript form post leaves a message in the session.
    let flash = Resource::new(|| (), |_| take_flash());

    view! {
        <header class="site-header">
            <a class="brand" href="/">"Tokenshop"</a>
            <nav aria-label="Main">
                <a href="/">"Shop"</a>
                <a href="/learn">"Learn"</a>
                <Transition fallback=|| view! { <a href="/cart" class="cart-link">"Cart"</a> }>
                    {move || Suspend::new(async move {
                        let state = nav.await.unwrap_or_default();
                        let count = state.cart_count;
                        let user = state.user.clone();
                        view! {
                            <a href="/cart" class="cart-link">
                                "Cart " <span class="badge" data-testid="cart-count" aria-label=format!("{count} items in cart")>{count}</span>
                            </a>
                            {match user {
                                Some(user) => view! {
                                    <a href="/orders">"Orders"</a>
                                    <a href="/account" data-testid="signed-in-as">{user.email}</a>
                                    <ActionForm action=logout>
                                        <button type="submit" class="link-button">"Log out"</button>
                                    </ActionForm>
                                }.into_any(),
                                None => view! {
                                    <a href="/login">"Log in"</a>
                                    <a href="/register">"Register"</a>
                                }.into_any(),
                            }}
                        }
                    })}
                </Transition>
            </nav>
        </header>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                flash.await.ok().flatten().map(|msg| view! { <p class="flash" role="status" data-testid="flash">{msg}</p> })
            })}
        </Suspense>
        <NoticeView/>
        <main>{children()}</main>
        <footer class="site-footer">
            <p>"Tokenshop is a demo: no real payments, no real goods. It exists to show how session cookies and JWTs behave."</p>
            <p class="footer-links">
                "The same shop with JWTs: " <a href="/playground">"API playground"</a> " · " <a href="/api-reference">"API reference"</a>
            </p>
        </footer>
    }
}

/// The outcome of the latest action taken on this page without leaving it.
#[component]
fn NoticeView() -> impl IntoView {
    let notice = use_actions().notice;
    move || {
        notice.get().map(|n| match n {
            Notice::Info(msg) => view! { <p class="flash" role="status" data-testid="flash">{msg}</p> }.into_any(),
            Notice::Problem(msg) => view! { <p class="form-error banner" role="alert" data-testid="action-error">{msg}</p> }.into_any(),
        })
    }
}
