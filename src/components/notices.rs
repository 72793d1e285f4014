//! The notice under the header: the outcome of the latest action taken on this page without
//! leaving it, as announced by the island that took it.

use crate::actions::{on_notice, Notice, NOTICE_ID};
use leptos::prelude::*;

/// `initial`: what a page load brings (a flash left by the previous request, or the error a
/// no-JavaScript post came back with), rendered by the server and kept by the browser.
#[island]
pub fn Notices(initial: Option<Notice>) -> impl IntoView {
    let notice = RwSignal::new(initial);
    on_notice(move |n| notice.set(n));
    move || {
        notice.get().map(|n| match n {
            Notice::Info(msg) => view! { <p class="flash" role="status" data-testid="flash">{msg}</p> }.into_any(),
            Notice::Problem(msg) => view! { <p class="form-error banner" role="alert" id=NOTICE_ID data-testid="action-error">{msg}</p> }.into_any(),
        })
    }
}

/// The last island on every page: when it has hydrated, so have all the others (they hydrate in
/// document order), and end-to-end tests and the demos' script may start.
#[island]
pub fn HydrationMark() -> impl IntoView {
    Effect::new(|| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
}
