//! The "where the browser keeps it" lab: two of its six sign-ins are kept where a page's script
//! cannot read them, and the attacker's side replays what a script could take.
//!
//! - `cookie/`: the pages' own login on a real HttpOnly cookie, scoped to this lab's path, so the
//!   learner's injected script meets exactly what it would meet on the shop's pages.
//! - `bff/`: a backend-for-frontend. The server signs in by the API (tokens) and keeps both tokens
//!   in the session record; the browser holds only an HttpOnly cookie, and `me` uses the access
//!   token (refreshing it when it has expired) on the browser's behalf.
//!
//! What the injected script sends goes to the attacker's collector (`learn::server::collector`).

use crate::domain::{AppError, LabRefusal};
use crate::learn::server::lab::Credentials;
use crate::server::{
    accounts::{self, LoginInput},
    api::{
        error::{ApiError, ApiJson},
        extract::ClientAddr,
    },
    cookie::{self, session::ShopSession},
    token::{self, bearer},
    web::security,
    AppState,
};
use axum::{
    extract::State,
    middleware,
    routing::{get, post},
    Json, Router,
};
use serde::{Deserialize, Serialize};
use tower_sessions::{cookie::SameSite, Session, SessionManagerLayer};

const COOKIE_PATH: &str = "/learn/lab/xss/cookie";
const BFF_PATH: &str = "/learn/lab/xss/bff";
const BFF_TOKENS: &str = "bff.tokens";

#[derive(Serialize)]
struct Who {
    email: String,
    how: &'static str,
}

fn lab_session(state: &AppState, session: Session) -> ShopSession {
    ShopSession::new(
        session,
        &state.config,
        "Learn lab · where the browser keeps it".into(),
    )
}

/// The pages' login; the browser gets an HttpOnly cookie for this lab's path only.
async fn cookie_login(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    session: Session,
    ApiJson(body): ApiJson<Credentials>,
) -> Result<Json<Who>, ApiError> {
    let shop = lab_session(&state, session);
    let input = LoginInput {
        email: body.email.clone(),
        password: body.password,
    };
    cookie::login(&state, &shop, &accounts::Client::at(&client), input).await?;
    Ok(Json(Who {
        email: body.email,
        how: "session cookie (HttpOnly)",
    }))
}

async fn cookie_whoami(
    State(state): State<AppState>,
    session: Session,
) -> Result<Json<Who>, ApiError> {
    let shop = lab_session(&state, session);
    match cookie::current_user(&state, &shop).await? {
        Some(user) => Ok(Json(Who {
            email: user.email,
            how: "session cookie (HttpOnly)",
        })),
        None => Err(AppError::Lab(LabRefusal::NotSignedIn).into()),
    }
}

#[derive(Serialize, Deserialize)]
struct BffTokens {
    access: String,
    refresh: String,
}

/// The backend-for-frontend's login: the API's sign-in, whose tokens never leave the server.
async fn bff_login(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    session: Session,
    ApiJson(body): ApiJson<Credentials>,
) -> Result<Json<Who>, ApiError> {
    let input = LoginInput {
        email: body.email.clone(),
        password: body.password,
    };
    let tokens = token::refresh::login(
        &state,
        &accounts::Client::at(&client),
        "Learn lab · backend-for-frontend",
        input,
        None,
        None,
    )
    .await?;
    let kept = BffTokens {
        access: tokens.access_token,
        refresh: tokens.refresh_token,
    };
    session.cycle_id().await.map_err(AppError::from)?;
    session
        .insert(BFF_TOKENS, kept)
        .await
        .map_err(AppError::from)?;
    Ok(Json(Who {
        email: body.email,
        how: "backend-for-frontend (HttpOnly cookie; tokens on the server)",
    }))
}

/// The BFF calling the API for the browser: with the access token it keeps, refreshed when refused.
async fn bff_me(State(state): State<AppState>, session: Session) -> Result<Json<Who>, ApiError> {
    let kept: Option<BffTokens> = session.get(BFF_TOKENS).await.map_err(AppError::from)?;
    let Some(mut kept) = kept else {
        return Err(AppError::Lab(LabRefusal::NotSignedIn).into());
    };
    let access = match bearer::verify_access(&state, &kept.access).await {
        Ok(access) => access,
        Err(_) => {
            let fresh = token::refresh::refresh(&state, &kept.refresh, None)
                .await
                .map_err(|_| AppError::Lab(LabRefusal::NotSignedIn))?;
            kept = BffTokens {
                access: fresh.access_token,
                refresh: fresh.refresh_token,
            };
            let access = bearer::verify_access(&state, &kept.access).await?;
            session
                .insert(BFF_TOKENS, &kept)
                .await
                .map_err(AppError::from)?;
            access
        }
    };
    let email = access
        .claims
        .email
        .unwrap_or_else(|| access.user.to_string());
    Ok(Json(Who {
        email,
        how: "backend-for-frontend (HttpOnly cookie; tokens on the server)",
    }))
}

fn scoped(
    state: &AppState,
    name: &'static str,
    path: &'static str,
) -> SessionManagerLayer<crate::server::cookie::store::GuardedStore> {
    SessionManagerLayer::new(state.sessions.clone())
        .with_name(name)
        .with_http_only(true)
        .with_same_site(SameSite::Strict)
        .with_secure(state.config.cookie_secure)
        .with_path(path)
}

/// Each sign-in's cookie is HttpOnly, SameSite=Strict and scoped to its own path, so the shop's
/// pages never receive it and it never reaches the lab routes of the other kind.
pub fn router(state: &AppState) -> Router<AppState> {
    let cookie_routes = Router::new()
        .route(&format!("{COOKIE_PATH}/login"), post(cookie_login))
        .route(&format!("{COOKIE_PATH}/whoami"), get(cookie_whoami))
        .layer(scoped(state, "tokenshop_lab_cookie", COOKIE_PATH));
    let bff_routes = Router::new()
        .route(&format!("{BFF_PATH}/login"), post(bff_login))
        .route(&format!("{BFF_PATH}/me"), get(bff_me))
        .layer(scoped(state, "tokenshop_lab_bff", BFF_PATH));
    Router::new()
        .merge(cookie_routes)
        .merge(bff_routes)
        .layer(middleware::from_fn(security::refuse_cross_site))
}
