use crate::actions::use_actions;
use crate::domain::Product;
use leptos::prelude::*;

#[component]
pub fn ProductCard(product: Product) -> impl IntoView {
    let add = use_actions().add_to_cart;
    let href = format!("/products/{}", product.slug);
    let in_stock = product.in_stock();
    view! {
        <article class="product-card" data-testid="product-card">
            <a href=href.clone()>
                <img src=product.image_url() alt="" width="220" height="200" loading="lazy"/>
                <h2>{product.name.clone()}</h2>
            </a>
            <p class="price">{product.price.to_string()}</p>
            <p class="category">{product.category.name.clone()}</p>
            {if in_stock {
                view! {
                    <ActionForm action=add>
                        <input type="hidden" name="product_id" value=product.id.get()/>
                        <input type="hidden" name="quantity" value="1"/>
                        <button type="submit">"Add to cart"</button>
                    </ActionForm>
                }.into_any()
            } else {
                view! { <p class="stock out">"Out of stock"</p> }.into_any()
            }}
        </article>
    }
}
