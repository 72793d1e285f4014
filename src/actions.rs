//! What the shop's actions have in common across the page. Pages are rendered on the server and only
//! the parts that change in place ship to the browser, as islands (see `components`): the cart
//! badge, the notice under the header, the add-to-cart forms and the cart table. Everything else —
//! logging in or out, registering, ending a sign-in — is a plain form and a page load.
//!
//! An island runs its server function through the function's own client ([`run`]) and then
//! *announces* what happened on the page, as DOM events: the cart's new item count and the notice
//! to show. The badge and the notice follow any island without sharing state with it.
//!
//! Why not Leptos's `ActionForm` and `ServerAction`: they read the form with serde_qs and decode
//! errors carried in URLs, which, with the actions' reactive machinery, made the islands' bundle
//! a third larger (measured with `bench/lighthouse`'s byte counts and twiggy). Every form here is a
//! plain HTML form posting to its server function, so everything also works without JavaScript.

use crate::domain::{order_placed_message, AppError, OrderId};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use serde::{Deserialize, Serialize};

/// The cart's item count changed: the detail is `+N` (N more) or `=N` (N now).
pub const CART_EVENT: &str = "tokenshop:cart";
/// The notice under the header: `I…` (info), `P…` (a problem) or empty (none).
pub const NOTICE_EVENT: &str = "tokenshop:notice";

/// The id of the notice's problem message: a field an action refused points at it
/// (`aria-describedby`) while it shows that refusal.
pub const NOTICE_ID: &str = "action-error";

/// The outcome of the latest shop action, shown under the header.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Notice {
    Info(String),
    Problem(String),
}

pub fn problem(e: AppError) -> Notice {
    Notice::Problem(e.to_string())
}

pub fn order_placed(id: OrderId) -> Notice {
    Notice::Info(order_placed_message(id))
}

/// How the cart's item count changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CartCount {
    More(u32),
    Now(u32),
}

impl CartCount {
    pub fn apply(self, count: u32) -> u32 {
        match self {
            CartCount::More(n) => count.saturating_add(n),
            CartCount::Now(n) => n,
        }
    }

    fn encode(self) -> String {
        match self {
            CartCount::More(n) => format!("+{n}"),
            CartCount::Now(n) => format!("={n}"),
        }
    }

    fn decode(detail: &str) -> Option<Self> {
        let (sign, n) = detail.split_at_checked(1)?;
        let n = n.parse().ok()?;
        match sign {
            "+" => Some(CartCount::More(n)),
            "=" => Some(CartCount::Now(n)),
            _ => None,
        }
    }
}

fn encode_notice(notice: &Option<Notice>) -> String {
    match notice {
        Some(Notice::Info(m)) => format!("I{m}"),
        Some(Notice::Problem(m)) => format!("P{m}"),
        None => String::new(),
    }
}

fn decode_notice(detail: &str) -> Option<Notice> {
    match detail.split_at_checked(1) {
        Some(("I", m)) => Some(Notice::Info(m.to_string())),
        Some(("P", m)) => Some(Notice::Problem(m.to_string())),
        _ => None,
    }
}

/// Says on the page what an action did: the notice to show (or none), and how the cart's count
/// changed, if it did. A no-op on the server.
pub fn announce(notice: Option<Notice>, count: Option<CartCount>) {
    dispatch(NOTICE_EVENT, &encode_notice(&notice));
    if let Some(count) = count {
        dispatch(CART_EVENT, &count.encode());
    }
}

fn dispatch(event: &str, detail: &str) {
    #[cfg(feature = "hydrate")]
    {
        let init = web_sys::CustomEventInit::new();
        init.set_detail(&leptos::wasm_bindgen::JsValue::from_str(detail));
        if let Ok(e) = web_sys::CustomEvent::new_with_event_init_dict(event, &init) {
            let _ = window().dispatch_event(&e);
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (event, detail);
}

/// Runs `f` with the detail of every `event` dispatched on the page (in the browser only).
fn listen(event: &'static str, f: impl Fn(String) + 'static) {
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsCast;
        let handle = window_event_listener_untyped(event, move |ev| {
            if let Some(detail) = ev
                .dyn_ref::<web_sys::CustomEvent>()
                .and_then(|c| c.detail().as_string())
            {
                f(detail);
            }
        });
        on_cleanup(move || handle.remove());
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (event, f);
}

pub fn on_cart_count(f: impl Fn(CartCount) + 'static) {
    listen(CART_EVENT, move |d| {
        if let Some(count) = CartCount::decode(&d) {
            f(count)
        }
    });
}

pub fn on_notice(f: impl Fn(Option<Notice>) + 'static) {
    listen(NOTICE_EVENT, move |d| f(decode_notice(&d)));
}

/// Runs a server function through its client, with `busy` set while it runs (the form's buttons
/// are disabled by it, so a double click sends once), then hands the result to `then`. A redirect
/// the server function answers with (a checkout) becomes a page load.
pub fn run<S>(
    input: S,
    busy: RwSignal<bool>,
    then: impl FnOnce(Result<S::Output, AppError>) + 'static,
) where
    S: ServerFn<Error = AppError> + 'static,
{
    if busy.get_untracked() {
        return;
    }
    busy.set(true);
    #[cfg(feature = "hydrate")]
    let _ = leptos::server_fn::redirect::set_redirect_hook(|to: &str| {
        let _ = window().location().set_href(to);
    });
    leptos::task::spawn_local(async move {
        let result = input.run_on_client().await;
        busy.set(false);
        then(result);
    });
}

/// A submitted form's fields (empty on the server, which never submits one).
pub struct FormFields {
    #[cfg(feature = "hydrate")]
    data: Option<web_sys::FormData>,
}

impl FormFields {
    /// The fields of the form `ev` submits; the browser does not also post it.
    pub fn of(ev: &leptos::ev::SubmitEvent) -> Self {
        ev.prevent_default();
        #[cfg(feature = "hydrate")]
        {
            use leptos::wasm_bindgen::JsCast;
            let data = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok())
                .and_then(|f| web_sys::FormData::new_with_form(&f).ok());
            FormFields { data }
        }
        #[cfg(not(feature = "hydrate"))]
        FormFields {}
    }

    /// The field's value, or empty.
    pub fn get(&self, name: &str) -> String {
        #[cfg(feature = "hydrate")]
        return self
            .data
            .as_ref()
            .and_then(|d| d.get(name).as_string())
            .unwrap_or_default();
        #[cfg(not(feature = "hydrate"))]
        {
            let _ = name;
            String::new()
        }
    }
}

/// The error a no-JavaScript post of `S` came back with (in the page's URL), as the server renders
/// the page.
pub fn error_from_url<S: ServerFn<Error = AppError>>() -> Option<AppError> {
    use leptos::server_fn::error::ServerFnUrlError;
    let error = use_context::<leptos::server::ServerActionError>()?;
    (error.path() == S::PATH).then(|| ServerFnUrlError::<AppError>::decode_err(error.err()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn announcements_survive_their_trip_through_the_dom() {
        for count in [CartCount::More(3), CartCount::Now(0)] {
            assert_eq!(CartCount::decode(&count.encode()), Some(count));
        }
        assert_eq!(CartCount::More(2).apply(3), 5);
        assert_eq!(CartCount::Now(1).apply(3), 1);
        for notice in [
            Some(Notice::Info("Added 1 × Tea".into())),
            Some(Notice::Problem("Out of stock.".into())),
            None,
        ] {
            assert_eq!(decode_notice(&encode_notice(&notice)), notice);
        }
        assert_eq!(CartCount::decode("x"), None);
    }
}
