//! The OpenAPI document against the server: every endpoint it lists is served, every answer the
//! server gives is one it documents, errors are problem documents, the operations that need no
//! credentials say so, and the limits it states are the server's own. (schemathesis checks the same
//! promises with generated requests in scripts/contract; these are the cheap, always-run ones.)

use crate::common::*;
use axum::http::StatusCode;
use serde_json::{json, Value};
use tokenshop::domain::{Email, Password, Quantity};
use tokenshop::server::{api::products, token::refresh::MAX_REFRESH_TOKEN_CHARS};

const PROBLEM: &str = "application/problem+json";

async fn document(app: &TestApp) -> Value {
    let res = app.api("GET", "/api/v1/openapi.json", None, &[]).await;
    assert_eq!(res.status, StatusCode::OK);
    res.json()
}

/// Every operation of the document: (method, path, operation).
fn operations(doc: &Value) -> Vec<(String, String, Value)> {
    let mut ops = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            ops.push((method.clone(), path.clone(), op.clone()));
        }
    }
    ops
}

/// The path with its parameters filled in with values that exist in the seeded shop.
fn concrete(path: &str) -> String {
    path.replace("{slug}", "earl-grey")
        .replace("{product_id}", "1")
        .replace("{id}", "1")
}

/// Fails unless the document lists the answer's status for this operation, and an error answer is
/// a problem document.
fn assert_documented(method: &str, path: &str, op: &Value, res: &Resp) {
    let status = res.status.as_u16().to_string();
    assert!(
        op["responses"].get(&status).is_some(),
        "{method} {path} answered {status}, which its document does not list: {}",
        res.body
    );
    if res.status.as_u16() >= 400 {
        assert_eq!(
            res.header("content-type").as_deref(),
            Some(PROBLEM),
            "{method} {path} {status}"
        );
        let problem: Value = res.json();
        assert_eq!(problem["status"], res.status.as_u16(), "{}", res.body);
    }
}

/// `/api/` is the JSON API alone: the pages' server functions answer under `/fn/`, and their old
/// addresses are the API's own 404 problem document.
#[tokio::test]
async fn the_pages_server_functions_answer_under_fn_and_api_is_the_json_api_alone() {
    let app = spawn_app().await;
    let form = TestApp::post_request("/fn/nav", String::new(), None);
    assert_eq!(app.send(form).await.status, StatusCode::OK);
    for old in ["/api/nav", "/api/login", "/api/cart/add"] {
        let res = app
            .send(TestApp::post_request(old, String::new(), None))
            .await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{old}");
        assert_eq!(
            res.header("content-type").as_deref(),
            Some("application/problem+json"),
            "{old}: the API's answer, not a page's"
        );
    }
}

#[tokio::test]
async fn the_openapi_document_is_3_1_and_lists_every_endpoint() {
    let app = spawn_app_with(&[("ADMIN_TOKEN", "an-admin-token-for-the-test")]).await;
    let doc = document(&app).await;
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    for path in [
        "/api/v1/auth/login",
        "/api/v1/auth/register",
        "/api/v1/auth/refresh",
        "/api/v1/auth/logout",
        "/api/v1/auth/introspect",
        "/api/v1/me",
        "/api/v1/account",
        "/api/v1/products",
        "/api/v1/products/{slug}",
        "/api/v1/cart",
        "/api/v1/cart/items",
        "/api/v1/cart/items/{product_id}",
        "/api/v1/checkout",
        "/api/v1/orders",
        "/api/v1/orders/{id}",
        "/api/v1/sessions",
        "/api/v1/sessions/{id}",
        "/api/v1/admin/rotate-key",
    ] {
        assert!(doc["paths"].get(path).is_some(), "{path} missing");
    }
    for scheme in ["bearer", "admin", "cart_token"] {
        assert!(doc["components"]["securitySchemes"][scheme].is_object());
    }
    // The other way round: every operation the document lists is served (the router and the
    // document come from one route list, so this holds by construction; the test keeps it so),
    // and what it answers — without credentials, signed in, with a refused token — is documented.
    let alice = bearer(&s(&app.api_login(ALICE).await, "access_token"));
    let ops = operations(&doc);
    for (method, path, op) in &ops {
        for auth in [None, Some(alice.as_str()), Some("Bearer not-a-jwt")] {
            let headers: Vec<(&str, &str)> =
                auth.map(|a| ("authorization", a)).into_iter().collect();
            let res = app
                .api(
                    &method.to_uppercase(),
                    &concrete(path),
                    Some(json!({})),
                    &headers,
                )
                .await;
            assert_ne!(
                res.status,
                StatusCode::METHOD_NOT_ALLOWED,
                "{method} {path}"
            );
            assert!(
                !res.body.contains("That API endpoint was not found."),
                "{method} {path} is documented but not served: {}",
                res.body
            );
            assert_documented(method, path, op, &res);
        }
    }
    assert!(ops.len() >= 20, "only {} operations documented", ops.len());
}

