//! Test harness: the real router on a fresh database per test, driven in-process with `oneshot`,
//! and a tiny browser that keeps the session cookie like a real one.
//!
//! The database is a new SQLite file, or, when `TEST_DATABASE_URL` names a PostgreSQL database, a
//! new schema in it (`./scripts/test` runs the suite both ways).

use axum::{
    body::Body,
    extract::ConnectInfo,
    http::{header, HeaderMap, Request, StatusCode},
    Router,
};
use http_body_util::BodyExt;
use sqlx::AssertSqlSafe;
use std::{
    net::SocketAddr,
    path::PathBuf,
    sync::atomic::{AtomicU32, Ordering},
};
pub use tokenshop::domain::ProductId;
use tokenshop::on_db;
use tokenshop::server::{
    startup::{build_router, build_state},
    AppState, Config,
};
use tower::ServiceExt;

/// Leptos suppresses resource loading process-wide while it generates a route list
/// (leptos-rs/leptos#4773), so a page rendered by another test at that moment would wait forever.
/// Building a router takes this lock exclusively; every request holds it shared. A server builds
/// its route list once, before it serves, so only tests need this.
static ROUTE_GENERATION: tokio::sync::RwLock<()> = tokio::sync::RwLock::const_new(());

pub struct TestApp {
    pub router: Router,
    pub state: AppState,
    pub db_url: String,
}

static N: AtomicU32 = AtomicU32::new(0);

pub async fn fresh_db_url() -> String {
    match std::env::var("TEST_DATABASE_URL") {
        Ok(base) if base.starts_with("postgres") => fresh_postgres_schema(&base).await,
        _ => fresh_sqlite_file(),
    }
}

fn fresh_sqlite_file() -> String {
    let dir: PathBuf = std::env::temp_dir().join("tokenshop-tests");
    std::fs::create_dir_all(&dir).unwrap();
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let file = dir.join(format!(
        "{}-{}-{}.db",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst),
        nanos
    ));
    format!("sqlite://{}", file.display())
}

