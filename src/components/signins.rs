//! The account's sign-ins by either carrier, each of which can be ended at once: plain forms, the
//! page reloads with the list as it is then.

use crate::domain::{format_unix_utc, SignIn, SignInKind};
use crate::server_fns::auth::{EndOtherSignins, EndSignin};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[component]
pub fn SignInList(signins: Vec<SignIn>) -> impl IntoView {
    view! {
        <table role="table" class="signins" data-testid="signins">
            <thead role="rowgroup"><tr role="row"><th scope="col" role="columnheader">"Kind"</th><th scope="col" role="columnheader">"Client"</th><th scope="col" role="columnheader">"Since"</th><th scope="col" role="columnheader">"Last seen"</th><th scope="col" role="columnheader"><span class="visually-hidden">"End it"</span></th></tr></thead>
            <tbody role="rowgroup">
                {signins.into_iter().map(|s| view! {
                    <tr role="row" data-testid="signin-row" data-kind=match (s.kind, &s.granted_to) { (SignInKind::Cookie, _) => "cookie", (_, Some(_)) => "grant", _ => "token" }>
                        <td role="cell">{match (s.kind, s.granted_to.clone()) {
                            (SignInKind::Cookie, _) => "Browser (session cookie)".to_string(),
                            (_, Some(granted)) => granted,
                            _ => "API (refresh token)".to_string(),
                        }}</td>
                        <td role="cell" class="agent">{if s.user_agent.is_empty() { "unknown".to_string() } else { s.user_agent.clone() }}</td>
                        <td role="cell">{format_unix_utc(s.created_at)}</td>
                        <td role="cell">{format_unix_utc(s.last_seen_at)}</td>
                        <td role="cell">{if s.current {
                            view! { <strong data-testid="current-signin">"This browser"</strong> }.into_any()
                        } else {
                            view! {
                                <form method="post" action=EndSignin::url()>
                                    <input type="hidden" name="id" value=s.id.clone()/>
                                    <button type="submit" class="link-button" data-testid="end-signin">"End"</button>
                                </form>
                            }.into_any()
                        }}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        <form method="post" action=EndOtherSignins::url()>
            <button type="submit" class="secondary" data-testid="end-other-signins">"End all other sign-ins"</button>
        </form>
    }
}
