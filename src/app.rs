//! The HTML shell, the router, and the shop-wide context (actions and navigation state).

use crate::components::layout::Layout;
use crate::pages::{
    account::AccountPage, api_reference::ApiReferencePage, cart::CartPage, catalog::CatalogPage,
    learn::LearnPage, login::LoginPage, not_found::NotFound, order::OrderPage, orders::OrdersPage,
    playground::PlaygroundPage, product::ProductPage, register::RegisterPage,
};
use crate::server_fns::{
    auth::{Login, Logout, Register},
    cart::{AddToCart, RemoveCartLine, UpdateCartLine},
    orders::Checkout,
};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="description" content="Tokenshop: a demo shop that teaches session cookies and JWTs by using both."/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The outcome of the latest shop action, shown under the header.
#[derive(Clone, Debug, PartialEq)]
pub enum Notice {
    Info(String),
    Problem(String),
}

/// Every mutation of the shop, created once so the navigation bar can refresh after any of them.
#[derive(Clone, Copy)]
pub struct ShopActions {
    pub add_to_cart: ServerAction<AddToCart>,
    pub update_line: ServerAction<UpdateCartLine>,
    pub remove_line: ServerAction<RemoveCartLine>,
    pub checkout: ServerAction<Checkout>,
    pub login: ServerAction<Login>,
    pub register: ServerAction<Register>,
    pub logout: ServerAction<Logout>,
    pub notice: RwSignal<Option<Notice>>,
}

impl ShopActions {
    fn new() -> Self {
        let actions = ShopActions {
            add_to_cart: ServerAction::new(),
            update_line: ServerAction::new(),
            remove_line: ServerAction::new(),
            checkout: ServerAction::new(),
            login: ServerAction::new(),
            register: ServerAction::new(),
            logout: ServerAction::new(),
            notice: RwSignal::new(None),
        };
        // A failed no-JavaScript post comes back with its error in the URL: show it on this render.
        let from_url = [
            actions
                .add_to_cart
                .value()
                .get_untracked()
                .and_then(|r| r.err()),
            actions
                .update_line
                .value()
                .get_untracked()
                .and_then(|r| r.err()),
            actions
                .remove_line
                .value()
                .get_untracked()
                .and_then(|r| r.err()),
            actions
                .checkout
                .value()
                .get_untracked()
                .and_then(|r| r.err()),
        ];
        actions.notice.set(
            from_url
                .into_iter()
                .flatten()
                .next()
                .map(|e| Notice::Problem(e.to_string())),
        );
        actions.watch_outcomes();
        actions
    }

    /// In the browser, each completed action replaces the notice with its own outcome.
    fn watch_outcomes(self) {
        let notice = self.notice;
        let show = move |n: Option<Notice>| notice.set(n);
        Effect::new(move |prev: Option<()>| {
            let v = self.add_to_cart.value().get();
            if prev.is_some() {
                show(v.map(|r| r.map_or_else(|e| Notice::Problem(e.to_string()), Notice::Info)));
            }
        });
        Effect::new(move |prev: Option<()>| {
            let v = self.update_line.value().get();
            if prev.is_some() {
                show(
                    v.and_then(|r| r.err())
                        .map(|e| Notice::Problem(e.to_string())),
                );
            }
        });
        Effect::new(move |prev: Option<()>| {
            let v = self.remove_line.value().get();
            if prev.is_some() {
                show(
                    v.and_then(|r| r.err())
                        .map(|e| Notice::Problem(e.to_string())),
                );
            }
        });
        Effect::new(move |prev: Option<()>| {
            let v = self.checkout.value().get();
            if prev.is_some() {
                show(v.map(|r| {
                    r.map_or_else(
                        |e| Notice::Problem(e.to_string()),
                        |id| Notice::Info(crate::domain::order_placed_message(id)),
                    )
                }));
            }
        });
        // Login and registration errors stay in their forms; a merge report is worth a notice.
        Effect::new(move |prev: Option<()>| {
            let v = self.login.value().get();
            if prev.is_some() {
                show(v.and_then(|r| r.ok()).flatten().map(Notice::Info));
            }
        });
        Effect::new(move |prev: Option<()>| {
            let v = self.register.value().get();
            if prev.is_some() {
                show(v.and_then(|r| r.ok()).flatten().map(Notice::Info));
            }
        });
        Effect::new(move |prev: Option<()>| {
            let v = self.logout.value().get();
            if prev.is_some() && v.is_some() {
                show(None);
            }
        });
    }

    /// Changes whenever any action completes; resources that show shop state track it.
    pub fn version(&self) -> usize {
        self.add_to_cart.version().get()
            + self.update_line.version().get()
            + self.remove_line.version().get()
            + self.checkout.version().get()
            + self.login.version().get()
            + self.register.version().get()
            + self.logout.version().get()
    }
}

pub fn use_actions() -> ShopActions {
    // Provided by `App` above every page; a missing context is a programming error caught in tests.
    expect_context::<ShopActions>()
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Stylesheet id="leptos" href="/pkg/tokenshop.css"/>
        <Title formatter=|text: String| if text.is_empty() { "Tokenshop".to_string() } else { format!("{text} · Tokenshop") }/>
        <Router>
            <ShopContext>
                <Layout>
                    <Routes fallback=NotFound>
                        <Route path=path!("/") view=CatalogPage ssr=SsrMode::Async/>
                        <Route path=path!("/products/:slug") view=ProductPage ssr=SsrMode::Async/>
                        <Route path=path!("/cart") view=CartPage ssr=SsrMode::Async/>
                        <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async/>
                        <Route path=path!("/register") view=RegisterPage ssr=SsrMode::Async/>
                        <Route path=path!("/account") view=AccountPage ssr=SsrMode::Async/>
                        <Route path=path!("/orders") view=OrdersPage ssr=SsrMode::Async/>
                        <Route path=path!("/orders/:id") view=OrderPage ssr=SsrMode::Async/>
                        <Route path=path!("/api-reference") view=ApiReferencePage ssr=SsrMode::Async/>
                        <Route path=path!("/playground") view=PlaygroundPage ssr=SsrMode::Async/>
                        <Route path=path!("/learn") view=LearnPage ssr=SsrMode::Async/>
                    </Routes>
                </Layout>
            </ShopContext>
        </Router>
    }
}

/// Creates the actions inside the router, where a failed no-JavaScript form post's error (carried
/// back in the URL) is available to them.
#[component]
fn ShopContext(children: Children) -> impl IntoView {
    // `<Routes>` would provide it only below this point; the actions are created here, above it.
    leptos_router::hooks::use_url()
        .read_untracked()
        .provide_server_action_error();
    provide_context(ShopActions::new());
    children()
}
