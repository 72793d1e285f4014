//! What every lab signs in with: a throwaway lab account per learner (`account`), and a cookie jar
//! for the page's scripts, so a lab can sign in by the pages and replay an old session cookie.
//!
//! A browser will not let a script read an HttpOnly cookie or set a `Cookie` header, so the page
//! cannot replay an old session cookie as an attacker who copied it would. The lab's cookie routes
//! keep a second cookie jar for the page instead: the script sends the cookie in `X-Lab-Cookie`,
//! the jar turns it into `Cookie` before the real session layer, and turns the layer's
//! `Set-Cookie` into `X-Lab-Set-Cookie` on the way out. Everything in between is the shop's own
//! code: the same session store, login, logout and cart functions the pages use.
//!
//! A lab may also sign its account in for a short while (`/learn/lab/short/…`): the same sign-ins
//! with lifetimes of seconds, so the learner watches a cookie and a token end without anyone
//! restarting the shop in demo mode.

use crate::domain::{AppError, Cart, LabRefusal, ProductId, Quantity};
use crate::learn::kit;
use crate::server::{
    accounts::{self, LoginInput},
    api::{
        error::{ApiError, ApiJson},
        extract::ClientAddr,
    },
    cookie::{self, session::ShopSession},
    shop, token,
    web::security,
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
use std::time::Duration;
use tower_sessions::Session;

pub const LAB_COOKIE: &str = "x-lab-cookie";
pub const LAB_SET_COOKIE: &str = "x-lab-set-cookie";

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

fn lab_agent(headers: &HeaderMap) -> String {
    headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(|ua| format!("Learn lab · {ua}"))
        .unwrap_or_else(|| "Learn lab".into())
}

pub fn shop_session(state: &AppState, session: Session, headers: &HeaderMap) -> ShopSession {
    ShopSession::new(session, &state.config, lab_agent(headers))
}

/// A lab's short sign-in: lifetimes of seconds, so the learner watches a credential end.
pub const SHORT_ACCESS: Duration = Duration::from_secs(kit::SHORT_SIGN_IN_ACCESS_SECS);
pub const SHORT_SESSION: Duration = Duration::from_secs(kit::SHORT_SIGN_IN_SESSION_SECS);

/// `shop_session` for the short sign-in's routes: the same session layer and store, with the
/// short absolute lifetime.
fn short_session(state: &AppState, session: Session, headers: &HeaderMap) -> ShopSession {
    ShopSession::lasting(session, &state.config, lab_agent(headers), SHORT_SESSION)
}

/// Only a live lab account gets a short sign-in: the lab asks for short lifetimes for its own
/// throwaway account, never for anyone else's.
async fn only_lab_account(state: &AppState, email: &str) -> Result<(), ApiError> {
    if accounts::is_lab_email(state, email).await? {
        Ok(())
    } else {
        Err(AppError::Lab(LabRefusal::NotALabAccount).into())
    }
}

/// An email and a password, as every lab's sign-in takes them.
#[derive(Deserialize)]
pub struct Credentials {
    pub email: String,
    pub password: String,
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
    sign_in(&state, &shop, &client, body).await
}

/// Signs the page's session in, as the login page does (the same check, throttle and merge).
async fn sign_in(
    state: &AppState,
    shop: &ShopSession,
    client: &str,
    body: Credentials,
) -> Result<Json<crate::domain::MergeReport>, ApiError> {
    let input = LoginInput {
        email: body.email,
        password: body.password,
    };
    let client = accounts::Client::at(client);
    Ok(Json(cookie::login(state, shop, &client, input).await?.0))
}

/// The pages' login with the short lifetime: the session ends `SHORT_SESSION` after it began.
async fn short_login(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    session: Session,
    headers: HeaderMap,
    ApiJson(body): ApiJson<Credentials>,
) -> Result<Json<crate::domain::MergeReport>, ApiError> {
    only_lab_account(&state, &body.email).await?;
    let shop = short_session(&state, session, &headers);
    sign_in(&state, &shop, &client, body).await
}

/// The API's login with the short lifetime: an access token that lasts `SHORT_ACCESS`.
async fn short_token(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    headers: HeaderMap,
    ApiJson(body): ApiJson<Credentials>,
) -> Result<Json<token::refresh::TokenResponse>, ApiError> {
    only_lab_account(&state, &body.email).await?;
    let input = LoginInput {
        email: body.email,
        password: body.password,
    };
    let client = accounts::Client::at(&client);
    let agent = lab_agent(&headers);
    let tokens =
        token::refresh::login_lasting(&state, &client, &agent, input, None, None, SHORT_ACCESS)
            .await?;
    Ok(Json(tokens))
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
    who(&state, shop_session(&state, session, &headers)).await
}

/// `whoami` for a short sign-in's cookie, with the short lifetime enforced.
async fn short_whoami(
    State(state): State<AppState>,
    session: Session,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    who(&state, short_session(&state, session, &headers)).await
}

async fn who(state: &AppState, shop: ShopSession) -> Result<Response, ApiError> {
    Ok(match cookie::current_user(state, &shop).await? {
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

/// A throwaway account for this learner's labs (`accounts::create_lab_account`), so one learner's
/// labs never sign out, lock out or fill the cart of another's, or of the demo accounts.
async fn account(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
) -> Result<Json<accounts::LabAccount>, ApiError> {
    Ok(Json(accounts::create_lab_account(&state, &client).await?))
}

/// `routes` behind the page's cookie jar and the pages' own session layer.
pub fn behind_jar(routes: Router<AppState>, state: &AppState) -> Router<AppState> {
    routes
        .layer(cookie::layer(state))
        .layer(middleware::from_fn(cookie_jar))
}

pub fn router(state: &AppState) -> Router<AppState> {
    let jar = Router::new()
        .route("/learn/lab/cookie/login", post(login))
        .route("/learn/lab/cookie/whoami", get(whoami))
        .route("/learn/lab/cookie/logout", post(logout))
        .route("/learn/lab/cookie/cart", get(cart).post(add))
        .route("/learn/lab/short/cookie/login", post(short_login))
        .route("/learn/lab/short/cookie/whoami", get(short_whoami));
    Router::new()
        .merge(behind_jar(jar, state))
        .route("/learn/lab/account", post(account))
        .route("/learn/lab/short/token", post(short_token))
        .layer(middleware::from_fn(security::refuse_cross_site))
}
