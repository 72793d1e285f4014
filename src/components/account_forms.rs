//! The forms that sign a browser in or out: plain forms posting to their server functions. On
//! success the server function redirects, so the browser loads the next page (and its notice) in
//! full; an error comes back in the URL and is shown in the form.

use crate::components::error_view::FormProblem;
use crate::domain::{AppError, Field};
use crate::server_fns::auth::{Login, Logout, Register};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// `next`: where to go once signed in; `error`: what the last attempt came back with.
#[component]
pub fn LoginForm(next: String, error: Option<AppError>) -> impl IntoView {
    let p = FormProblem::new("login-error", error);
    view! {
        <form method="post" action=Login::url()>
            <input type="hidden" name="next" value=next/>
            <label>"Email" <input type="email" name="email" autocomplete="username" required
                aria-invalid=p.invalid(Field::Email) aria-describedby=p.described_by(Field::Email)/></label>
            <label>"Password" <input type="password" name="password" autocomplete="current-password" required
                aria-invalid=p.invalid(Field::Password) aria-describedby=p.described_by(Field::Password)/></label>
            {p.message()}
            <button type="submit" class="primary">"Log in"</button>
        </form>
    }
}

#[component]
pub fn RegisterForm(error: Option<AppError>) -> impl IntoView {
    let p = FormProblem::new("register-error", error);
    view! {
        <form method="post" action=Register::url()>
            <label>"Email" <input type="email" name="email" autocomplete="email" required
                aria-invalid=p.invalid(Field::Email) aria-describedby=p.described_by(Field::Email)/></label>
            // Labels that name one field each ("Password" is not part of the second's name), so
            // getByLabel("Password") finds one input; the length rule is its description.
            <label>
                "Password"
                <input type="password" name="password" autocomplete="new-password" minlength="8" maxlength="128" required
                    aria-invalid=p.invalid(Field::Password)
                    aria-describedby=p.described_by(Field::Password).unwrap_or("password-rule")/>
            </label>
            <p class="hint" id="password-rule">"At least 8 characters."</p>
            <label>"Type it again" <input type="password" name="password_confirm" autocomplete="new-password" required
                aria-invalid=p.invalid(Field::PasswordConfirm) aria-describedby=p.described_by(Field::PasswordConfirm)/></label>
            {p.message()}
            <button type="submit" class="primary">"Create account"</button>
        </form>
    }
}

#[component]
pub fn LogoutButton(#[prop(into)] class: String) -> impl IntoView {
    view! {
        <form method="post" action=Logout::url()>
            <button type="submit" class=class>"Log out"</button>
        </form>
    }
}