/// A new, empty schema named after this process, and `base` with it as the search path: the app's
/// tables, its migrations table and the session table all land in it.
async fn fresh_postgres_schema(base: &str) -> String {
    use sqlx::Connection;
    static SWEPT: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
    let mut conn = sqlx::PgConnection::connect(base)
        .await
        .unwrap_or_else(|e| panic!("TEST_DATABASE_URL={base}: {e}"));
    if !SWEPT.swap(true, Ordering::SeqCst) {
        // Schemas left by test processes that have ended.
        let schemas: Vec<String> = sqlx::query_scalar(
            "SELECT nspname::text FROM pg_namespace WHERE nspname LIKE 'tokenshop_test_%'",
        )
        .fetch_all(&mut conn)
        .await
        .unwrap();
        for schema in schemas {
            let pid = schema.split('_').nth(2).unwrap_or("");
            if !std::path::Path::new(&format!("/proc/{pid}")).exists() {
                sqlx::query(AssertSqlSafe(format!(
                    "DROP SCHEMA IF EXISTS {schema} CASCADE"
                )))
                .execute(&mut conn)
                .await
                .unwrap();
            }
        }
    }
    let schema = format!(
        "tokenshop_test_{}_{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    );
    sqlx::query(AssertSqlSafe(format!("CREATE SCHEMA {schema}")))
        .execute(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();
    let separator = if base.contains('?') { '&' } else { '?' };
    format!("{base}{separator}options[search_path]={schema}")
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(&[]).await
}

pub async fn spawn_app_with(vars: &[(&str, &str)]) -> TestApp {
    spawn_app_on(&fresh_db_url().await, vars).await
}

/// An app on a given database file, to test what survives a restart.
pub async fn spawn_app_on(db_url: &str, vars: &[(&str, &str)]) -> TestApp {
    let db_url_owned = db_url.to_string();
    let vars: Vec<(String, String)> = vars
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let config = Config::from_lookup(|key| {
        if key == "DATABASE_URL" {
            return Some(db_url_owned.clone());
        }
        vars.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
    })
    .expect("test config");
    let state = build_state(config).await.expect("state");
    let router = {
        let _exclusive = ROUTE_GENERATION.write().await;
        build_router(state.clone())
    };
    TestApp {
        router,
        state,
        db_url: db_url.to_string(),
    }
}

#[derive(Debug)]
pub struct Resp {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
    /// The body as sent (compressed bodies are not text).
    pub bytes: Vec<u8>,
}

impl Resp {
    pub fn set_cookies(&self) -> Vec<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .map(String::from)
            .collect()
    }

    pub fn json<T: serde::de::DeserializeOwned>(&self) -> T {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(String::from)
    }
}

pub fn form(fields: &[(&str, &str)]) -> String {
    serde_urlencoded::to_string(fields).unwrap()
}

impl TestApp {
    pub async fn send(&self, mut req: Request<Body>) -> Resp {
        req.extensions_mut()
            .insert(ConnectInfo(SocketAddr::from(([127, 0, 0, 1], 40000))));
        let _shared = ROUTE_GENERATION.read().await;
        let res = self
            .router
            .clone()
            .oneshot(req)
            .await
            .expect("router never fails");
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res.into_body().collect().await.expect("body").to_bytes();
        Resp {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
            bytes: bytes.to_vec(),
        }
    }

    /// A same-origin POST of a form, as the browser's server-function client sends it.
    pub fn post_request(path: &str, body: String, cookie: Option<&str>) -> Request<Body> {
        let mut b = Request::post(path)
            .header(header::HOST, "localhost:3000")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header("sec-fetch-site", "same-origin");
        if let Some(c) = cookie {
            b = b.header(header::COOKIE, c);
        }
        b.body(Body::from(body)).unwrap()
    }

    /// A form posted by a browser without JavaScript: it accepts HTML and says where it came from.
    pub fn plain_form_post(
        path: &str,
        referer: &str,
        fields: &[(&str, &str)],
        cookie: Option<&str>,
    ) -> Request<Body> {
        let mut req = Self::post_request(path, form(fields), cookie);
        req.headers_mut().insert(
            header::ACCEPT,
            "text/html,application/xhtml+xml".parse().unwrap(),
        );
        req.headers_mut()
            .insert(header::REFERER, referer.parse().unwrap());
        req
    }

    pub async fn post(&self, path: &str, fields: &[(&str, &str)], cookie: Option<&str>) -> Resp {
        self.send(Self::post_request(path, form(fields), cookie))
            .await
    }

    pub async fn get(&self, path: &str, cookie: Option<&str>) -> Resp {
        let mut b = Request::get(path)
            .header(header::HOST, "localhost:3000")
            .header(header::ACCEPT, "text/html");
        if let Some(c) = cookie {
            b = b.header(header::COOKIE, c);
        }
        self.send(b.body(Body::empty()).unwrap()).await
    }

    pub async fn product_id(&self, slug: &str) -> ProductId {
        on_db!(&self.state.db, |p| {
            sqlx::query_scalar("SELECT id FROM products WHERE slug = $1")
                .bind(slug)
                .fetch_one(p)
                .await
        })
        .unwrap()
    }

    pub async fn stock(&self, slug: &str) -> i64 {
        on_db!(&self.state.db, |p| {
            sqlx::query_scalar("SELECT stock FROM products WHERE slug = $1")
                .bind(slug)
                .fetch_one(p)
                .await
        })
        .unwrap()
    }

    /// The one integer a query without parameters returns (a `COUNT(*)`, say).
    pub async fn scalar(&self, sql: &str) -> i64 {
        on_db!(&self.state.db, |p| sqlx::query_scalar(AssertSqlSafe(sql))
            .fetch_one(p)
            .await)
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
    }

    /// Runs a statement without parameters.
    pub async fn execute(&self, sql: &str) {
        on_db!(&self.state.db, |p| sqlx::query(AssertSqlSafe(sql))
            .execute(p)
            .await
            .map(|_| ()))
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
    }

    pub fn browser(&self) -> Browser<'_> {
        Browser {
            app: self,
            cookie: None,
        }
    }
}

/// Keeps the session cookie between calls the way a browser's cookie jar does.
pub struct Browser<'a> {
    pub app: &'a TestApp,
    /// `name=value` of the session cookie, if any.
    pub cookie: Option<String>,
}

