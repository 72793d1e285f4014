//! The HTML shell and the router, rendered on the server. Only the islands (`components`) are
//! hydrated in the browser; moving between pages is a normal page load.

use crate::api_reference::page::ApiReferencePage;
use crate::components::layout::Layout;
use crate::learn::path::{LearnPage, LessonPage};
use crate::pages::{
    account::AccountPage, cart::CartPage, catalog::CatalogPage, login::LoginPage,
    not_found::NotFound, order::OrderPage, orders::OrdersPage, playground::PlaygroundPage,
    product::ProductPage, register::RegisterPage,
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
                <HydrationScripts options islands=true/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Stylesheet id="leptos" href=crate::site::use_assets().css/>
        <Title formatter=|text: String| if text.is_empty() { "Tokenshop".to_string() } else { format!("{text} · Tokenshop") }/>
        <Router>
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
                        <Route path=path!("/learn/:lesson") view=LessonPage ssr=SsrMode::Async/>
                    </Routes>
                </Layout>
        </Router>
    }
}
