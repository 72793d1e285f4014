use crate::actions::use_actions;
use crate::components::error_view::ErrorView;
use crate::domain::{format_unix_utc, SignInKind};
use crate::server_fns::auth::{get_account, get_signins, EndOtherSignins, EndSignin};
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
    let end = ServerAction::<EndSignin>::new();
    let end_others = ServerAction::<EndOtherSignins>::new();
    let list = Resource::new(
        move || (end.version().get(), end_others.version().get()),
        |_| get_signins(),
    );
    let problem = move || {
        end.value()
            .get()
            .and_then(Result::err)
            .or_else(|| end_others.value().get().and_then(Result::err))
            .map(|e| view! { <p class="form-error" role="alert">{e.to_string()}</p> })
    };
    view! {
        <h2>"Where you are signed in"</h2>
        <p class="hint">
            "Browser sessions (cookies) and API sign-ins (refresh tokens) alike. Ending one works at once: the session record or the refresh token family is gone. "
            "An API access token already handed out keeps working until it expires, minutes at most."
        </p>
        {problem}
        <Transition fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Err(e) => view! { <p class="form-error">{e.to_string()}</p> }.into_any(),
                    Ok(signins) => view! {
                        <table class="signins" data-testid="signins">
                            <thead><tr><th scope="col">"Kind"</th><th scope="col">"Client"</th><th scope="col">"Since"</th><th scope="col">"Last seen"</th><th scope="col"></th></tr></thead>
                            <tbody>
                                {signins.into_iter().map(|s| view! {
                                    <tr data-testid="signin-row" data-kind=if s.kind == SignInKind::Cookie { "cookie" } else { "token" }>
                                        <td>{match s.kind { SignInKind::Cookie => "Browser (session cookie)", SignInKind::Token => "API (refresh token)" }}</td>
                                        <td class="agent">{if s.user_agent.is_empty() { "unknown".to_string() } else { s.user_agent.clone() }}</td>
                                        <td>{format_unix_utc(s.created_at)}</td>
                                        <td>{format_unix_utc(s.last_seen_at)}</td>
                                        <td>{if s.current {
                                            view! { <strong data-testid="current-signin">"This browser"</strong> }.into_any()
                                        } else {
                                            view! {
                                                <ActionForm action=end>
                                                    <input type="hidden" name="id" value=s.id.clone()/>
                                                    <button type="submit" class="link-button" data-testid="end-signin">"End"</button>
                                                </ActionForm>
                                            }.into_any()
                                        }}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any(),
                }
            })}
        </Transition>
        <ActionForm action=end_others>
            <button type="submit" class="secondary" data-testid="end-other-signins">"End all other sign-ins"</button>
        </ActionForm>
    }
}
