//! The JSON API under `/api/v1`, authenticated with JWTs and never with the session cookie, plus
//! the JWKS. It has its own layers: CORS for the allowed origins, and no session or CSRF layer,
//! because a bearer token is never sent by a browser on its own.
//!
//! Every endpoint is registered once, in [`routes`], with the handler's `#[utoipa::path]`: the
//! router that serves and the OpenAPI document that describes are split from that one list.

pub mod admin;
pub mod auth;
pub mod cart;
pub mod error;
pub mod extract;
pub mod input;
pub mod openapi;
pub mod orders;
pub mod products;
pub mod responses;
pub mod signins;

use crate::server::{token::dpop, AppState};
use axum::{
    body::Bytes,
    extract::State,
    http::{header, HeaderName, HeaderValue, Method},
    response::{IntoResponse, Response},
    routing::{any, get},
    Json, Router,
};
use std::time::Duration;
use tower_http::cors::{AllowOrigin, CorsLayer};
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

/// Allows exactly the configured origins (never a reflection, never `*`), without credentials:
/// the API reads bearer tokens, so a cross-origin caller has no cookie to send.
pub fn cors(origins: &[String]) -> CorsLayer {
    let allowed: Vec<HeaderValue> = origins
        .iter()
        .filter_map(|o| HeaderValue::from_str(o).ok())
        .collect();
    let cart_token = HeaderName::from_static(extract::CART_TOKEN);
    let nonce = HeaderName::from_static(dpop::DPOP_NONCE);
    CorsLayer::new()
        .allow_origin(AllowOrigin::list(allowed))
        .allow_methods([Method::GET, Method::POST, Method::PUT, Method::DELETE])
        .allow_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            cart_token.clone(),
            HeaderName::from_static(dpop::DPOP),
        ])
        .expose_headers([
            cart_token,
            header::WWW_AUTHENTICATE,
            header::RETRY_AFTER,
            nonce,
        ])
        .max_age(Duration::from_secs(600))
}

/// tower-http sends `Access-Control-Expose-Headers` (and on preflights the allowed methods and
/// headers) to any origin; an origin that is not allowed gets no CORS header at all.
async fn only_allowed_origins_see_cors(mut res: Response) -> Response {
    let h = res.headers_mut();
    if !h.contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN) {
        let cors: Vec<HeaderName> = h
            .keys()
            .filter(|k| k.as_str().starts_with("access-control-"))
            .cloned()
            .collect();
        for name in cors {
            h.remove(name);
        }
    }
    res
}

async fn jwks(State(state): State<AppState>) -> impl IntoResponse {
    (
        [(header::CACHE_CONTROL, "public, max-age=60")],
        Json(state.keys.jwks()),
    )
}

async fn not_found() -> error::ApiError {
    error::ApiError::not_found()
}

/// A body over MAX_BODY_BYTES, refused (by `security::limit_body`) as the API refuses everything.
pub fn too_large(max: usize) -> Response {
    error::ApiError::TooLarge(max).into_response()
}

/// Every endpoint of `/api/v1`, each with its documentation.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(openapi::ApiDoc::openapi())
        .merge(auth::router())
        .merge(admin::router())
        .merge(products::router())
        .merge(cart::router())
        .merge(orders::router())
        .merge(signins::router())
}

pub fn router(state: &AppState) -> Router<AppState> {
    let (v1, doc) = routes().split_for_parts();
    // Serialised once: the document is the same for every request.
    let doc = openapi::as_served(doc, &state.config)
        .and_then(|doc| serde_json::to_vec(&doc))
        .unwrap_or_default();
    let doc = Bytes::from(doc);
    let v1 = v1
        .route(
            "/api/v1/openapi.json",
            get(move || {
                let doc = doc.clone();
                async move { ([(header::CONTENT_TYPE, "application/json")], doc) }
            }),
        )
        // Everything under /api/ is the JSON API's, answered as the API answers: the pages'
        // server functions are under /fn/.
        .route("/api", any(not_found))
        .route("/api/{*rest}", any(not_found));
    Router::new()
        .merge(v1)
        .route("/.well-known/jwks.json", get(jwks))
        // One stack, outermost first (see startup::build_router).
        .layer(
            tower::ServiceBuilder::new()
                .layer(axum::middleware::map_response(
                    only_allowed_origins_see_cors,
                ))
                .layer(cors(&state.config.cors_origins)),
        )
}
