use crate::actions::error_from_url;
use crate::components::account_forms::RegisterForm;
use crate::server_fns::auth::Register;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn RegisterPage() -> impl IntoView {
    let error = error_from_url::<Register>();

    view! {
        <Title text="Register"/>
        <section class="form-page">
            <h1>"Create an account"</h1>
            <RegisterForm error/>
            <p>"Already registered? " <a href="/login">"Log in"</a></p>
        </section>
    }
}
