//! "Let another site in without your password", on the server. On the partner's origin: the lab
//! page (a page of the partner site, its second registered redirect URI), and two servers of the
//! story — the partner's, which records what it received, and the attacker's, which redeems a
//! code it saw. On the shop's origin: the record both write, which the lesson reads, and the
//! attacker's link with a redirect URI of its own. Every outcome is the shop's real answer over
//! HTTP (`replay::request`), through every layer a stranger's request meets, never the page's word.

use crate::learn::server::{drops::valid_name, module, partner_page, replay};
use crate::server::{
    config::clients::{LESSON_REDIRECT_PATH, PARTNER},
    crypto,
    web::security,
    AppState,
};
use axum::{
    extract::{Path, RawQuery, State},
    http::{header, HeaderValue, StatusCode},
    middleware,
    response::{IntoResponse, Response},
    routing::{get, post},
    Json, Router,
};
use hyper::Method;
use serde::{Deserialize, Serialize};

/// One request of the lab, as the shop answered it or the partner's server received it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Event {
    /// `partner-server` (what the partner's own server received), `partner` (its token, used) or
    /// `attacker`.
    pub who: &'static str,
    /// The lab's step: `received`, `guess`, `replay`, `signed-in`, `after-replay`, `out-of-scope`,
    /// `after-end`, `swap`, `swap-prefix`.
    pub step: &'static str,
    /// The request, its secrets shortened.
    pub request: String,
    /// The names of the fields it carried (query or form).
    pub fields: Vec<String>,
    pub status: u16,
    /// The error the answer named: OAuth's `error`, or the `WWW-Authenticate` challenge's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Where the answer sent the browser, if anywhere.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// What the answer said, in words.
    pub said: String,
}

/// One of the lesson's five goals, and whether the record shows it reached.
#[derive(Debug, Serialize)]
pub struct Goal {
    pub id: &'static str,
    pub reached: bool,
}

#[derive(Serialize)]
struct Record {
    events: Vec<Event>,
    goals: Vec<Goal>,
}

/// The goals, each read from the shop's own answers in the record.
pub fn goals(events: &[Event]) -> Vec<Goal> {
    let step = |name: &str| events.iter().find(|e| e.step == name);
    let answered = |name: &str, status: u16, error: Option<&str>| {
        step(name).is_some_and(|e| {
            e.status == status && error.is_none_or(|want| e.error.as_deref() == Some(want))
        })
    };
    let refused_here =
        |name: &str| step(name).is_some_and(|e| e.status == 400 && e.location.is_none());
    let received_code = events.iter().any(|e| {
        e.step == "received"
            && e.fields.iter().any(|f| f == "code")
            && !e.fields.iter().any(|f| f.contains("password"))
    });
    vec![
        Goal {
            id: "no-password",
            reached: received_code && answered("signed-in", 200, None),
        },
        Goal {
            id: "stolen-code",
            reached: answered("guess", 400, Some("invalid_grant"))
                && answered("replay", 400, Some("invalid_grant"))
                && answered("after-replay", 401, None),
        },
        Goal {
            id: "swap",
            reached: refused_here("swap") && refused_here("swap-prefix"),
        },
        Goal {
            id: "scope",
            reached: answered("out-of-scope", 403, Some("insufficient_scope")),
        },
        Goal {
            id: "ended",
            reached: answered("after-end", 401, None),
        },
    ]
}

fn keep(state: &AppState, attempt: &str, event: Event) {
    let step = event.step;
    state
        .learn
        .delegations
        .put(attempt, event, |old| old.step == step);
}

/// A secret as the record shows it: enough to recognise, too little to use.
fn shortened(value: &str) -> String {
    let head: String = value.chars().take(6).collect();
    if head.len() < value.len() {
        format!("{head}…")
    } else {
        head
    }
}

/// `error="…"` of a `WWW-Authenticate` challenge.
fn challenge_error(headers: &hyper::HeaderMap) -> Option<String> {
    let challenge = headers.get(header::WWW_AUTHENTICATE)?.to_str().ok()?;
    let (_, rest) = challenge.split_once("error=\"")?;
    rest.split_once('"').map(|(error, _)| error.to_string())
}

/// The lab page's address on the partner origin: the partner's second registered redirect URI.
fn lab_uri(state: &AppState) -> String {
    format!(
        "{}{LESSON_REDIRECT_PATH}",
        state.config.partner_origin.trim_end_matches('/')
    )
}

