//! What a first visit downloads, and what a second one does not: built assets under hashed names
//! kept for a year and sent precompressed, pages and JSON compressed on the fly, and the shared
//! catalog page compressed once yet with every response's own nonce.

use crate::common::*;
use axum::{
    body::Body,
    http::{header, Request, StatusCode},
};
use std::io::Read;

/// A built site as the release build leaves it: a hashed bundle with its brotli and gzip copies.
fn built_site() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "tokenshop-site-{}-{}",
        std::process::id(),
        tokenshop::server::crypto::random_token::<6>()
    ));
    std::fs::create_dir_all(dir.join("pkg")).unwrap();
    let wasm = dir.join("pkg/tokenshop.0123456789abcdef_bg.wasm");
    std::fs::write(&wasm, b"\0asm plain").unwrap();
    std::fs::write(wasm.with_extension("wasm.br"), b"brotli bytes").unwrap();
    std::fs::write(wasm.with_extension("wasm.gz"), b"gzip bytes").unwrap();
    std::fs::write(
        dir.join("hash.txt"),
        "bundle: 0123456789abcdef\ncss: 2222222222222222\ndemos: 3333333333333333\n",
    )
    .unwrap();
    dir
}

async fn get(app: &TestApp, path: &str, accept_encoding: &str) -> Resp {
    let req = Request::get(path)
        .header(header::HOST, "localhost:3000")
        .header(header::ACCEPT_ENCODING, accept_encoding)
        .body(Body::empty())
        .unwrap();
    app.send(req).await
}

#[tokio::test]
async fn the_bundle_is_sent_precompressed_under_its_hash_and_kept_for_a_year() {
    let site = built_site();
    let app = spawn_app_with(&[("LEPTOS_SITE_ROOT", site.to_str().unwrap())]).await;
    let path = "/pkg/tokenshop.0123456789abcdef_bg.wasm";
    let br = get(&app, path, "gzip, deflate, br").await;
    assert_eq!(br.status, StatusCode::OK);
    assert_eq!(br.header("content-encoding").as_deref(), Some("br"));
    assert_eq!(br.body, "brotli bytes");
    assert_eq!(
        br.header("cache-control").as_deref(),
        Some("public, max-age=31536000, immutable")
    );
    assert!(br
        .header("vary")
        .unwrap_or_default()
        .contains("accept-encoding"));
    let gz = get(&app, path, "gzip").await;
    assert_eq!(gz.header("content-encoding").as_deref(), Some("gzip"));
    let plain = get(&app, path, "identity").await;
    assert_eq!(plain.header("content-encoding"), None);
    assert_eq!(plain.body, "\0asm plain");
    // Pages link the hashed names the build listed, and are never kept.
    let page = get(&app, "/login", "identity").await;
    assert!(
        page.body.contains("/pkg/tokenshop.2222222222222222.css"),
        "{}",
        page.body
    );
    assert!(page
        .body
        .contains("/pkg/tokenshop.0123456789abcdef_bg.wasm"));
    assert!(page.body.contains("/pkg/tokenshop.0123456789abcdef.js"));
    assert_eq!(page.header("cache-control").as_deref(), Some("no-store"));
    std::fs::remove_dir_all(site).unwrap();
}

#[tokio::test]
async fn pages_and_json_are_compressed_for_clients_that_accept_it() {
    let app = spawn_app().await;
    let json = get(&app, "/api/v1/products", "br").await;
    assert_eq!(json.status, StatusCode::OK);
    assert_eq!(json.header("content-encoding").as_deref(), Some("br"));
    let page = get(&app, "/login", "gzip").await;
    assert_eq!(page.header("content-encoding").as_deref(), Some("gzip"));
    let plain = get(&app, "/api/v1/products", "identity").await;
    assert_eq!(plain.header("content-encoding"), None);
}

fn gunzip(body: &[u8]) -> String {
    let mut text = String::new();
    flate2::read::GzDecoder::new(body)
        .read_to_string(&mut text)
        .expect("a valid gzip stream");
    text
}

#[tokio::test]
async fn a_shared_page_is_compressed_once_and_still_carries_each_responses_nonce() {
    let app = spawn_app().await;
    let mut nonces = Vec::new();
    for expected in ["miss", "hit", "hit"] {
        let req = Request::get("/")
            .header(header::HOST, "localhost:3000")
            .header(header::ACCEPT_ENCODING, "gzip, br")
            .body(Body::empty())
            .unwrap();
        let res = app.send(req).await;
        assert_eq!(res.header("x-page-cache").as_deref(), Some(expected));
        assert_eq!(res.header("content-encoding").as_deref(), Some("gzip"));
        let page = gunzip(&res.bytes);
        let csp = res.header("content-security-policy").unwrap();
        let nonce = csp
            .split("'nonce-")
            .nth(1)
            .unwrap()
            .split('\'')
            .next()
            .unwrap();
        assert!(
            page.contains(&format!("nonce=\"{nonce}\"")),
            "the page's scripts carry the header's nonce"
        );
        assert!(page.contains("25 products"));
        nonces.push(nonce.to_string());
    }
    nonces.dedup();
    assert_eq!(nonces.len(), 3, "every response has its own nonce");
}
