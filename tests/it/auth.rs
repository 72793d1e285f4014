//! Cookie-session accounts: login merges and cycles, logout really ends the session, throttling.

use crate::common::*;
use axum::http::StatusCode;
use tokenshop::domain::AppError;

#[tokio::test]
async fn login_cycles_the_session_id_and_merges_the_guest_cart() {
    let app = spawn_app().await;
    let tea = app.product_id("earl-grey").await;
    let lucky = app.product_id("lucky-fortune-cookie").await;

    // Alice already has one Earl Grey and the lucky cookie in her account cart.
    let mut alice = app.browser();
    assert_eq!(alice.login(ALICE.0, ALICE.1).await.status, StatusCode::OK);
    alice.add(tea, "1").await;
    alice.add(lucky, "1").await;

    let mut guest = app.browser();
    guest.add(tea, "2").await;
    guest.add(lucky, "1").await;
    let guest_cookie = guest.cookie.clone().unwrap();
    let res = guest.login(ALICE.0, ALICE.1).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let merged: Option<String> = res.json();
    let merged = merged.expect("the login answer says what was merged");
    assert!(
        merged.contains("2 × Earl Grey (now 3 in your cart)"),
        "{merged}"
    );
    assert!(
        merged.contains("Lucky Fortune Cookie (now 1 in your cart, limited by stock"),
        "{merged}"
    );
    assert_ne!(
        guest.cookie.as_deref(),
        Some(guest_cookie.as_str()),
        "session id must change on login"
    );

    let cart = guest.cart().await;
    let qty = |id: ProductId| {
        cart.lines
            .iter()
            .find(|l| l.product_id == id)
            .map(|l| l.quantity.get())
    };
    assert_eq!(qty(tea), Some(3), "quantities are added");
    assert_eq!(qty(lucky), Some(1), "capped at stock");
    assert_eq!(guest.nav().await.user.unwrap().email, ALICE.0);

    // The pre-login cookie is worthless now.
    let mut old = app.browser();
    old.cookie = Some(guest_cookie);
    assert!(old.nav().await.user.is_none());
    let guest_carts = app
        .scalar("SELECT COUNT(*) FROM carts WHERE user_id IS NULL")
        .await;
    assert_eq!(guest_carts, 0, "the merged guest cart is deleted");
}

#[tokio::test]
async fn logout_deletes_the_session_and_the_old_cookie_replays_as_anonymous() {
    let app = spawn_app().await;
    let mut b = app.browser();
    b.login(BOB.0, BOB.1).await;
    let cookie = b.cookie.clone().expect("cookie after login");
    assert_eq!(b.nav().await.user.unwrap().email, BOB.0);
    let sessions = || app.scalar("SELECT COUNT(*) FROM tower_sessions");
    assert_eq!(sessions().await, 1);

    let res = b.post("/fn/logout", &[]).await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(
        res.set_cookies()
            .iter()
            .any(|c| c.contains("tokenshop_session=") && c.contains("Max-Age=0")),
        "cookie cleared"
    );
    assert_eq!(b.cookie, None);
    assert_eq!(sessions().await, 0, "server-side record deleted");

    let replay = app.post("/fn/nav", &[], Some(&cookie)).await;
    let nav: tokenshop::server_fns::catalog::NavState = replay.json();
    assert!(nav.user.is_none(), "replayed cookie must be anonymous");
    let res = app.post("/fn/orders", &[], Some(&cookie)).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        sessions().await,
        0,
        "the replay must not resurrect the session"
    );
}

/// The id of the one session the database holds.
async fn only_session_id(app: &TestApp) -> String {
    tokenshop::on_db!(&app.state.db, |p| {
        sqlx::query_scalar("SELECT id FROM tower_sessions")
            .fetch_one(p)
            .await
    })
    .unwrap()
}

#[tokio::test]
async fn a_request_in_flight_during_logout_cannot_resurrect_the_session() {
    use tower_sessions::SessionStore;
    let app = spawn_app().await;
    let mut b = app.browser();
    b.login(ALICE.0, ALICE.1).await;
    let id = only_session_id(&app).await;
    let store = &app.state.sessions;
    let record = store
        .load(&id.parse().unwrap())
        .await
        .unwrap()
        .expect("record");
    b.post("/fn/logout", &[]).await;
    // What the in-flight request would do at its end: save the record it loaded before logout.
    store.save(&record).await.unwrap();
    let count = app.scalar("SELECT COUNT(*) FROM tower_sessions").await;
    assert_eq!(count, 0);
}

