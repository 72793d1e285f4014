use crate::domain::{AppError, Field};
use crate::wire::Status;
use leptos::prelude::*;

/// Shows an error where a page's content would be, and gives the server response the same status.
#[component]
pub fn ErrorView(error: AppError) -> impl IntoView {
    // A guest on a members' page has already been answered with a redirect to the login form.
    if error != AppError::LoginRequired {
        set_response_status(error.status_code(), error.retry_after());
    }
    let (title, link) = match &error {
        AppError::NotFound(_) => (
            "Not found",
            view! { <a href="/">"Back to the shop"</a> }.into_any(),
        ),
        AppError::LoginRequired => (
            "Please log in",
            view! { <a href="/login">"Log in"</a> }.into_any(),
        ),
        // Nothing was changed and nothing is lost: the same page will work again shortly.
        AppError::Unavailable { .. } => (
            "The shop is busy",
            view! { <a href="">"Try this page again"</a> }.into_any(),
        ),
        _ => (
            "Something went wrong",
            view! { <a href="/">"Back to the shop"</a> }.into_any(),
        ),
    };
    view! {
        <section class="error-view" role="alert">
            <h1>{title}</h1>
            <p>{error.to_string()}</p>
            <p>{link}</p>
        </section>
    }
}

/// A form's error and the fields it is about: the message, under `id`, and what each input says
/// about it — `aria-invalid` and `aria-describedby` pointing at the message, on the inputs the error
/// concerns (`AppError::concerns`) and no other.
pub struct FormProblem {
    id: &'static str,
    error: Option<AppError>,
}

impl FormProblem {
    pub fn new(id: &'static str, error: Option<AppError>) -> Self {
        FormProblem { id, error }
    }

    fn concerns(&self, field: Field) -> bool {
        self.error.as_ref().is_some_and(|e| e.concerns(field))
    }

    /// The input's `aria-invalid`: present only when the error concerns it.
    pub fn invalid(&self, field: Field) -> Option<&'static str> {
        self.concerns(field).then_some("true")
    }

    /// The input's `aria-describedby`: the message's id, when the error concerns it.
    pub fn described_by(&self, field: Field) -> Option<&'static str> {
        self.concerns(field).then_some(self.id)
    }

    /// The message, shown where the form puts it.
    pub fn message(&self) -> Option<AnyView> {
        let id = self.id;
        self.error.as_ref().map(|e| {
            view! { <p class="form-error" role="alert" id=id>{e.to_string()}</p> }.into_any()
        })
    }
}

/// Sets the HTTP status (and `Retry-After`, if any) of the page being rendered on the server;
/// nothing to do in the browser.
pub fn set_response_status(code: u16, retry_after_secs: Option<u64>) {
    #[cfg(feature = "ssr")]
    if let (Some(res), Ok(status)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        axum::http::StatusCode::from_u16(code),
    ) {
        res.set_status(status);
        if let Some(secs) = retry_after_secs {
            res.insert_header(axum::http::header::RETRY_AFTER, secs.into());
        }
    }
    #[cfg(not(feature = "ssr"))]
    let _ = (code, retry_after_secs);
}
