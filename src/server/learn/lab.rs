//! The Learn page's labs: real sign-ins and carts the page's scripts can drive and replay.
//!
//! A browser will not let a script read an HttpOnly cookie or set a `Cookie` header, so the page
//! cannot replay an old session cookie as an attacker who copied it would. The lab's cookie routes
//! keep a second cookie jar for the page instead: the script sends the cookie in `X-Lab-Cookie`,
//! the jar turns it into `Cookie` before the real session layer, and turns the layer's
//! `Set-Cookie` into `X-Lab-Set-Cookie` on the way out. Everything in between is the shop's own
//! code: the same session store, login, logout and cart functions the pages use.

use crate::domain::{
    preview_merge, AppError, Cart, CartId, CartOwner, LabRefusal, PreviewLine, ProductId, Quantity,
};
use crate::server::{
    accounts::{self, LoginInput},
    api::{
        error::{ApiError, ApiJson},
        extract::{ApiUser, ClientAddr, GuestCartToken},
    },
    clock::now_unix,
    cookie::{self, session::ShopSession},
    db, security, shop,
    token::error::AuthError,
    AppState,
};
use axum::{
    extract::{Request, State},
    http::{header, HeaderMap, HeaderName, StatusCode},
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::{get, post},
    Json, Router,
};
use serde::{Deserialize, Serialize};
use tower_sessions::Session;

pub const LAB_COOKIE: &str = "x-lab-cookie";
pub const LAB_SET_COOKIE: &str = "x-lab-set-cookie";
/// A rotation from the page at most this often: each one adds a key every instance must load.
const ROTATE_EVERY_SECS: i64 = 10;

/// The page's cookie jar for the lab routes; the browser's own cookies never reach them.
async fn cookie_jar(req: Request, next: Next) -> Response {
    let (mut parts, body) = req.into_parts();
    parts.headers.remove(header::COOKIE);
    if let Some(v) = parts.headers.remove(LAB_COOKIE) {
        parts.headers.insert(header::COOKIE, v);
    }
    let mut res = next.run(Request::from_parts(parts, body)).await;
    let h = res.headers_mut();
    let set: Vec<_> = h.get_all(header::SET_COOKIE).iter().cloned().collect();
    h.remove(header::SET_COOKIE);
    for v in set {
        h.append(HeaderName::from_static(LAB_SET_COOKIE), v);
    }
    res
}

fn shop_session(state: &AppState, session: Session, headers: &HeaderMap) -> ShopSession {
    let agent = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(|ua| format!("Learn lab · {ua}"))
        .unwrap_or_else(|| "Learn lab".into());
    ShopSession::new(session, &state.config, agent)
}

/// An email and a password, as every lab's sign-in takes them.
#[derive(Deserialize)]
pub(super) struct Credentials {
    pub(super) email: String,
    pub(super) password: String,
}

/// The pages' login, on the lab's jar: a guest cart held by that session is merged.
async fn login(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    session: Session,
    headers: HeaderMap,
    ApiJson(body): ApiJson<Credentials>,
) -> Result<Json<crate::domain::MergeReport>, ApiError> {
    let shop = shop_session(&state, session, &headers);
    let input = LoginInput {
        email: body.email,
        password: body.password,
    };
    let client = accounts::Client::at(&client);
    Ok(Json(cookie::login(&state, &shop, &client, input).await?.0))
}

#[derive(Serialize)]
struct WhoAmI {
    signed_in: bool,
    email: Option<String>,
    detail: &'static str,
}

/// What the pages would make of this cookie: a signed-in user (200) or nobody (401).
async fn whoami(
    State(state): State<AppState>,
    session: Session,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let shop = shop_session(&state, session, &headers);
    Ok(match cookie::current_user(&state, &shop).await? {
        Some(user) => Json(WhoAmI {
            signed_in: true,
            email: Some(user.email),
            detail: "The session record exists and names this user.",
        })
        .into_response(),
        None => (
            StatusCode::UNAUTHORIZED,
            Json(WhoAmI {
                signed_in: false,
                email: None,
                detail: "No signed-in session has this id: the cookie is worth nothing now.",
            }),
        )
            .into_response(),
    })
}

