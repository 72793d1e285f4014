use crate::app::use_actions;
use crate::components::error_view::ErrorView;
use crate::domain::format_unix_utc;
use crate::server_fns::auth::get_account;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn AccountPage() -> impl IntoView {
    let actions = use_actions();
    let account = Resource::new(move || actions.version(), |_| get_account());
    let logout = actions.logout;

    view! {
        <Title text="Account"/>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                match account.await {
                    Err(e) => view! { <ErrorView error=e/> }.into_any(),
                    Ok(a) => view! {
                        <h1>"Your account"</h1>
                        <dl class="facts">
                            <dt>"Email"</dt><dd data-testid="account-email">{a.email}</dd>
                            <dt>"Member since"</dt><dd>{format_unix_utc(a.member_since)}</dd>
                            <dt>"Orders"</dt><dd><a href="/orders">{a.order_count}</a></dd>
                        </dl>
                        <h2>"This sign-in"</h2>
                        <p class="hint">"Your browser holds only a random session id in an HttpOnly cookie; everything below is looked up in the shop's database on each request."</p>
                        <dl class="facts">
                            <dt>"Signed in at"</dt><dd>{format_unix_utc(a.session_signed_in_at)}</dd>
                            <dt>"Ends if idle until"</dt><dd>{format_unix_utc(a.session_idle_expires_at)}</dd>
                            <dt>"Ends at the latest"</dt><dd>{format_unix_utc(a.session_absolute_expires_at)}</dd>
                        </dl>
                        <ActionForm action=logout>
                            <button type="submit" class="secondary">"Log out"</button>
                        </ActionForm>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}
