//! The XSS lab's attacker's machine: it replays what an injected script stole against this shop's
//! JSON API over real HTTP — through the listener, the router and every layer a stranger's request
//! meets — and reports what the shop answered and how long the stolen thing keeps working.

use super::drops::Loot;
use crate::domain::human_duration;
use crate::server::{
    token::{dpop::proof::OwnKey, introspect::unverified_parts},
    AppState,
};
use http_body_util::{BodyExt, Full};
use hyper::{body::Bytes, Method, Request};
use serde::Serialize;
use std::{net::SocketAddr, time::Duration};

#[derive(Debug, Serialize)]
pub struct Outcome {
    pub from: String,
    pub kind: String,
    /// The shop's answer to the attacker's request, or 0 when nothing could be replayed.
    pub status: u16,
    /// What the attacker learned, in words.
    pub said: String,
    /// How long the stolen thing keeps working, in words.
    pub lasts: String,
    /// Unix time it stops working by itself, where there is one (an access token's `exp`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub until: Option<i64>,
}

fn shop_addr(state: &AppState) -> SocketAddr {
    let mut addr = state.config.listen_addr;
    if addr.ip().is_unspecified() {
        addr.set_ip(if addr.is_ipv4() {
            [127, 0, 0, 1].into()
        } else {
            std::net::Ipv6Addr::LOCALHOST.into()
        });
    }
    addr
}

/// What the shop answered a lab's request from elsewhere.
pub struct Answer {
    pub status: u16,
    pub headers: hyper::HeaderMap,
    /// The body as JSON, or `Null` when it is not.
    pub json: serde_json::Value,
}

/// One request to the shop, as a client on another machine would send it: no cookies, no Origin,
/// only the `headers` given and a body of `content_type`. Over real HTTP, so every layer a
/// stranger's request meets is in the way.
pub async fn request(
    state: &AppState,
    method: Method,
    path: &str,
    headers: &[(&str, String)],
    body: Option<(&str, String)>,
) -> Result<Answer, String> {
    let addr = shop_addr(state);
    let stream = tokio::net::TcpStream::connect(addr)
        .await
        .map_err(|e| e.to_string())?;
    let (mut sender, conn) =
        hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream))
            .await
            .map_err(|e| e.to_string())?;
    tokio::spawn(conn);
    let mut req = Request::builder()
        .method(method)
        .uri(path)
        .header("host", addr.to_string())
        .header("user-agent", "tokenshop-lab-attacker/1");
    for (name, value) in headers {
        req = req.header(*name, value.as_str());
    }
    let (content_type, body) = body.unwrap_or_default();
    if !content_type.is_empty() {
        req = req.header("content-type", content_type);
    }
    let req = req
        .body(Full::new(Bytes::from(body)))
        .map_err(|e| e.to_string())?;
    let res = tokio::time::timeout(Duration::from_secs(5), sender.send_request(req))
        .await
        .map_err(|_| "the shop did not answer in 5 s".to_string())?
        .map_err(|e| e.to_string())?;
    let status = res.status().as_u16();
    let headers = res.headers().clone();
    let body = res
        .into_body()
        .collect()
        .await
        .map_err(|e| e.to_string())?
        .to_bytes();
    Ok(Answer {
        status,
        headers,
        json: serde_json::from_slice(&body).unwrap_or(serde_json::Value::Null),
    })
}

/// A JSON request with an optional bearer token, and the shop's status and JSON answer.
async fn call(
    state: &AppState,
    method: Method,
    path: &str,
    bearer: Option<&str>,
    json: Option<String>,
) -> Result<(u16, serde_json::Value), String> {
    let auth: Vec<_> = bearer
        .map(|t| ("authorization", format!("Bearer {t}")))
        .into_iter()
        .collect();
    let answer = request(
        state,
        method,
        path,
        &auth,
        json.map(|j| ("application/json", j)),
    )
    .await?;
    Ok((answer.status, answer.json))
}

pub fn detail(body: &serde_json::Value) -> String {
    body.get("detail")
        .and_then(|d| d.as_str())
        .unwrap_or("")
        .to_string()
}

