//! What a request presented, checked the way the part of the shop it is addressed to checks it,
//! in words: the same token core and session store the shop uses, reading only.

use super::store::{Carrier, CredentialSeen, RequestKind};
use crate::learn::server::lab::LAB_COOKIE;
use crate::server::{
    api::extract::{bearer_token, CART_TOKEN},
    clock::now_unix,
    cookie::session::describe_record,
    token::{bearer, refresh::describe_refresh},
    web::request,
    AppState,
};
use axum::http::HeaderMap;
use tower_sessions::{session::Id, SessionStore};

/// Requests worth showing: not static files, and not the inspector's own polling.
pub fn kind_of(path: &str) -> Option<RequestKind> {
    const SKIP: [&str; 7] = [
        "/pkg/",
        "/js/",
        "/images/",
        "/diagrams/",
        "/favicon",
        "/learn/inspector",
        "/health",
    ];
    if SKIP.iter().any(|p| path.starts_with(p)) {
        None
    } else if path.starts_with("/api/v1/") || path.starts_with("/.well-known/") {
        Some(RequestKind::Api)
    } else if path.starts_with("/learn/lab/") {
        Some(RequestKind::Lab)
    } else if path.starts_with("/fn/") {
        Some(RequestKind::ServerFunction)
    } else {
        Some(RequestKind::Page)
    }
}

fn seen(carrier: Carrier, check: impl Into<String>, found: impl Into<String>) -> CredentialSeen {
    CredentialSeen {
        carrier,
        check: check.into(),
        found: found.into(),
    }
}

async fn session_cookie_seen(state: &AppState, value: &str, kind: RequestKind) -> CredentialSeen {
    if kind == RequestKind::Api {
        return seen(
            Carrier::SessionCookie,
            "not read: the API authenticates only with Authorization and Cart-Token",
            "ignored",
        );
    }
    let found = match value.parse::<Id>() {
        Err(_) => "not a session id: treated as no session".to_string(),
        Ok(id) => match state.sessions.load(&id).await {
            Ok(Some(record)) => describe_record(&record),
            Ok(None) => {
                "no such session (ended, expired or never issued): a visitor without one".into()
            }
            Err(_) => "the lookup failed".into(),
        },
    };
    seen(
        Carrier::SessionCookie,
        "its id looked up in the session table",
        found,
    )
}

async fn bearer_seen(
    state: &AppState,
    headers: &HeaderMap,
    kind: RequestKind,
) -> Option<CredentialSeen> {
    let token = bearer_token(headers).map_err(|e| e.to_string());
    if kind != RequestKind::Api {
        return token.ok().flatten().map(|_| {
            seen(
                Carrier::Bearer,
                "not read: pages use the session cookie",
                "ignored",
            )
        });
    }
    let token = match token {
        Err(e) => return Some(seen(Carrier::Bearer, "the Authorization header parsed", e)),
        Ok(None) => return None,
        Ok(Some(t)) => t,
    };
    let kid = jsonwebtoken::decode_header(token)
        .ok()
        .and_then(|h| h.kid)
        .map(|k| format!(" of key {}…", k.chars().take(8).collect::<String>()))
        .unwrap_or_default();
    let found = match bearer::verify_access(state, token).await {
        Ok(access) => format!(
            "valid: user {}, expires in {} s",
            access.user,
            access.claims.exp - now_unix()
        ),
        Err(e) => format!("refused: {e}"),
    };
    let denylist = if state.config.access_denylist {
        ", then the revoke-now denylist"
    } else {
        ""
    };
    Some(seen(
        Carrier::Bearer,
        format!("Ed25519 signature{kid}, then exp, nbf, iss and aud{denylist}; no session lookup"),
        found,
    ))
}

async fn cart_token_seen(state: &AppState, headers: &HeaderMap) -> Option<CredentialSeen> {
    let token = headers.get(CART_TOKEN)?;
    let found = match bearer::verify_cart(state, token.as_bytes()).await {
        Ok(cart) => format!("valid: guest cart {cart}"),
        Err(e) => format!(
            "refused: {}",
            e.reason().map(|r| r.to_string()).unwrap_or_default()
        ),
    };
    Some(seen(
        Carrier::CartToken,
        "Ed25519 signature and expiry of a cart+jwt token",
        found,
    ))
}

/// A refresh token travels in the JSON body of refresh and logout.
async fn refresh_token_seen(state: &AppState, body: &[u8]) -> Option<CredentialSeen> {
    #[derive(serde::Deserialize)]
    struct Body {
        refresh_token: Option<String>,
    }
    let token = serde_json::from_slice::<Body>(body).ok()?.refresh_token?;
    let found = describe_refresh(state, &token)
        .await
        .unwrap_or_else(|_| "the lookup failed".into());
    Some(seen(
        Carrier::RefreshBody,
        "its SHA-256 looked up in refresh_tokens: single use, the family not revoked",
        found,
    ))
}

/// Every credential this request presented, or "none".
pub async fn credentials_seen(
    state: &AppState,
    headers: &HeaderMap,
    body: &[u8],
    path: &str,
    kind: RequestKind,
) -> Vec<CredentialSeen> {
    let mut found = Vec::new();
    // The labs hold their cookie for the page and pass it in a header (see `lab`).
    let cookie = if path.starts_with("/learn/lab/cookie/") {
        headers
            .get(LAB_COOKIE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split_once('=').map(|(_, v)| v))
    } else {
        request::cookie_value(headers, state.config.session_cookie_name())
    };
    if let Some(value) = cookie {
        found.push(session_cookie_seen(state, value, kind).await);
    }
    found.extend(bearer_seen(state, headers, kind).await);
    if kind == RequestKind::Api {
        found.extend(cart_token_seen(state, headers).await);
    }
    if path == "/api/v1/auth/refresh" || path == "/api/v1/auth/logout" {
        found.extend(refresh_token_seen(state, body).await);
    }
    if found.is_empty() {
        found.push(seen(Carrier::Nothing, "nothing to check", "anonymous"));
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn static_files_and_the_inspector_itself_are_not_recorded() {
        assert_eq!(kind_of("/pkg/tokenshop.wasm"), None);
        assert_eq!(kind_of("/learn/inspector"), None);
        assert_eq!(kind_of("/api/v1/me"), Some(RequestKind::Api));
        assert_eq!(
            kind_of("/fn/add_to_cart"),
            Some(RequestKind::ServerFunction)
        );
        assert_eq!(kind_of("/cart"), Some(RequestKind::Page));
    }
}
