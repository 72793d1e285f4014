//! The session cookie as a carrier: the typed session and its store, and what the pages do with
//! it — sign a browser in or out, tell who it is, and turn it into the shop's cart owner. The
//! server functions and the Learn lab's cookie jar both come through here.

pub mod session;
pub mod store;

use crate::domain::{
    AppError, Cart, CartOwner, CurrentUser, MergeReport, ProductId, Quantity, UserId,
};
use crate::server::{
    accounts::{self, Client, DeviceToken, LoginInput, RegisterInput},
    shop, AppState,
};
use session::ShopSession;
use std::sync::Arc;
use store::GuardedStore;

/// The cookie session layer, configured once for the pages and the Learn lab alike.
pub fn layer(state: &AppState) -> tower_sessions::SessionManagerLayer<GuardedStore> {
    use tower_sessions::{cookie::SameSite, Expiry, SessionManagerLayer};
    let config = &state.config;
    SessionManagerLayer::new(state.sessions.clone())
        .with_name(config.session_cookie_name())
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(config.cookie_secure)
        .with_path("/")
        .with_expiry(Expiry::OnInactivity(time::Duration::seconds(
            config.session_idle.as_secs() as i64,
        )))
}

/// Checks the password (throttled), then signs the session in and merges its guest cart. Returns
/// the merge and the device token the browser keeps in its device cookie (`accounts::throttle`).
pub async fn login(
    state: &AppState,
    session: &ShopSession,
    client: &Client<'_>,
    input: LoginInput,
) -> Result<(MergeReport, DeviceToken), AppError> {
    let signed = accounts::authenticate(state, client, input).await?;
    Ok((sign_in(state, session, signed.user).await?, signed.device))
}

/// Creates the account and signs this browser into it.
pub async fn register(
    state: &AppState,
    session: &ShopSession,
    client: &str,
    input: RegisterInput,
) -> Result<MergeReport, AppError> {
    let (user, _) = accounts::register(state, client, input).await?;
    sign_in(state, session, user).await
}

/// The guest cart this browser carried becomes the account's, then the session id is cycled.
pub async fn sign_in(
    state: &AppState,
    session: &ShopSession,
    user: UserId,
) -> Result<MergeReport, AppError> {
    let report = match session.guest_cart_id().await? {
        Some(guest) => shop::carts::merge_guest(state, guest, user).await?,
        None => MergeReport::default(),
    };
    session.sign_in(user).await?;
    metrics::counter!("tokenshop_signins_total", "carrier" => "cookie").increment(1);
    Ok(report)
}

pub async fn logout(session: &ShopSession) -> Result<(), AppError> {
    session.sign_out().await
}

/// The signed-in account, if its record still exists; a session naming a deleted account is
/// signed out rather than kept pretending.
pub async fn current_user(
    state: &AppState,
    session: &ShopSession,
) -> Result<Option<CurrentUser>, AppError> {
    let Some(user) = session.user_id().await? else {
        return Ok(None);
    };
    match accounts::email_of(state, user).await? {
        Some(email) => Ok(Some(CurrentUser { id: user, email })),
        None => {
            session.sign_out().await?;
            Ok(None)
        }
    }
}

pub async fn require_user(
    state: &AppState,
    session: &ShopSession,
) -> Result<CurrentUser, AppError> {
    current_user(state, session)
        .await?
        .ok_or(AppError::LoginRequired)
}

/// What a signed-in browser's page reads about its account — the email and the cart — read once
/// per request however many parts of the page ask (the header and the cart page both do): taken
/// from the session's own load, which reads it in the same query, or else read on its own. Made
/// fresh for every request.
#[derive(Clone, Default)]
pub struct AccountRead(Arc<tokio::sync::OnceCell<Option<(String, Cart)>>>);

impl AccountRead {
    async fn get(
        &self,
        state: &AppState,
        session: &ShopSession,
        user: UserId,
    ) -> Result<Option<(String, Cart)>, AppError> {
        self.0
            .get_or_try_init(|| async {
                match session.account_read(user).await {
                    Some(read) => Ok(Some(read)),
                    None => shop::carts::account_with_cart(state, user).await,
                }
            })
            .await
            .cloned()
    }
}

/// The cart this browser shops with: its account's (through `read`) or its guest cart.
pub async fn cart(
    state: &AppState,
    session: &ShopSession,
    read: &AccountRead,
) -> Result<Cart, AppError> {
    match session.cart_owner().await? {
        Some(CartOwner::User(user)) => Ok(read
            .get(state, session, user)
            .await?
            .map(|(_, c)| c)
            .unwrap_or_default()),
        other => shop::carts::cart(state, other).await,
    }
}

/// Who a browser is on every page's header: signed in as whom, and how full its cart is.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Visitor {
    pub user: Option<CurrentUser>,
    pub cart_count: u32,
}

/// Every page's header: who is signed in and how full the cart is, in one query either way.
pub async fn visitor(
    state: &AppState,
    session: &ShopSession,
    read: &AccountRead,
) -> Result<Visitor, AppError> {
    match session.cart_owner().await? {
        Some(CartOwner::User(id)) => match read.get(state, session, id).await? {
            Some((email, cart)) => Ok(Visitor {
                user: Some(CurrentUser { id, email }),
                cart_count: cart.item_count(),
            }),
            // The account is gone: the session must not keep pretending.
            None => {
                session.sign_out().await?;
                Ok(Visitor::default())
            }
        },
        Some(guest) => Ok(Visitor {
            user: None,
            cart_count: shop::carts::item_count(state, guest).await?,
        }),
        None => Ok(Visitor::default()),
    }
}

/// The pages' add-to-cart: a guest's first add starts the session (and so the cookie). Returns the
/// product's name.
pub async fn add_to_cart(
    state: &AppState,
    session: &ShopSession,
    product: ProductId,
    quantity: Quantity,
) -> Result<String, AppError> {
    let added = shop::carts::add(state, session.cart_owner().await?, product, quantity).await?;
    if let Some(cart) = added.new_guest_cart {
        session.start_guest_cart(cart).await?;
    }
    Ok(added.name)
}