#[tokio::test]
async fn every_error_the_document_lists_is_a_problem_document() {
    let app = spawn_app().await;
    let doc = document(&app).await;
    for (method, path, op) in operations(&doc) {
        let responses = op["responses"].as_object().unwrap();
        let errors: Vec<_> = responses
            .iter()
            .filter(|(status, _)| status.parse::<u16>().is_ok_and(|s| s >= 400))
            .collect();
        assert!(!errors.is_empty(), "{method} {path} documents no error");
        for (status, response) in errors {
            let content = response["content"].as_object().unwrap_or_else(|| {
                panic!("{method} {path} {status} has no content");
            });
            let media: Vec<&String> = content.keys().collect();
            assert_eq!(media, [PROBLEM], "{method} {path} {status}");
            assert_eq!(
                content[PROBLEM]["schema"]["$ref"], "#/components/schemas/Problem",
                "{method} {path} {status}"
            );
        }
    }
    let problem = &doc["components"]["schemas"]["Problem"];
    for field in ["type", "title", "status", "detail"] {
        assert!(
            problem["required"]
                .as_array()
                .unwrap()
                .contains(&json!(field)),
            "{field}"
        );
    }
}

#[tokio::test]
async fn the_operations_that_need_no_credentials_say_so_and_the_others_refuse_without() {
    let app = spawn_app_with(&[("ADMIN_TOKEN", "an-admin-token-for-the-test")]).await;
    let doc = document(&app).await;
    let mut public = Vec::new();
    for (method, path, op) in operations(&doc) {
        let security = op["security"]
            .as_array()
            .unwrap_or_else(|| panic!("{method} {path} does not say which credentials it needs"));
        let anonymous_allowed = security
            .iter()
            .any(|s| s.as_object().is_some_and(|o| o.is_empty()));
        if security.is_empty() {
            public.push(format!("{method} {path}"));
        } else if !anonymous_allowed {
            let res = app
                .api(
                    &method.to_uppercase(),
                    &concrete(&path),
                    Some(json!({})),
                    &[],
                )
                .await;
            assert_eq!(res.status, StatusCode::UNAUTHORIZED, "{method} {path}");
            assert!(op["responses"].get("401").is_some(), "{method} {path}");
        }
        // Whatever reads a Cart-Token says so with the scheme (not a loose header parameter).
        if path.starts_with("/api/v1/cart") {
            assert!(
                security.iter().any(|s| s.get("cart_token").is_some()),
                "{method} {path}"
            );
        }
    }
    public.sort();
    assert_eq!(
        public,
        [
            "get /api/v1/auth/introspect",
            "get /api/v1/products",
            "get /api/v1/products/{slug}",
            "post /api/v1/auth/login",
            "post /api/v1/auth/refresh",
            "post /api/v1/auth/register",
        ]
    );
    // Introspection needs no valid credentials: a refused token is described, not refused.
    let res = app
        .api_as("GET", "/api/v1/auth/introspect", None, "Bearer not-a-jwt")
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(res.json::<Value>()["active"], false);
}

fn schema<'a>(doc: &'a Value, name: &str, field: &str) -> &'a Value {
    &doc["components"]["schemas"][name]["properties"][field]
}

fn query_param<'a>(doc: &'a Value, name: &str) -> &'a Value {
    let params = doc["paths"]["/api/v1/products"]["get"]["parameters"]
        .as_array()
        .unwrap();
    &params.iter().find(|p| p["name"] == name).unwrap()["schema"]
}