async fn replay_access(state: &AppState, token: &str) -> (u16, String, String, Option<i64>) {
    let until = unverified_parts(token)
        .1
        .and_then(|c| c.get("exp")?.as_i64());
    match call(state, Method::GET, "/api/v1/me", Some(token), None).await {
        Ok((200, body)) => {
            let email = body
                .get("email")
                .and_then(|e| e.as_str())
                .unwrap_or("the account");
            let lasts = until.map_or("until it expires".into(), |exp| {
                let left = (exp - crate::server::clock::now_unix()).max(0) as u64;
                format!("until its exp, in {} — logging out does not end it; only revoke-now (the denylist) would", human_duration(left))
            });
            (200, format!("GET /api/v1/me as {email}"), lasts, until)
        }
        Ok((status, body)) => (status, detail(&body), "no longer".into(), None),
        Err(e) => (
            0,
            format!("could not reach the shop: {e}"),
            String::new(),
            None,
        ),
    }
}

async fn replay_refresh(state: &AppState, token: &str) -> (u16, String, String) {
    let body = serde_json::json!({ "refresh_token": token }).to_string();
    match call(state, Method::POST, "/api/v1/auth/refresh", None, Some(body)).await {
        Ok((200, _)) => (
            200,
            "POST /api/v1/auth/refresh: a new access token and a new refresh token, now the attacker's".into(),
            format!(
                "as long as it keeps refreshing (up to {}), until the sign-in is revoked: by a logout, or by the victim's next refresh, which the shop takes for a replay",
                human_duration(state.config.refresh_ttl.as_secs())
            ),
        ),
        Ok((status, body)) => (status, detail(&body), "no longer".into()),
        Err(e) => (0, format!("could not reach the shop: {e}"), String::new()),
    }
}

/// A token bound to the victim's key (DPoP), replayed as a thief can: as a bearer token, and as
/// DPoP with a proof of the thief's own key (it never had the victim's). RFC 9449 §7.1 refuses both.
async fn replay_bound(state: &AppState, kind: &str, token: &str) -> (u16, String, String) {
    let thief = OwnKey::generate();
    let origin = state.config.public_origin.trim_end_matches('/').to_string();
    let (method, path, bare_auth, json) = if kind == "access-dpop" {
        (
            Method::GET,
            "/api/v1/me",
            Some(format!("Bearer {token}")),
            None,
        )
    } else {
        let body = serde_json::json!({ "refresh_token": token }).to_string();
        (Method::POST, "/api/v1/auth/refresh", None, Some(body))
    };
    let body = |json: &Option<String>| json.clone().map(|j| ("application/json", j));
    let bare: Vec<_> = bare_auth
        .into_iter()
        .map(|a| ("authorization", a))
        .collect();
    let first = request(state, method.clone(), path, &bare, body(&json)).await;
    let access = (kind == "access-dpop").then_some(token);
    let proof = thief.proof(method.as_str(), &format!("{origin}{path}"), access);
    let mut signed = vec![("dpop", proof)];
    if let Some(token) = access {
        signed.push(("authorization", format!("DPoP {token}")));
    }
    let second = request(state, method, path, &signed, body(&json)).await;
    match (first, second) {
        (Ok(a), Ok(b)) => {
            let lasts = if a.status == 200 || b.status == 200 {
                "until it expires: the binding did not hold".into()
            } else {
                "never from elsewhere: it is bound to a key that never left the victim's tab".into()
            };
            (
                b.status.max(a.status),
                format!(
                    "alone → {}, with a proof of the attacker's own key → {}: {}",
                    a.status,
                    b.status,
                    detail(&b.json)
                ),
                lasts,
            )
        }
        (Err(e), _) | (_, Err(e)) => (0, format!("could not reach the shop: {e}"), String::new()),
    }
}

/// Replays each stolen token; what the script only did inside the tab has nothing to replay.
pub async fn run(state: &AppState, loot: &[Loot]) -> Vec<Outcome> {
    let mut out = Vec::new();
    for item in loot {
        let outcome = |status, said, lasts, until| Outcome {
            from: item.from.clone(),
            kind: item.kind.clone(),
            status,
            said,
            lasts,
            until,
        };
        out.push(match item.kind.as_str() {
            "access" => {
                let (status, said, lasts, until) = replay_access(state, &item.value).await;
                outcome(status, said, lasts, until)
            }
            "refresh" => {
                let (status, said, lasts) = replay_refresh(state, &item.value).await;
                outcome(status, said, lasts, None)
            }
            "access-dpop" | "refresh-dpop" => {
                let (status, said, lasts) = replay_bound(state, &item.kind, &item.value).await;
                outcome(status, said, lasts, None)
            }
            _ => outcome(
                0,
                format!(
                    "nothing to replay: the script acted as the victim inside the tab ({})",
                    item.value
                ),
                "only while the victim's tab is open: the cookie never left the browser".into(),
                None,
            ),
        });
    }
    out
}
