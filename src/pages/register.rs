use crate::actions::use_actions;
use crate::components::error_view::FormError;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn RegisterPage() -> impl IntoView {
    let register = use_actions().register;
    let error = Signal::derive(move || {
        register
            .value()
            .get()
            .and_then(Result::err)
            .map(|e| e.to_string())
    });

    view! {
        <Title text="Register"/>
        <section class="form-page">
            <h1>"Create an account"</h1>
            <ActionForm action=register>
                <label>"Email" <input type="email" name="email" autocomplete="email" required/></label>
                <label>
                    "Password (at least 8 characters)"
                    <input type="password" name="password" autocomplete="new-password" minlength="8" maxlength="128" required/>
                </label>
                <label>"Repeat password" <input type="password" name="password_confirm" autocomplete="new-password" required/></label>
                <FormError error/>
                <button type="submit" class="primary" disabled=move || register.pending().get()>"Create account"</button>
            </ActionForm>
            <p>"Already registered? " <a href="/login">"Log in"</a></p>
        </section>
    }
}