async fn logout(
    State(state): State<AppState>,
    session: Session,
    headers: HeaderMap,
) -> Result<StatusCode, ApiError> {
    cookie::logout(&shop_session(&state, session, &headers)).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn cart(
    State(state): State<AppState>,
    session: Session,
    headers: HeaderMap,
) -> Result<Json<Cart>, ApiError> {
    let shop = shop_session(&state, session, &headers);
    Ok(Json(
        shop::carts::cart(&state, shop.cart_owner().await?).await?,
    ))
}

#[derive(Deserialize)]
struct AddLine {
    product_id: ProductId,
    quantity: Quantity,
}

/// The pages' add-to-cart: a guest's first add starts the session, and so the cookie.
async fn add(
    State(state): State<AppState>,
    session: Session,
    headers: HeaderMap,
    ApiJson(body): ApiJson<AddLine>,
) -> Result<Json<Cart>, ApiError> {
    let shop = shop_session(&state, session, &headers);
    cookie::add_to_cart(&state, &shop, body.product_id, body.quantity).await?;
    Ok(Json(
        shop::carts::cart(&state, shop.cart_owner().await?).await?,
    ))
}

#[derive(Serialize)]
struct MergePreview {
    cookie_cart: Cart,
    token_cart: Cart,
    /// Into a new account's empty cart: the cookie's cart at the pages' login, then the token's
    /// cart at the API's login, by the same rule the merge itself uses.
    after_both_logins: Vec<PreviewLine>,
}

/// What logging in both ways will do with the two guest carts, before it happens.
async fn merge_preview(
    State(state): State<AppState>,
    session: Session,
    headers: HeaderMap,
    GuestCartToken(token_cart): GuestCartToken,
) -> Result<Json<MergePreview>, ApiError> {
    let shop = shop_session(&state, session, &headers);
    if shop.user_id().await?.is_some() {
        return Err(AppError::Lab(LabRefusal::AlreadySignedIn).into());
    }
    let cookie_cart = shop::carts::cart(&state, shop.cart_owner().await?).await?;
    let token_cart = shop::carts::cart(&state, token_cart.map(CartOwner::Guest)).await?;
    let after_both_logins = preview_merge(&Cart::default(), &[&cookie_cart, &token_cart]);
    Ok(Json(MergePreview {
        cookie_cart,
        token_cart,
        after_both_logins,
    }))
}

/// A throwaway account for this learner's labs (`accounts::create_lab_account`), so one learner's
/// labs never sign out, lock out or fill the cart of another's, or of the demo accounts.
async fn account(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
) -> Result<Json<accounts::LabAccount>, ApiError> {
    Ok(Json(accounts::create_lab_account(&state, &client).await?))
}

#[derive(Serialize)]
struct Rotation {
    old_kid: Option<String>,
    new_kid: String,
}

/// Rotates the signing key from the page, in every mode. Harmless to every holder of a token (old
/// keys keep verifying until their tokens expire) but a change to the whole shop, so at most once
/// every ROTATE_EVERY_SECS for everyone.
async fn rotate_key(State(state): State<AppState>) -> Result<Json<Rotation>, ApiError> {
    if let Some(rotated) = db::keys::last_rotated_at(&state.db).await? {
        let age = now_unix() - rotated;
        if age < ROTATE_EVERY_SECS {
            return Err(AppError::Lab(LabRefusal::RotatedRecently {
                age,
                every: ROTATE_EVERY_SECS,
            })
            .into());
        }
    }
    let old_kid = state.keys.signing_kid();
    let new_kid = state.keys.rotate(&state.db).await?;
    tracing::info!(%new_kid, "signing key rotated from the Learn lab");
    Ok(Json(Rotation { old_kid, new_kid }))
}

#[derive(Serialize)]
struct TokenSamples {
    /// A genuine token of this shop for the same account, expired a minute ago.
    expired: String,
    /// A genuine Cart-Token: signed by the same key, but another kind of token.
    cart: String,
}

/// Real tokens the tamper lab cannot make by editing: an expired one and one of another kind.
/// Only for the holder of a valid access token, and only about that token's own account.
async fn token_samples(
    State(state): State<AppState>,
    ApiUser { claims, .. }: ApiUser,
) -> Result<Json<TokenSamples>, ApiError> {
    let expired = state
        .keys
        .sign_expired_copy(&claims)
        .map_err(AuthError::from)?;
    let cart = state.keys.sign_cart(CartId(0)).map_err(AuthError::from)?;
    Ok(Json(TokenSamples { expired, cart }))
}

pub fn router(state: &AppState) -> Router<AppState> {
    let jar = Router::new()
        .route("/learn/lab/cookie/login", post(login))
        .route("/learn/lab/cookie/whoami", get(whoami))
        .route("/learn/lab/cookie/logout", post(logout))
        .route("/learn/lab/cookie/cart", get(cart).post(add))
        .route("/learn/lab/cookie/merge-preview", get(merge_preview))
        .layer(cookie::layer(state))
        .layer(middleware::from_fn(cookie_jar));
    Router::new()
        .merge(jar)
        .route("/learn/lab/account", post(account))
        .route("/learn/lab/rotate-key", post(rotate_key))
        .route("/learn/lab/token-samples", post(token_samples))
        .layer(middleware::from_fn(security::refuse_cross_site))
}
