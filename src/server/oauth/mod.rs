//! The shop as an authorization server for the sites it lets in (today, the partner): the third
//! way into the one shop, beside the cookie session (pages) and the API's own sign-in. A user who
//! is signed in on the shop's own site by the session cookie allows a registered site some scopes
//! on a consent page; the site gets a code, trades it with its PKCE verifier for a scoped token
//! pair, and never sees the password. RFC 6749 §4.1 with RFC 7636, as OAuth 2.1 and RFC 9700
//! profile it: PKCE `S256` always, exact redirect URIs, single-use codes, `iss` in the response.
//!
//! It is an adapter like `api/` and the server functions: it checks the protocol's steps and calls
//! the token core (`token::refresh::grant_family`, the refresh families and their rotation) and the
//! cookie session (who is signed in); the shop never learns a third way exists.
//!
//! Why not `oxide-auth`: its endpoint would issue and store tokens its own way, while here a grant
//! must be one more refresh family of the token core (rotation, reuse detection, the account
//! page's list, the revoke-now denylist) with the API's own RFC 9068 tokens. What is left once
//! those are reused is the checks of each request, written below step by step with the section of
//! the RFC each implements, which is also what the lesson shows.

pub mod authorize;
mod consent;
pub mod endpoint;

use crate::server::{config::clients::Clients, token::dpop, AppState};
use axum::{
    http::{header, HeaderValue, Method},
    routing::{get, post},
    Json, Router,
};
use tower_http::cors::{AllowOrigin, CorsLayer};

/// The authorization endpoint: a page of the shop's own site, behind the cookie session and the
/// refusal of cross-site posts. Merged into the pages' router before its layers.
pub fn page_routes() -> Router<AppState> {
    Router::new().route(
        "/oauth/authorize",
        get(authorize::show).post(authorize::decide),
    )
}

/// The token endpoint and the metadata: called by the client's own script on its origin, so with
/// CORS for exactly the registered clients' origins (and no credentials: nothing here reads a cookie).
pub fn router(state: &AppState) -> Router<AppState> {
    let origins: Vec<HeaderValue> = Clients::new(&state.config)
        .origins()
        .iter()
        .filter_map(|o| HeaderValue::from_str(o).ok())
        .collect();
    let token = Router::new()
        .route("/oauth/token", post(endpoint::token))
        .layer(
            CorsLayer::new()
                .allow_origin(AllowOrigin::list(origins))
                .allow_methods([Method::POST])
                .allow_headers([
                    header::CONTENT_TYPE,
                    header::HeaderName::from_static(crate::server::api::extract::CART_TOKEN),
                    header::HeaderName::from_static(dpop::DPOP),
                ])
                .expose_headers([header::HeaderName::from_static(dpop::DPOP_NONCE)]),
        );
    let doc = serde_json::to_vec(&<OAuthDoc as utoipa::OpenApi>::openapi()).unwrap_or_default();
    Router::new()
        .merge(token)
        .route("/.well-known/oauth-authorization-server", get(metadata))
        .route(
            "/oauth/openapi.json",
            get(move || {
                let doc = doc.clone();
                async move { ([(header::CONTENT_TYPE, "application/json")], doc) }
            }),
        )
}

/// The authorization server's token endpoint and metadata, described for clients and for the
/// contract run (`scripts/contract`), apart from the JSON API's document: its answers are RFC 6749's,
/// not problem documents.
#[derive(utoipa::OpenApi)]
#[openapi(
    info(title = "Tokenshop authorization server", version = "1",
        description = "OAuth 2.1 for the sites the shop lets in: the authorization code flow with PKCE (S256). The authorization endpoint, /oauth/authorize, is a page of the shop's site and is not described here."),
    paths(endpoint::token, metadata),
    tags((name = "oauth", description = "RFC 6749 §3.2 and RFC 8414")),
)]
pub struct OAuthDoc;

/// RFC 8414 §2: where the endpoints are and what they accept.
#[utoipa::path(get, operation_id = "metadata", path = "/.well-known/oauth-authorization-server", tag = "oauth",
    responses((status = 200, description = "The authorization server's metadata (RFC 8414 §2)", body = Object)))]
async fn metadata(
    axum::extract::State(state): axum::extract::State<AppState>,
) -> Json<serde_json::Value> {
    let issuer = &state.config.public_origin;
    let scopes: Vec<&str> = crate::server::token::Scope::GRANTABLE
        .iter()
        .map(|s| s.name())
        .collect();
    Json(serde_json::json!({
        "issuer": issuer,
        "authorization_endpoint": format!("{issuer}/oauth/authorize"),
        "token_endpoint": format!("{issuer}/oauth/token"),
        "jwks_uri": format!("{issuer}/.well-known/jwks.json"),
        "scopes_supported": scopes,
        "response_types_supported": ["code"],
        "grant_types_supported": ["authorization_code", "refresh_token"],
        "code_challenge_methods_supported": ["S256"],
        "token_endpoint_auth_methods_supported": ["none"],
        "authorization_response_iss_parameter_supported": true,
        // RFC 9449 §5.1: a proof may be signed with these; with one, the tokens are bound.
        "dpop_signing_alg_values_supported": dpop::proof::ALGS,
    }))
}
