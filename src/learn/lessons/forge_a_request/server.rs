//! The forged-request (CSRF) lab: the three layers, one at a time.
//!
//! The learner's lab account signs in on a real HttpOnly cookie, `SameSite=Lax`, scoped to this
//! lab's path. The attacker's page (the partner origin, opened as another site or as the same site
//! on another port) then sends simple POSTs at two targets:
//! - `weak`: the pages' own add-to-cart with the cookie and **no** check of where the request came
//!   from — a lab-only target, so an attack can succeed and show what SameSite alone does. It only
//!   ever changes a live lab account's cart (any other account is refused).
//! - `guarded`: the same action behind `security::cross_site`, the check every real change in the
//!   shop goes through.
//!
//! Each attempt is recorded under the id the lesson page chose, so the partner page and the
//! lesson can both say what happened. (The third layer, the bearer API, needs no target: the
//! partner page sends its forged POST to the real API and reads the 401.)

use crate::domain::{AppError, LabRefusal, Quantity};
use crate::learn::server::{lab::Credentials, module, partner_page};
use crate::server::{
    accounts::{self, LoginInput},
    api::{
        error::{ApiError, ApiJson},
        extract::ClientAddr,
    },
    cookie::{self, session::ShopSession},
    shop,
    web::request,
    web::security,
    AppState,
};
use axum::{
    extract::{Path, State},
    http::{HeaderMap, StatusCode},
    middleware,
    routing::{get, post},
    Json, Router,
};
use serde::Serialize;
use tower_sessions::{cookie::SameSite, Session, SessionManagerLayer};

const PATH: &str = "/learn/lab/csrf";
const COOKIE: &str = "tokenshop_lab_csrf";

/// What one forged request met, in words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Attempt {
    /// `weak` or `guarded`.
    pub target: &'static str,
    /// The browser's `Sec-Fetch-Site` (what it says about where the request came from).
    pub site: String,
    pub cookie_sent: bool,
    pub accepted: bool,
    pub said: String,
}

fn lab_session(state: &AppState, session: Session) -> ShopSession {
    ShopSession::new(session, &state.config, "Learn lab · forged requests".into())
}

#[derive(Serialize)]
struct SignedIn {
    email: String,
}

/// Signs the lab account in on the lab's cookie; only a lab account may.
async fn login(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    session: Session,
    ApiJson(body): ApiJson<Credentials>,
) -> Result<Json<SignedIn>, ApiError> {
    let input = LoginInput {
        email: body.email.clone(),
        password: body.password,
    };
    let user = accounts::authenticate(&state, &accounts::Client::at(&client), input)
        .await?
        .user;
    if !accounts::is_lab_account(&state, user).await? {
        return Err(AppError::Lab(LabRefusal::NotALabAccount).into());
    }
    cookie::sign_in(&state, &lab_session(&state, session), user).await?;
    Ok(Json(SignedIn { email: body.email }))
}

/// The lab's deliberately weak target: whoever's cookie arrives, their lab cart gets a tea.
async fn weak(
    State(state): State<AppState>,
    Path(attempt): Path<String>,
    headers: HeaderMap,
    session: Session,
) -> Result<(StatusCode, String), ApiError> {
    let shop = lab_session(&state, session);
    let cookie_sent = cookie_sent(&headers);
    let user = cookie::current_user(&state, &shop).await?;
    let (status, accepted, said) = match user {
        Some(user) if accounts::is_lab_account(&state, user.id).await? => {
            let tea = shop::catalog::product(&state, "earl-grey").await?;
            cookie::add_to_cart(&state, &shop, tea.id, Quantity::ONE).await?;
            (StatusCode::OK, true, format!(
                "Accepted: the cookie came along, so this target added a {} to {}'s lab cart. It checks nothing else — SameSite alone did not stop this request.",
                tea.name, user.email
            ))
        }
        Some(_) => (StatusCode::FORBIDDEN, false, "Refused: this target changes lab accounts only.".to_string()),
        None => (StatusCode::UNAUTHORIZED, false, "Nothing happened: no lab cookie came with the request (SameSite=Lax keeps it off another site's POST), so the target could not tell whose cart to change.".to_string()),
    };
    state.learn.forgeries.add(
        &attempt,
        vec![Attempt {
            target: "weak",
            site: request::fetch_site(&headers),
            cookie_sent,
            accepted,
            said: said.clone(),
        }],
    );
    Ok((status, said))
}

/// The same action behind the shop's own check of where a change comes from.
async fn guarded(
    State(state): State<AppState>,
    Path(attempt): Path<String>,
    headers: HeaderMap,
) -> (StatusCode, String) {
    let cookie_sent = cookie_sent(&headers);
    let (status, accepted, said) = match security::cross_site(&headers) {
        Some(reason) => (StatusCode::FORBIDDEN, false, format!(
            "Refused (403) by the shop's check, {}: {}. Every change to a cart, an order or a sign-in goes through it, so nothing changed.",
            if cookie_sent { "although the cookie came along" } else { "and no cookie came along either" },
            reason.in_words()
        )),
        None => (StatusCode::OK, true, "Accepted: this request came from the shop's own pages.".to_string()),
    };
    state.learn.forgeries.add(
        &attempt,
        vec![Attempt {
            target: "guarded",
            site: request::fetch_site(&headers),
            cookie_sent,
            accepted,
            said: said.clone(),
        }],
    );
    (status, said)
}

/// Whether the lab's own cookie came with the request (whether or not it names a session).
fn cookie_sent(headers: &HeaderMap) -> bool {
    request::cookie_value(headers, COOKIE).is_some()
}

/// What the targets received for this attempt id (read by the lesson and by the partner page).
pub async fn attempts(
    State(state): State<AppState>,
    Path(attempt): Path<String>,
) -> Json<Vec<Attempt>> {
    Json(state.learn.forgeries.get(&attempt))
}

/// The attacker's page, on the partner origin: it sends the forged requests from another site (or
/// from the same site on another port, when opened under the shop's host name).
pub fn partner_router() -> Router<AppState> {
    Router::new()
        .route(
            "/learn/forge-a-request/attacker",
            get(|State(state): State<AppState>| async move {
                partner_page(include_str!("attacker.html"), &state)
            }),
        )
        .route(
            "/learn/lessons/forge_a_request/attacker.js",
            get(|| async { module(include_str!("attacker.js")) }),
        )
}

pub fn router(state: &AppState) -> Router<AppState> {
    let layer = SessionManagerLayer::new(state.sessions.clone())
        .with_name(COOKIE)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(state.config.cookie_secure)
        .with_path(PATH);
    Router::new()
        .route(
            &format!("{PATH}/login"),
            post(login).layer(middleware::from_fn(security::refuse_cross_site)),
        )
        // No cross-site refusal here, on purpose: see the module's documentation.
        .route(&format!("{PATH}/weak/{{attempt}}"), post(weak))
        .route(&format!("{PATH}/guarded/{{attempt}}"), post(guarded))
        .route(&format!("{PATH}/attempts/{{attempt}}"), get(attempts))
        .layer(layer)
}
