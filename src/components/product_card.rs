use crate::components::add_to_cart::AddToCart;
use crate::domain::Product;
use leptos::prelude::*;

#[component]
pub fn ProductCard(product: Product) -> impl IntoView {
    let href = format!("/products/{}", product.slug);
    view! {
        <article class="product-card" data-testid="product-card">
            <a href=href>
                <img src=product.image_url() alt="" width="220" height="200" loading="lazy"/>
                <h2>{product.name.clone()}</h2>
            </a>
            <p class="price">{product.price.to_string()}</p>
            <p class="category">{product.category.name.clone()}</p>
            {if product.in_stock() {
                view! { <AddToCart product_id=product.id name=product.name.clone() invalid=false/> }.into_any()
            } else {
                view! { <p class="stock out">"Out of stock"</p> }.into_any()
            }}
        </article>
    }
}