impl Browser<'_> {
    pub async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Resp {
        let res = self.app.post(path, fields, self.cookie.as_deref()).await;
        self.absorb(&res);
        res
    }

    pub async fn get(&mut self, path: &str) -> Resp {
        let res = self.app.get(path, self.cookie.as_deref()).await;
        self.absorb(&res);
        res
    }

    fn absorb(&mut self, res: &Resp) {
        for c in res.set_cookies() {
            if !c.contains("tokenshop_session=") {
                continue;
            }
            if c.contains("Max-Age=0") {
                self.cookie = None;
            } else {
                self.cookie = c.split(';').next().map(String::from);
            }
        }
    }

    pub async fn nav(&mut self) -> tokenshop::server_fns::catalog::NavState {
        let res = self.post("/fn/nav", &[]).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        res.json()
    }

    pub async fn login(&mut self, email: &str, password: &str) -> Resp {
        self.post("/fn/login", &[("email", email), ("password", password)])
            .await
    }

    pub async fn add(&mut self, product_id: ProductId, quantity: &str) -> Resp {
        self.post(
            "/fn/cart/add",
            &[
                ("product_id", &product_id.to_string()),
                ("quantity", quantity),
            ],
        )
        .await
    }

    pub async fn cart(&mut self) -> tokenshop::domain::Cart {
        let res = self.post("/fn/cart", &[]).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        res.json()
    }
}

pub const ALICE: (&str, &str) = ("alice@example.com", "alice-tokenshop");
pub const BOB: (&str, &str) = ("bob@example.com", "bob-tokenshop");

/// JSON API calls, with any extra headers (Authorization, Cart-Token, Origin...).
impl TestApp {
    pub async fn api(
        &self,
        method: &str,
        path: &str,
        body: Option<serde_json::Value>,
        headers: &[(&str, &str)],
    ) -> Resp {
        let mut b = Request::builder()
            .method(method)
            .uri(path)
            .header(header::HOST, "localhost:3000");
        for (k, v) in headers {
            b = b.header(*k, *v);
        }
        let body = match body {
            Some(json) => {
                b = b.header(header::CONTENT_TYPE, "application/json");
                Body::from(json.to_string())
            }
            None => Body::empty(),
        };
        self.send(b.body(body).unwrap()).await
    }

    /// An API call carrying `Authorization` (a full `Bearer …` value).
    pub async fn api_as(
        &self,
        method: &str,
        path: &str,
        body: Option<serde_json::Value>,
        auth: &str,
    ) -> Resp {
        self.api(method, path, body, &[("authorization", auth)])
            .await
    }

    /// The account's sign-in granted to another site, as `GET /api/v1/sessions` lists it, asked with
    /// `own_access`, an access token of one of the account's own sign-ins (the `account` scope).
    pub async fn granted_sign_in(&self, own_access: &str) -> serde_json::Value {
        let list: Vec<serde_json::Value> = self
            .api_as("GET", "/api/v1/sessions", None, &bearer(own_access))
            .await
            .json();
        list.into_iter()
            .find(|g| g.get("granted_to").is_some())
            .expect("a sign-in granted to another site is listed")
    }

    /// Logs in through the API and returns the token response.
    pub async fn api_login(&self, (email, password): (&str, &str)) -> serde_json::Value {
        let res = self
            .api(
                "POST",
                "/api/v1/auth/login",
                Some(serde_json::json!({ "email": email, "password": password })),
                &[],
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        res.json()
    }

    pub async fn me(&self, access_token: &str) -> Resp {
        let auth = format!("Bearer {access_token}");
        self.api("GET", "/api/v1/me", None, &[("authorization", &auth)])
            .await
    }
}

/// The key ids the JWKS publishes, in its order.
impl TestApp {
    pub async fn jwks_kids(&self) -> Vec<String> {
        let jwks: serde_json::Value = self
            .api("GET", "/.well-known/jwks.json", None, &[])
            .await
            .json();
        jwks["keys"]
            .as_array()
            .expect("a keys array")
            .iter()
            .map(|k| k["kid"].as_str().expect("a kid").to_string())
            .collect()
    }
}

/// A JWT's claims, decoded here without the server's help.
pub fn jwt_payload(token: &str) -> serde_json::Value {
    use base64::Engine;
    let payload = token.split('.').nth(1).expect("a JWT");
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .expect("base64url");
    serde_json::from_slice(&bytes).expect("JSON claims")
}

/// The string field `key` of a JSON object, or a panic that shows the object.
pub fn s(v: &serde_json::Value, key: &str) -> String {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} in {v}"))
        .to_string()
}

pub fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}
