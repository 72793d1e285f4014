use crate::actions::error_from_url;
use crate::components::account_forms::LoginForm;
use crate::server_fns::auth::Login;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn LoginPage() -> impl IntoView {
    let next = use_query_map()
        .read_untracked()
        .get("next")
        .unwrap_or_else(|| "/".to_string());
    let error = error_from_url::<Login>();

    view! {
        <Title text="Log in"/>
        <section class="form-page">
            <h1>"Log in"</h1>
            <p class="hint">"Logging in gives this browser a session cookie: an opaque id whose meaning lives in the shop's database."</p>
            <LoginForm next error/>
            <p>"No account? " <a href="/register">"Register"</a></p>
            <aside class="demo-accounts">
                <h2>"Demo accounts"</h2>
                <ul>
                    <li><code>"alice@example.com"</code>" / "<code>"alice-tokenshop"</code></li>
                    <li><code>"bob@example.com"</code>" / "<code>"bob-tokenshop"</code></li>
                </ul>
            </aside>
        </section>
    }
}
