//! What every lab signs in with: a throwaway lab account per learner (`account`), and a cookie jar
//! for the page's scripts, so a lab can sign in by the pages and replay an old session cookie.
//!
//! A browser will not let a script read an HttpOnly cookie or set a `Cookie` header, so the page
//! cannot replay an old session cookie as an attacker who copied it would. The lab's cookie routes
//! keep a second cookie jar for the page instead: the script sends the cookie in `X-Lab-Cookie`,
//! the jar turns it into `Cookie` before the real session layer, and turns the layer's
//! `Set-Cookie` into `X-Lab-Set-Cookie` on the way out. Everything in between is the shop's own
//! code: the same session store, login, logout and cart functions the pages use.

use crate::domain::{Cart, ProductId, Quantity};
use crate::server::{
    accounts::{self, LoginInput},
    api::{
        error::{ApiError, ApiJson},
        extract::ClientAddr,
    },
    cookie::{self, session::ShopSession},
    shop,
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

pub fn shop_session(state: &AppState, session: Session, headers: &HeaderMap) -> ShopSession {
    let agent = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(|ua| format!("Learn lab · {ua}"))
        .unwrap_or_else(|| "Learn lab".into());
    ShopSession::new(session, &state.config, agent)
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
        .route("/learn/lab/cookie/cart", get(cart).post(add));
    Router::new()
        .merge(behind_jar(jar, state))
        .route("/learn/lab/account", post(account))
        .layer(middleware::from_fn(security::refuse_cross_site))
}
