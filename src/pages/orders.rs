use crate::components::error_view::ErrorView;
use crate::domain::format_unix_utc;
use crate::server_fns::orders::get_orders;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn OrdersPage() -> impl IntoView {
    let orders = Resource::new(|| (), |_| get_orders());
    view! {
        <Title text="Orders"/>
        <h1>"Your orders"</h1>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                match orders.await {
                    Err(e) => view! { <ErrorView error=e/> }.into_any(),
                    Ok(list) if list.is_empty() => view! {
                        <p class="empty" data-testid="no-orders">"No orders yet. "<a href="/">"Start shopping"</a>"."</p>
                    }.into_any(),
                    Ok(list) => view! {
                        <table class="orders" data-testid="orders">
                            <thead><tr><th scope="col">"Order"</th><th scope="col">"Placed"</th><th scope="col">"Items"</th><th scope="col">"Total"</th></tr></thead>
                            <tbody>
                                {list.into_iter().map(|o| view! {
                                    <tr data-testid="order-row">
                                        <td><a href=format!("/orders/{}", o.id)>{format!("#{}", o.id)}</a></td>
                                        <td>{format_unix_utc(o.created_at)}</td>
                                        <td>{o.item_count}</td>
                                        <td>{o.total.to_string()}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}