/// The lab page, and what the partner's server received with it. Back from the shop the address
/// holds the code, the state and the issuer; the attempt rides in the state the page chose
/// (`<attempt>.<random>`), which is the client's to fill (RFC 6749 §4.1.1). No Referer leaves the
/// page while the code is in its address.
async fn lab_page(State(state): State<AppState>, RawQuery(query): RawQuery) -> Response {
    let query = query.unwrap_or_default();
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(&query).unwrap_or_default();
    let value = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let answered = value("code").is_some() || value("error").is_some();
    let attempt = value("state")
        .and_then(|s| s.split_once('.'))
        .map(|(a, _)| a);
    if let (true, Some(attempt)) = (answered, attempt) {
        let shown: Vec<String> = pairs
            .iter()
            .map(|(k, v)| format!("{k}={}", if k == "iss" { v.clone() } else { shortened(v) }))
            .collect();
        keep(
            &state,
            attempt,
            Event {
                who: "partner-server",
                step: "received",
                request: format!("GET {LESSON_REDIRECT_PATH}?{}", shown.join("&")),
                fields: pairs.iter().map(|(k, _)| k.clone()).collect(),
                status: 200,
                error: value("error").map(str::to_string),
                location: None,
                said: "a page load: a one-minute code, the state the page sent, the shop as issuer; no password, no body".into(),
            },
        );
    }
    let mut res = partner_page(include_str!("partner.html"), &state).into_response();
    res.headers_mut().insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    res
}

#[derive(Deserialize)]
struct Stolen {
    code: String,
    /// Whether the page's partner has traded this code already (then this is a replay).
    replay: bool,
}

/// The attacker's server: it saw the code in the address and presents it at the token endpoint
/// with the one thing it can make up, a verifier of its own (RFC 7636 §4.6).
async fn attacker(
    State(state): State<AppState>,
    Path(attempt): Path<String>,
    Json(stolen): Json<Stolen>,
) -> Result<Json<Event>, Response> {
    if !valid_name(&attempt) || stolen.code.is_empty() || stolen.code.len() > 256 {
        return Err((StatusCode::BAD_REQUEST, "a lab attempt and a code, please").into_response());
    }
    let fields = [
        ("grant_type", "authorization_code".to_string()),
        ("code", stolen.code.clone()),
        ("client_id", PARTNER.to_string()),
        ("redirect_uri", lab_uri(&state)),
        ("code_verifier", crypto::random_token::<32>()),
    ];
    let form = serde_urlencoded::to_string(&fields).unwrap_or_default();
    let step = if stolen.replay { "replay" } else { "guess" };
    let event = match replay::request(
        &state,
        Method::POST,
        "/oauth/token",
        &[],
        Some(("application/x-www-form-urlencoded", form)),
    )
    .await
    {
        Ok(answer) => Event {
            who: "attacker",
            step,
            request: format!(
                "POST /oauth/token with the code {} and a code_verifier of its own",
                shortened(&stolen.code)
            ),
            fields: fields.iter().map(|(k, _)| k.to_string()).collect(),
            status: answer.status,
            error: answer.json["error"].as_str().map(str::to_string),
            location: None,
            said: answer.json["error_description"]
                .as_str()
                .map_or_else(|| "tokens, for the attacker".into(), str::to_string),
        },
        Err(e) => unreachable_shop(step, "attacker", e),
    };
    keep(&state, &attempt, event.clone());
    Ok(Json(event))
}

fn unreachable_shop(step: &'static str, who: &'static str, e: String) -> Event {
    Event {
        who,
        step,
        request: String::new(),
        fields: Vec::new(),
        status: 0,
        error: None,
        location: None,
        said: format!("could not reach the shop: {e}"),
    }
}

#[derive(Deserialize)]
struct Used {
    step: String,
    token: String,
}

