use crate::components::error_view::ErrorView;
use crate::domain::{format_unix_utc, AppError, Missing, OrderId};
use crate::server_fns::orders::get_order;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn OrderPage() -> impl IntoView {
    let params = use_params_map();
    let order = Resource::new(
        move || {
            params
                .read()
                .get("id")
                .and_then(|id| id.parse::<OrderId>().ok())
        },
        |id| async move {
            match id {
                Some(id) => get_order(id).await,
                None => Err(AppError::NotFound(Missing::Order)),
            }
        },
    );
    view! {
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                match order.await {
                    Err(e) => view! { <Title text="Not found"/><ErrorView error=e/> }.into_any(),
                    Ok(o) => view! {
                        <Title text=format!("Order #{}", o.id)/>
                        <h1 data-testid="order-heading">{format!("Order #{}", o.id)}</h1>
                        <p>"Placed " {format_unix_utc(o.created_at)}</p>
                        <table role="table" class="cart" data-testid="order-lines">
                            <thead role="rowgroup"><tr role="row"><th scope="col" role="columnheader">"Product"</th><th scope="col" role="columnheader">"Price paid"</th><th scope="col" role="columnheader">"Quantity"</th><th scope="col" role="columnheader">"Total"</th></tr></thead>
                            <tbody role="rowgroup">
                                {o.lines.into_iter().map(|l| {
                                    let total = l.line_total();
                                    view! {
                                        <tr role="row" data-testid="order-line">
                                            <td role="cell"><a href=format!("/products/{}", l.product_slug)>{l.product_name}</a></td>
                                            <td role="cell">{l.unit_price.to_string()}</td>
                                            <td role="cell">{l.quantity}</td>
                                            <td role="cell">{total.to_string()}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                            <tfoot role="rowgroup"><tr role="row"><th scope="row" role="rowheader" colspan="3">"Total"</th><td role="cell" data-testid="order-total">{o.total.to_string()}</td></tr></tfoot>
                        </table>
                        <p><a href="/orders">"All orders"</a></p>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}