#[tokio::test]
async fn register_normalises_the_email_validates_and_signs_in() {
    let app = spawn_app().await;
    let mut b = app.browser();
    let short = b
        .post(
            "/fn/register",
            &[
                ("email", "new@example.com"),
                ("password", "short"),
                ("password_confirm", "short"),
            ],
        )
        .await;
    assert_eq!(short.status.as_u16(), 422);
    assert!(
        short.body.contains("at least 8 characters"),
        "{}",
        short.body
    );
    let mismatch = b
        .post(
            "/fn/register",
            &[
                ("email", "new@example.com"),
                ("password", "long enough"),
                ("password_confirm", "different!"),
            ],
        )
        .await;
    assert!(mismatch.body.contains("do not match"), "{}", mismatch.body);
    let bad_email = b
        .post(
            "/fn/register",
            &[
                ("email", "not-an-email"),
                ("password", "long enough"),
                ("password_confirm", "long enough"),
            ],
        )
        .await;
    assert_eq!(bad_email.status.as_u16(), 422);

    let ok = b
        .post(
            "/fn/register",
            &[
                ("email", "  New@Example.COM "),
                ("password", "long enough"),
                ("password_confirm", "long enough"),
            ],
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    assert_eq!(b.nav().await.user.unwrap().email, "new@example.com");
    let dup = app
        .post(
            "/fn/register",
            &[
                ("email", "NEW@example.com"),
                ("password", "long enough"),
                ("password_confirm", "long enough"),
            ],
            None,
        )
        .await;
    assert_eq!(dup.status, StatusCode::CONFLICT);
    assert!(dup.body.contains("already exists"), "{}", dup.body);
    let hash: String = tokenshop::on_db!(&app.state.db, |p| {
        sqlx::query_scalar("SELECT password_hash FROM users WHERE email = 'new@example.com'")
            .fetch_one(p)
            .await
    })
    .unwrap();
    assert!(hash.starts_with("$argon2id$"), "{hash}");
}

#[tokio::test]
async fn the_eleventh_failed_login_in_the_window_is_429_with_retry_after() {
    let app = spawn_app().await;
    for i in 0..10 {
        let res = app
            .post(
                "/fn/login",
                &[("email", ALICE.0), ("password", "wrong-password")],
                None,
            )
            .await;
        assert_eq!(
            res.status,
            StatusCode::UNAUTHORIZED,
            "attempt {i}: {}",
            res.body
        );
    }
    let res = app
        .post(
            "/fn/login",
            &[("email", ALICE.0), ("password", "wrong-password")],
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS, "{}", res.body);
    let retry: u64 = res
        .header("retry-after")
        .expect("Retry-After")
        .parse()
        .unwrap();
    assert!((1..=900).contains(&retry), "{retry}");
    // Even the right password waits now.
    let res = app
        .post(
            "/fn/login",
            &[("email", ALICE.0), ("password", ALICE.1)],
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(res.set_cookies().is_empty());
}

#[tokio::test]
async fn failures_are_also_counted_per_client_address_across_accounts() {
    let app = spawn_app_with(&[("LOGIN_MAX_FAILURES", "3")]).await;
    for email in ["a@example.com", "b@example.com", "c@example.com"] {
        let res = app
            .post(
                "/fn/login",
                &[("email", email), ("password", "whatever1")],
                None,
            )
            .await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    }
    let res = app
        .post("/fn/login", &[("email", BOB.0), ("password", BOB.1)], None)
        .await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS, "{}", res.body);
}

#[tokio::test]
async fn an_unknown_email_and_a_wrong_password_get_the_same_answer_in_similar_time() {
    let app = spawn_app().await;
    let time = |email: &'static str| {
        let app = &app;
        async move {
            let mut samples = Vec::new();
            let mut body = String::new();
            for _ in 0..3 {
                let t = std::time::Instant::now();
                let res = app
                    .post(
                        "/fn/login",
                        &[("email", email), ("password", "wrong-password")],
                        None,
                    )
                    .await;
                samples.push(t.elapsed());
                assert_eq!(res.status, StatusCode::UNAUTHORIZED);
                body = res.body;
            }
            samples.sort();
            (samples[1], body)
        }
    };
    let (known, known_body) = time(ALICE.0).await;
    let (unknown, unknown_body) = time("nobody@example.com").await;
    assert_eq!(known_body, unknown_body);
    let err = AppError::from_wire(unknown_body.as_bytes()).unwrap();
    assert_eq!(err, AppError::InvalidCredentials);
    // Without the decoy hash an unknown email answers in well under a tenth of the time.
    let ratio = unknown.as_secs_f64() / known.as_secs_f64();
    assert!(ratio > 0.4, "unknown {unknown:?} vs known {known:?}");
}

#[tokio::test]
async fn the_session_ends_at_its_absolute_lifetime_even_while_active() {
    let app = spawn_app_with(&[("SESSION_IDLE_SECS", "3"), ("SESSION_ABSOLUTE_SECS", "4")]).await;
    let mut b = app.browser();
    b.login(ALICE.0, ALICE.1).await;
    let mut last_seen_user = true;
    for _ in 0..6 {
        tokio::time::sleep(std::time::Duration::from_millis(1000)).await;
        last_seen_user = b.nav().await.user.is_some();
        if !last_seen_user {
            break;
        }
    }
    assert!(
        !last_seen_user,
        "an active session must still end at the absolute lifetime"
    );
}

