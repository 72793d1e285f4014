use crate::actions::use_actions;
use crate::components::error_view::FormError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn LoginPage() -> impl IntoView {
    let login = use_actions().login;
    let query = use_query_map();
    let next = move || query.read().get("next").unwrap_or_else(|| "/".to_string());
    let error = Signal::derive(move || {
        login
            .value()
            .get()
            .and_then(Result::err)
            .map(|e| e.to_string())
    });

    view! {
        <Title text="Log in"/>
        <section class="form-page">
            <h1>"Log in"</h1>
            <p class="hint">"Logging in gives this browser a session cookie: an opaque id whose meaning lives in the shop's database."</p>
            <ActionForm action=login>
                <input type="hidden" name="next" value=next/>
                <label>"Email" <input type="email" name="email" autocomplete="username" required/></label>
                <label>"Password" <input type="password" name="password" autocomplete="current-password" required/></label>
                <FormError error/>
                <button type="submit" class="primary" disabled=move || login.pending().get()>"Log in"</button>
            </ActionForm>
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
