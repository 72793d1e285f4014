use crate::components::{error_view::ErrorView, signins::SignInList};
use crate::domain::format_unix_utc;
use crate::server_fns::auth::{get_account, get_signins};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn AccountPage() -> impl IntoView {
    let account = Resource::new(|| (), |_| get_account());

    view! {
        <Title text="Account"/>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                match account.await {
                    Err(e) => view! { <ErrorView error=e/> }.into_any(),
                    Ok(a) => view! {
                        <h1>"Your account"</h1>
                        <dl class="facts">
                            <dt id="account-email-label">"Email"</dt>
                            <dd aria-labelledby="account-email-label" data-testid="account-email">{a.email}</dd>
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
                        // "Log out" is in the header on every page: one button of that name.
                        <SignIns/>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// Every sign-in of this account, by cookie and by token, each of which can be ended at once.
#[component]
fn SignIns() -> impl IntoView {
    let list = Resource::new(|| (), |_| get_signins());
    view! {
        <h2>"Where you are signed in"</h2>
        <p class="hint">
            "Browser sessions (cookies) and API sign-ins (refresh tokens) alike. Ending one works at once: the session record or the refresh token family is gone. "
            "An API access token already handed out keeps working until it expires, minutes at most."
        </p>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Err(e) => view! { <p class="form-error">{e.to_string()}</p> }.into_any(),
                    Ok(signins) => view! { <SignInList signins/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