#[tokio::test]
async fn the_session_ends_after_idle_expiry() {
    let app = spawn_app_with(&[("SESSION_IDLE_SECS", "1"), ("SESSION_ABSOLUTE_SECS", "60")]).await;
    let mut b = app.browser();
    b.login(ALICE.0, ALICE.1).await;
    assert!(b.nav().await.user.is_some());
    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    assert!(b.nav().await.user.is_none());
}

#[tokio::test]
async fn without_javascript_a_login_form_redirects_and_the_next_page_says_what_was_merged() {
    let app = spawn_app().await;
    let mut guest = app.browser();
    guest.add(app.product_id("earl-grey").await, "2").await;
    let plain_post = TestApp::plain_form_post(
        "/fn/login",
        "http://localhost:3000/login?next=/cart",
        &[("email", BOB.0), ("password", BOB.1), ("next", "/cart")],
        guest.cookie.as_deref(),
    );
    let res = app.send(plain_post).await;
    assert_eq!(res.status, StatusCode::FOUND, "{}", res.body);
    assert_eq!(res.header("location").as_deref(), Some("/cart"));
    let cookie = res
        .set_cookies()
        .into_iter()
        .find(|c| c.starts_with("tokenshop_session="))
        .unwrap();
    guest.cookie = cookie.split(';').next().map(String::from);
    let page = guest.get("/cart").await;
    assert!(
        page.body
            .contains("Merged your guest cart into your account: 2 × Earl Grey"),
        "flash shown on the next page"
    );
    let again = guest.get("/cart").await;
    assert!(
        !again.body.contains("Merged your guest cart"),
        "the message is shown once"
    );

    // A wrong password without JavaScript goes back to the form with the error in the URL.
    let bad = TestApp::plain_form_post(
        "/fn/login",
        "http://localhost:3000/login",
        &[("email", BOB.0), ("password", "nope-nope")],
        None,
    );
    let res = app.send(bad).await;
    assert_eq!(res.status, StatusCode::FOUND);
    let location = res.header("location").unwrap();
    assert!(
        location.starts_with("http://localhost:3000/login?") && location.contains("__err="),
        "{location}"
    );
    let form_page = app
        .get(location.trim_start_matches("http://localhost:3000"), None)
        .await;
    assert!(
        form_page.body.contains("Email or password is incorrect."),
        "error rendered in the form"
    );
}

#[tokio::test]
async fn a_session_whose_account_is_gone_is_signed_out_on_the_next_page() {
    let app = spawn_app().await;
    let mut b = app.browser();
    let res = b
        .post(
            "/fn/register",
            &[
                ("email", "gone@example.com"),
                ("password", "long-enough-pass"),
                ("password_confirm", "long-enough-pass"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(b.nav().await.user.unwrap().email, "gone@example.com");
    app.execute("DELETE FROM users WHERE email = 'gone@example.com'")
        .await;
    let nav = b.nav().await;
    assert!(nav.user.is_none());
    assert_eq!(nav.cart_count, 0);
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM tower_sessions").await,
        0,
        "the session record is deleted"
    );
}

#[tokio::test]
async fn a_signed_in_page_reads_its_account_with_the_session_and_never_stores_that_read() {
    use tower_sessions::{session::Record, SessionStore};
    let app = spawn_app().await;
    let tea = app.product_id("earl-grey").await;
    let mut b = app.browser();
    b.login(ALICE.0, ALICE.1).await;
    b.add(tea, "2").await;
    let id = only_session_id(&app).await;
    let store = &app.state.sessions;
    let record = store.load(&id.parse().unwrap()).await.unwrap().unwrap();
    let read = record
        .data
        .get("_account_read")
        .expect("read with the record");
    assert_eq!(read[1], ALICE.0);
    assert!(read.to_string().contains("Earl Grey"), "{read}");

    // Saved back (as at the end of a request that changed the session), the read stays out.
    store.save(&record).await.unwrap();
    let stored: Vec<u8> = tokenshop::on_db!(&app.state.db, |p| {
        sqlx::query_scalar("SELECT data FROM tower_sessions")
            .fetch_one(p)
            .await
    })
    .unwrap();
    let stored: Record = rmp_serde::from_slice(&stored).unwrap();
    assert!(stored.data.contains_key("user_id"));
    assert!(!stored.data.contains_key("_account_read"), "{stored:?}");

    // Without the sign-in row beside the session, the page reads the account itself.
    app.execute("DELETE FROM cookie_signins").await;
    let page = b.get("/cart").await;
    assert!(page.body.contains(ALICE.0), "{}", page.body);
    assert!(page.body.contains("Earl Grey"), "{}", page.body);
    assert_eq!(b.nav().await.cart_count, 2);
}
