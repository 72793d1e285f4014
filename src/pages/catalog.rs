use crate::components::{error_view::ErrorView, product_card::ProductCard};
use crate::server_fns::catalog::get_catalog;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::Form, hooks::use_query_map};

/// The catalog: category filter and text search live in the query string, so every view is a
/// shareable URL and the filter form works without JavaScript.
#[component]
pub fn CatalogPage() -> impl IntoView {
    let query = use_query_map();
    let catalog = Resource::new(
        move || {
            let q = query.read();
            (q.get("category"), q.get("q"))
        },
        |(category, q)| get_catalog(category, q),
    );

    view! {
        <Title text="Shop"/>
        <Tagline/>
        <Suspense fallback=|| view! { <p>"Loading the catalog…"</p> }>
            {move || Suspend::new(async move {
                match catalog.await {
                    Err(e) => view! { <ErrorView error=e/> }.into_any(),
                    Ok(page) => {
                        let active = page.query.category.clone().unwrap_or_default();
                        let search = page.query.q.clone().unwrap_or_default();
                        let heading = page
                            .categories
                            .iter()
                            .find(|c| c.slug == active)
                            .map(|c| c.name.clone())
                            .unwrap_or_else(|| "All products".to_string());
                        let count = page.products.len();
                        let options = page.categories.iter().map(|c| {
                            let selected = c.slug == active;
                            view! { <option value=c.slug.clone() selected=selected>{c.name.clone()}</option> }
                        }).collect_view();
                        let chips = page.categories.iter().map(|c| {
                            let is_active = c.slug == active;
                            view! { <a href=format!("/?category={}", c.slug) class:active=is_active>{c.name.clone()}</a> }
                        }).collect_view();
                        let all_selected = active.is_empty();
                        let search_value = search.clone();
                        view! {
                            <h1>{heading}</h1>
                            <Form method="GET" action="/">
                                <div class="filters" role="search">
                                    <label>
                                        "Category "
                                        <select name="category" data-testid="category-select">
                                            <option value="" selected=all_selected>"All"</option>
                                            {options}
                                        </select>
                                    </label>
                                    <label>
                                        "Search "
                                        <input type="search" name="q" value=search_value maxlength="100" placeholder="tea, token, key…"/>
                                    </label>
                                    <button type="submit">"Filter"</button>
                                </div>
                            </Form>
                            <nav class="chips" aria-label="Categories">
                                <a href="/" class:active=all_selected>"All"</a>
                                {chips}
                            </nav>
                            <p class="result-count" data-testid="result-count">
                                {if count == 1 { "1 product".to_string() } else { format!("{count} products") }}
                                {(!search.is_empty()).then(|| format!(" matching “{search}”"))}
                            </p>
                            {if page.products.is_empty() {
                                view! { <p class="empty">"Nothing matches. Try another word or "<a href="/">"show everything"</a>"."</p> }.into_any()
                            } else {
                                view! {
                                    <div class="product-grid">
                                        {page.products.into_iter().map(|p| view! { <ProductCard product=p/> }).collect_view()}
                                    </div>
                                }.into_any()
                            }}
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// What the shop is for, in one line, and the way to the Learn path.
#[component]
fn Tagline() -> impl IntoView {
    view! {
        <p class="tagline" data-testid="tagline">
            "A working shop that signs you in two ways — a session cookie for these pages, JWTs for its API — so you can see how they differ. "
            <a href="/learn">{format!("Take the {}-minute path", crate::learn::lessons::path_minutes())}</a>
        </p>
    }
}
