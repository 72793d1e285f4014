use crate::actions::error_from_url;
use crate::components::{add_to_cart::AddToCart, error_view::ErrorView};
use crate::domain::{Field, Quantity};
use crate::server_fns::{cart::AddToCart as AddToCartFn, catalog::get_product};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ProductPage() -> impl IntoView {
    let params = use_params_map();
    let product = Resource::new(
        move || params.read().get("slug").unwrap_or_default(),
        get_product,
    );

    // A no-JavaScript add that was refused comes back with its error in the URL.
    let refused = error_from_url::<AddToCartFn>();
    view! {
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || { let refused = refused.clone(); Suspend::new(async move {
                match product.await {
                    Err(e) => view! { <Title text="Not found"/><ErrorView error=e/> }.into_any(),
                    Ok(p) => {
                        let max = p.stock.clamp(1, i64::from(Quantity::MAX));
                        let invalid = refused.as_ref().is_some_and(|e| e.concerns(Field::Quantity(p.id)));
                        let stock_note = match p.stock {
                            0 => "Out of stock".to_string(),
                            1 => "Only 1 left".to_string(),
                            n if n < 10 => format!("Only {n} left"),
                            n => format!("{n} in stock"),
                        };
                        view! {
                            <Title text=p.name.clone()/>
                            <article class="product-detail">
                                <img src=p.image_url() alt=p.name.clone() width="440" height="400"/>
                                <div>
                                    <p class="breadcrumb">
                                        <a href=format!("/?category={}", p.category.slug)>{p.category.name.clone()}</a>
                                    </p>
                                    <h1>{p.name.clone()}</h1>
                                    <p class="price" data-testid="price">{p.price.to_string()}</p>
                                    <p>{p.description.clone()}</p>
                                    <p class="stock" data-testid="stock">{stock_note}</p>
                                    {p.in_stock().then(|| view! { <AddToCart product_id=p.id name=p.name.clone() max invalid/> })}
                                </div>
                            </article>
                        }.into_any()
                    }
                }
            })}}
        </Suspense>
    }
}
