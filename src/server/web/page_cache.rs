//! Catalog pages for visitors who send no cookie: rendered at most once a second per URL and
//! shared, the way a CDN or Varnish would share them. A request with any cookie or credential is
//! rendered for itself: a cache cannot tell one session cookie's page from another's, which is
//! the other half of the Learn section's lesson on cookies and scale.
//!
//! Every page carries its response's CSP nonce, so a page is kept cut at its nonce and served
//! joined with the nonce of the request that gets it: each response still has a fresh one. The
//! pieces are also compressed once (`gzip_join`), so a browser that accepts gzip gets the shared
//! page compressed without it being compressed again for every response.
//! Entries follow the catalog held in memory: they end when it reloads or a checkout invalidates it.

use super::gzip_join::GzipJoin;
use crate::server::{web::security::CspNonce, AppState};
use axum::{
    body::{Body, Bytes},
    extract::{Request, State},
    http::{header, HeaderMap, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};
use std::{
    collections::HashMap,
    sync::{Arc, Mutex, RwLock},
    time::Instant,
};

/// Says whether a shareable page was served from the cache (`hit`) or rendered (`miss`), as CDNs do.
pub const CACHE_HEADER: &str = "x-page-cache";

/// A query string can name any number of URLs: at most this many are kept at once.
const MAX_ENTRIES: usize = 64;
/// Catalog pages are about 40 KB: a rendered page never comes near this.
const MAX_PAGE_BYTES: usize = 8 * 1024 * 1024;

struct Page {
    /// When the catalog it shows was read from the database.
    rendered: Instant,
    headers: HeaderMap,
    /// The body, cut where the nonce it was rendered with stood.
    pieces: Vec<Bytes>,
    /// The same pieces, compressed once.
    gzip: Option<GzipJoin>,
}

impl Page {
    fn new(rendered: Instant, headers: HeaderMap, body: &[u8], nonce: &str) -> Option<Page> {
        let text = std::str::from_utf8(body).ok()?;
        let pieces: Vec<Bytes> = text
            .split(nonce)
            .map(|piece| Bytes::copy_from_slice(piece.as_bytes()))
            .collect();
        let gzip = GzipJoin::new(&pieces);
        Some(Page {
            rendered,
            headers,
            pieces,
            gzip,
        })
    }

    fn response(&self, nonce: &str, gzip: bool, cache: &'static str) -> Response {
        let compressed = self.gzip.as_ref().filter(|_| gzip).map(|g| g.join(nonce));
        let body = compressed.clone().unwrap_or_else(|| {
            let mut body =
                Vec::with_capacity(self.pieces.iter().map(Bytes::len).sum::<usize>() + 64);
            for (i, piece) in self.pieces.iter().enumerate() {
                if i > 0 {
                    body.extend_from_slice(nonce.as_bytes());
                }
                body.extend_from_slice(piece);
            }
            body
        });
        let mut res = Response::new(Body::from(body));
        let h = res.headers_mut();
        *h = self.headers.clone();
        h.insert(CACHE_HEADER, HeaderValue::from_static(cache));
        h.append(header::VARY, HeaderValue::from_static("accept-encoding"));
        if compressed.is_some() {
            h.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        }
        res
    }
}

/// Whose turn it is to render a URL's page.
type RenderTurn = Arc<tokio::sync::Mutex<()>>;

#[derive(Default)]
pub struct PageCache {
    pages: RwLock<HashMap<String, Arc<Page>>>,
    /// One render per URL at a time: when a shared page expires under load, the requests that find
    /// it gone wait for the one rendering it instead of each rendering (and compressing) their own.
    /// Thirty-two renders at once made most of the shop's peak memory under load (bench/run).
    renders: Mutex<HashMap<String, RenderTurn>>,
}

impl PageCache {
    fn render_turn(&self, key: &str) -> RenderTurn {
        let mut renders = self.renders.lock().unwrap_or_else(|p| p.into_inner());
        if renders.len() >= MAX_ENTRIES {
            renders.retain(|_, turn| Arc::strong_count(turn) > 1);
        }
        renders.entry(key.to_string()).or_default().clone()
    }

    fn get(&self, key: &str, current: impl Fn(Instant) -> bool) -> Option<Arc<Page>> {
        let pages = self.pages.read().unwrap_or_else(|p| p.into_inner());
        pages.get(key).filter(|p| current(p.rendered)).cloned()
    }

    fn put(&self, key: String, page: Arc<Page>, current: impl Fn(Instant) -> bool) {
        let mut pages = self.pages.write().unwrap_or_else(|p| p.into_inner());
        if pages.len() >= MAX_ENTRIES {
            pages.retain(|_, p| current(p.rendered));
        }
        if pages.len() < MAX_ENTRIES || pages.contains_key(&key) {
            pages.insert(key, page);
        }
    }

    pub fn clear(&self) {
        self.pages
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .clear();
    }
}

/// The URL a request can share a page under: a plain GET of a catalog page, with no cookie and no
/// credential of any kind.
fn shareable(req: &Request) -> Option<String> {
    let path = req.uri().path();
    let catalog_page = path == "/" || path.starts_with("/products/");
    let anonymous = !req.headers().contains_key(header::COOKIE)
        && !req.headers().contains_key(header::AUTHORIZATION);
    (req.method() == Method::GET && catalog_page && anonymous).then(|| req.uri().to_string())
}

pub async fn serve(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let (Some(key), Some(CspNonce(nonce))) =
        (shareable(&req), req.extensions().get::<CspNonce>().cloned())
    else {
        return next.run(req).await;
    };
    let catalog = &state.catalog;
    let current = |rendered| catalog.shows_current(rendered);
    let gzip = accepts_gzip(req.headers());
    if let Some(page) = state.page_cache.get(&key, current) {
        metrics::counter!("tokenshop_page_cache_total", "result" => "hit").increment(1);
        return page.response(&nonce, gzip, "hit");
    }
    let turn = state.page_cache.render_turn(&key);
    let _rendering = turn.lock().await;
    if let Some(page) = state.page_cache.get(&key, current) {
        metrics::counter!("tokenshop_page_cache_total", "result" => "hit").increment(1);
        return page.response(&nonce, gzip, "hit");
    }
    metrics::counter!("tokenshop_page_cache_total", "result" => "miss").increment(1);
    let rendered = catalog.as_of();
    let res = next.run(req).await;
    if res.status() != StatusCode::OK || res.headers().contains_key(header::SET_COOKIE) {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_PAGE_BYTES).await {
        Ok(bytes) => bytes,
        Err(e) => {
            tracing::error!(error = %e, "reading a rendered page failed");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    parts.headers.remove(header::CONTENT_LENGTH);
    match Page::new(rendered, parts.headers.clone(), &bytes, &nonce) {
        Some(page) => {
            let res = page.response(&nonce, gzip, "miss");
            state.page_cache.put(key, Arc::new(page), current);
            res
        }
        None => {
            parts
                .headers
                .insert(CACHE_HEADER, HeaderValue::from_static("miss"));
            Response::from_parts(parts, Body::from(bytes))
        }
    }
}

/// Whether the request's `Accept-Encoding` names gzip (or anything) without refusing it (`q=0`).
fn accepts_gzip(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|coding| {
            let mut parts = coding.split(';').map(str::trim);
            let name = parts.next().unwrap_or("");
            let refused = parts.any(|p| p.replace(' ', "") == "q=0" || p == "q=0.0");
            (name.eq_ignore_ascii_case("gzip") || name == "*") && !refused
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gzip_is_served_only_to_clients_that_take_it() {
        let with = |v: &'static str| {
            let mut h = HeaderMap::new();
            h.insert(header::ACCEPT_ENCODING, HeaderValue::from_static(v));
            accepts_gzip(&h)
        };
        assert!(with("gzip, deflate, br, zstd"));
        assert!(with("br;q=1.0, gzip;q=0.5"));
        assert!(with("*"));
        assert!(!with("br"));
        assert!(!with("gzip;q=0"));
        assert!(!accepts_gzip(&HeaderMap::new()));
    }
}
