//! The shop-wide actions (every mutation a page can make) and the notice their outcome leaves
//! under the header. Created once above the routes, so the header and every page share them and
//! refresh after any of them; pages import this module, never `app`.

use crate::domain::{order_placed_message, AppError};
use crate::server_fns::{
    auth::{Login, Logout, Register},
    cart::{AddToCart, RemoveCartLine, UpdateCartLine},
    orders::Checkout,
};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// The outcome of the latest shop action, shown under the header.
#[derive(Clone, Debug, PartialEq)]
pub enum Notice {
    Info(String),
    Problem(String),
}

/// Every mutation of the shop, created once so the navigation bar can refresh after any of them.
#[derive(Clone, Copy)]
pub struct ShopActions {
    pub add_to_cart: ServerAction<AddToCart>,
    pub update_line: ServerAction<UpdateCartLine>,
    pub remove_line: ServerAction<RemoveCartLine>,
    pub checkout: ServerAction<Checkout>,
    pub login: ServerAction<Login>,
    pub register: ServerAction<Register>,
    pub logout: ServerAction<Logout>,
    pub notice: RwSignal<Option<Notice>>,
}

/// Reads (and so tracks) an action's latest result as the notice it leaves: `None` while the
/// action has no result, `Some(None)` for a result that leaves no notice.
type Outcome = Box<dyn Fn() -> Option<Option<Notice>>>;

fn outcome<S>(
    action: ServerAction<S>,
    notice: fn(Result<S::Output, AppError>) -> Option<Notice>,
) -> Outcome
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    Box::new(move || action.value().get().map(notice))
}

fn problem(e: AppError) -> Option<Notice> {
    Some(Notice::Problem(e.to_string()))
}

impl ShopActions {
    fn new() -> Self {
        let actions = ShopActions {
            add_to_cart: ServerAction::new(),
            update_line: ServerAction::new(),
            remove_line: ServerAction::new(),
            checkout: ServerAction::new(),
            login: ServerAction::new(),
            register: ServerAction::new(),
            logout: ServerAction::new(),
            notice: RwSignal::new(None),
        };
        let outcomes = actions.outcomes();
        // A failed no-JavaScript post comes back with its error in the URL: show it on this render.
        let from_url = untrack(|| outcomes.iter().find_map(|o| o().flatten()));
        actions.notice.set(from_url);
        // In the browser, each completed action replaces the notice with its own outcome.
        for outcome in outcomes {
            let notice = actions.notice;
            Effect::new(move |prev: Option<()>| {
                let latest = outcome();
                if let (Some(_), Some(latest)) = (prev, latest) {
                    notice.set(latest);
                }
            });
        }
        actions
    }

    /// What each action's outcome says under the header. Login and registration errors stay in
    /// their forms; a merge report is worth a notice; logging out clears it.
    fn outcomes(self) -> [Outcome; 7] {
        [
            outcome(self.add_to_cart, |r| {
                r.map_or_else(problem, |m| Some(Notice::Info(m)))
            }),
            outcome(self.update_line, |r| r.err().and_then(problem)),
            outcome(self.remove_line, |r| r.err().and_then(problem)),
            outcome(self.checkout, |r| {
                r.map_or_else(problem, |id| Some(Notice::Info(order_placed_message(id))))
            }),
            outcome(self.login, |r| r.ok().flatten().map(Notice::Info)),
            outcome(self.register, |r| r.ok().flatten().map(Notice::Info)),
            outcome(self.logout, |_| None),
        ]
    }

    /// Changes whenever any action completes; resources that show shop state track it.
    pub fn version(&self) -> usize {
        self.add_to_cart.version().get()
            + self.update_line.version().get()
            + self.remove_line.version().get()
            + self.checkout.version().get()
            + self.login.version().get()
            + self.register.version().get()
            + self.logout.version().get()
    }
}

pub fn use_actions() -> ShopActions {
    // Provided by `ShopContext` above every page; a missing context is a programming error caught
    // in tests.
    expect_context::<ShopActions>()
}

/// Creates the actions inside the router, where a failed no-JavaScript form post's error (carried
/// back in the URL) is available to them.
#[component]
pub fn ShopContext(children: Children) -> impl IntoView {
    // `<Routes>` would provide it only below this point; the actions are created here, above it.
    leptos_router::hooks::use_url()
        .read_untracked()
        .provide_server_action_error();
    provide_context(ShopActions::new());
    children()
}