/// The partner's token, used: `/api/v1/me` (its `profile` scope) or `/api/v1/orders` (a scope it
/// was not given), and the shop's answer recorded as the step the page names.
async fn check(
    State(state): State<AppState>,
    Path(attempt): Path<String>,
    Json(used): Json<Used>,
) -> Result<Json<Event>, Response> {
    let step = match used.step.as_str() {
        "signed-in" => "signed-in",
        "after-replay" => "after-replay",
        "out-of-scope" => "out-of-scope",
        "after-end" => "after-end",
        _ => return Err((StatusCode::BAD_REQUEST, "an unknown step").into_response()),
    };
    if !valid_name(&attempt) || used.token.is_empty() || used.token.len() > 4096 {
        return Err((StatusCode::BAD_REQUEST, "a lab attempt and a token, please").into_response());
    }
    let path = if step == "out-of-scope" {
        "/api/v1/orders"
    } else {
        "/api/v1/me"
    };
    let auth = [("authorization", format!("Bearer {}", used.token))];
    let event = match replay::request(&state, Method::GET, path, &auth, None).await {
        Ok(answer) => Event {
            who: "partner",
            step,
            request: format!("GET {path} with the partner's access token"),
            fields: Vec::new(),
            status: answer.status,
            error: challenge_error(&answer.headers),
            location: None,
            said: match answer.json["email"].as_str() {
                Some(email) if answer.status == 200 => format!("the account {email}"),
                _ => replay::detail(&answer.json),
            },
        },
        Err(e) => unreachable_shop(step, "partner", e),
    };
    keep(&state, &attempt, event.clone());
    Ok(Json(event))
}

/// The attacker's link: the partner's client id with a redirect URI of the attacker's — once its
/// own site, once the registered URI with more after it, which a prefix match would let through.
/// The shop must refuse both on its own page, before any code exists (RFC 6749 §4.1.2.1,
/// RFC 9700 §4.1.3).
async fn swap(
    State(state): State<AppState>,
    Path(attempt): Path<String>,
) -> Result<Json<Vec<Event>>, Response> {
    if !valid_name(&attempt) {
        return Err((StatusCode::BAD_REQUEST, "a lab attempt, please").into_response());
    }
    let tries = [
        ("swap", "https://attacker.example/collect".to_string()),
        (
            "swap-prefix",
            format!("{}?next=https://attacker.example/collect", lab_uri(&state)),
        ),
    ];
    let mut events = Vec::new();
    for (step, redirect_uri) in tries {
        let pairs = [
            ("response_type", "code".to_string()),
            ("client_id", PARTNER.to_string()),
            ("redirect_uri", redirect_uri.clone()),
            ("scope", "profile cart orders".to_string()),
            ("state", crypto::random_token::<16>()),
            ("code_challenge", crypto::random_token::<32>()),
            ("code_challenge_method", "S256".to_string()),
        ];
        let query = serde_urlencoded::to_string(&pairs).unwrap_or_default();
        let path = format!("/oauth/authorize?{query}");
        let event = match replay::request(&state, Method::GET, &path, &[], None).await {
            Ok(answer) => {
                let location = answer
                    .headers
                    .get(header::LOCATION)
                    .and_then(|l| l.to_str().ok())
                    .map(str::to_string);
                Event {
                    who: "attacker",
                    step,
                    request: format!(
                        "GET /oauth/authorize?client_id={PARTNER}&redirect_uri={redirect_uri}&…"
                    ),
                    fields: pairs.iter().map(|(k, _)| k.to_string()).collect(),
                    status: answer.status,
                    error: None,
                    said: match &location {
                        Some(to) => format!("sent the browser to {to}"),
                        None => "the shop's own error page; no code made, the browser sent nowhere"
                            .into(),
                    },
                    location,
                }
            }
            Err(e) => unreachable_shop(step, "attacker", e),
        };
        keep(&state, &attempt, event.clone());
        events.push(event);
    }
    Ok(Json(events))
}

async fn record(State(state): State<AppState>, Path(attempt): Path<String>) -> Json<Record> {
    let events = state.learn.delegations.get(&attempt);
    let goals = goals(&events);
    Json(Record { events, goals })
}

/// On the partner's origin: the lab page, its script, the partner's server and the attacker's.
pub fn partner_router() -> Router<AppState> {
    Router::new()
        .route(LESSON_REDIRECT_PATH, get(lab_page))
        .route(
            "/learn/lessons/let_another_site_in/partner.js",
            get(|| async { module(include_str!("partner.js")) }),
        )
        .route(
            "/learn/let-another-site-in/attacker/{attempt}",
            post(attacker),
        )
        .route("/learn/let-another-site-in/check/{attempt}", post(check))
}

/// On the shop's origin: the record, and the attacker's link (from the lesson's page only).
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/learn/lab/delegation/{attempt}", get(record))
        .route(
            "/learn/lab/delegation/{attempt}/swap",
            post(swap).layer(middleware::from_fn(security::refuse_cross_site)),
        )
}