#[tokio::test]
async fn the_limits_the_document_states_are_the_servers() {
    let app = spawn_app().await;
    let doc = document(&app).await;
    for name in ["AddItem", "SetQuantity"] {
        let quantity = schema(&doc, name, "quantity");
        assert_eq!(quantity["minimum"], json!(Quantity::MIN), "{name}");
        assert_eq!(quantity["maximum"], json!(Quantity::MAX), "{name}");
    }
    let password = schema(&doc, "RegisterRequest", "password");
    assert_eq!(password["minLength"], json!(Password::MIN_CHARS));
    assert_eq!(password["maxLength"], json!(Password::MAX_CHARS));
    let login_password = schema(&doc, "LoginRequest", "password");
    assert_eq!(login_password["maxLength"], json!(Password::MAX_CHARS));
    for name in ["LoginRequest", "RegisterRequest"] {
        let email = schema(&doc, name, "email");
        assert_eq!(email["format"], "email", "{name}");
        assert_eq!(email["maxLength"], json!(Email::MAX_LEN), "{name}");
    }
    let refresh = schema(&doc, "RefreshRequest", "refresh_token");
    assert_eq!(refresh["maxLength"], json!(MAX_REFRESH_TOKEN_CHARS));
    assert_eq!(
        query_param(&doc, "per_page")["maximum"],
        json!(products::MAX_PER_PAGE)
    );
    assert_eq!(
        query_param(&doc, "page")["maximum"],
        json!(products::MAX_PAGE)
    );
    assert_eq!(query_param(&doc, "page")["minimum"], json!(1));

    // Just past each limit, the server refuses with the status the document lists.
    let tea = app.product_id("earl-grey").await;
    for quantity in [Quantity::MIN - 1, Quantity::MAX + 1] {
        let res = app
            .api(
                "POST",
                "/api/v1/cart/items",
                Some(json!({ "product_id": tea, "quantity": quantity })),
                &[],
            )
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{quantity}");
    }
    let too_far = format!("/api/v1/products?page={}", products::MAX_PAGE + 1);
    let last = format!("/api/v1/products?page={}", products::MAX_PAGE);
    assert_eq!(
        app.api("GET", &too_far, None, &[]).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        app.api("GET", &last, None, &[]).await.status,
        StatusCode::OK
    );
    let short = "x".repeat(Password::MIN_CHARS - 1);
    let res = app
        .api(
            "POST",
            "/api/v1/auth/register",
            Some(json!({ "email": "short@example.com", "password": short })),
            &[],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn the_logout_body_is_optional_as_documented() {
    let app = spawn_app().await;
    let doc = document(&app).await;
    let body = &doc["paths"]["/api/v1/auth/logout"]["post"]["requestBody"];
    assert!(body.is_object());
    assert_ne!(body["required"], true);
    let alice = bearer(&s(&app.api_login(ALICE).await, "access_token"));
    let res = app
        .api_as("POST", "/api/v1/auth/logout", None, &alice)
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(res.json::<Value>()["refresh_revoked"], true);
    // Optional is no body at all: a body of whitespace is not JSON (schemathesis sent "\n").
    let bob = bearer(&s(&app.api_login(BOB).await, "access_token"));
    let blank = axum::http::Request::post("/api/v1/auth/logout")
        .header("content-type", "application/json")
        .header("authorization", &bob)
        .body(axum::body::Body::from("\n"))
        .unwrap();
    let res = app.send(blank).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.body);
    assert_eq!(res.header("content-type").as_deref(), Some(PROBLEM));
    // Asking to revoke an access token that was not sent is a missing credential.
    let res = app
        .api(
            "POST",
            "/api/v1/auth/logout",
            Some(json!({ "revoke_access": true })),
            &[],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED, "{}", res.body);
    assert!(res.header("www-authenticate").is_some());
}

#[tokio::test]
async fn a_body_too_large_for_the_api_is_a_problem_document() {
    let app = spawn_app().await;
    let big = "x".repeat(70_000);
    let res = app
        .api(
            "POST",
            "/api/v1/auth/login",
            Some(json!({ "email": "a@example.com", "password": big })),
            &[],
        )
        .await;
    assert_eq!(res.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(res.header("content-type").as_deref(), Some(PROBLEM));
}

#[tokio::test]
async fn key_rotation_is_documented_only_where_it_is_served() {
    let app = spawn_app().await;
    let doc = document(&app).await;
    assert!(doc["paths"].get("/api/v1/admin/rotate-key").is_none());
    let res = app.api("POST", "/api/v1/admin/rotate-key", None, &[]).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
}

/// Every operation has its own id, and every link (how one answer feeds the next call: what lets
/// a generator reach carts, orders and sign-ins with real ids) names one of them.
#[tokio::test]
async fn operation_ids_are_unique_and_every_link_names_an_operation() {
    let app = spawn_app().await;
    let doc = document(&app).await;
    let mut ids = Vec::new();
    let mut links = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let id = op["operationId"].as_str();
            assert!(id.is_some(), "{method} {path} has no operationId");
            ids.push(id.unwrap().to_string());
            for (status, response) in op["responses"].as_object().unwrap() {
                for (name, link) in response["links"].as_object().into_iter().flatten() {
                    let target = link["operationId"].as_str().unwrap_or_default().to_string();
                    links.push((format!("{method} {path} {status} {name}"), target));
                }
            }
        }
    }
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "duplicate operationIds: {ids:?}");
    assert!(links.len() >= 17, "{links:?}");
    for (link, target) in &links {
        assert!(
            ids.contains(target),
            "{link} names {target:?}, no such operation"
        );
    }
    for op in [
        "add_cart_item",
        "update_cart_item",
        "remove_cart_item",
        "get_order",
        "end_sign_in",
    ] {
        assert!(
            links.iter().any(|(_, target)| target == op),
            "no link leads to {op}: its ids would have to be guessed"
        );
    }
}
