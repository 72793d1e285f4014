//! The built site's files (`target/site`): the names the build gave them — each carrying a hash of
//! its content, listed in `hash.txt` — so pages link to the current ones and browsers may keep
//! them for a year; and serving them, with the brotli and gzip copies the build wrote beside each
//! one chosen by the request's `Accept-Encoding`. Without `hash.txt` (a development build) the
//! plain names are used.

use crate::server::AppState;
use crate::site::{Assets, Bundle};
use axum::{
    http::{header, request::Parts, HeaderValue},
    Router,
};
use leptos::prelude::{use_context, LeptosOptions};
use std::path::Path;
use tower_http::{
    services::{ServeDir, ServeFile},
    set_header::SetResponseHeaderLayer,
};

/// The hash file of the bundle every page but the cart loads, which also lists the stylesheet's
/// hash and the browser modules' folder.
pub const HASH_FILE: &str = "hash.txt";

/// The options a bundle's hydration scripts are rendered with: its name with the hash the build
/// gave it (`tokenshop.<hash>`, so the script links `tokenshop.<hash>.js` and
/// `tokenshop.<hash>_bg.wasm`), or the plain name without a build's hash file.
pub fn bundle_options(base: &LeptosOptions, site_root: &Path, bundle: Bundle) -> LeptosOptions {
    let mut options = base.clone();
    let hash = hash_of(&hashes(site_root, bundle.hash_file()), "bundle");
    options.output_name = format!("{}{hash}", bundle.name()).into();
    options.hash_files = false;
    options
}

/// Every bundle's options, for the shell to pick from for the page it renders.
#[derive(Clone)]
pub struct Bundles(Vec<(Bundle, LeptosOptions)>);

impl Bundles {
    pub fn new(base: &LeptosOptions, site_root: &Path) -> Self {
        Bundles(
            Bundle::ALL
                .iter()
                .map(|b| (*b, bundle_options(base, site_root, *b)))
                .collect(),
        )
    }

    /// The options of the bundle for the page being rendered (the request's path says which).
    pub fn for_this_request(&self) -> LeptosOptions {
        let path = use_context::<Parts>().map(|p| p.uri.path().to_string());
        let bundle = Bundle::for_path(path.as_deref().unwrap_or("/"));
        self.0
            .iter()
            .find(|(b, _)| *b == bundle)
            .map(|(_, o)| o.clone())
            .unwrap_or_else(|| self.0[0].1.clone())
    }
}

/// The `name: hash` lines of one of the build's hash files (none without a build).
fn hashes(site_root: &Path, file: &str) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(site_root.join(file)).unwrap_or_default();
    text.lines()
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect()
}

/// `.<hash>` of the named file, or nothing.
fn hash_of(hashes: &[(String, String)], name: &str) -> String {
    hashes
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| format!(".{v}"))
        .unwrap_or_default()
}

/// The URLs pages link the stylesheet and the browser modules with.
pub fn paths(site_root: &Path) -> Assets {
    let hashes = hashes(site_root, HASH_FILE);
    Assets {
        css: format!("/pkg/tokenshop{}.css", hash_of(&hashes, "css")),
        js: hashes
            .iter()
            .find(|(k, _)| k == "js")
            .map_or_else(|| "/js".to_string(), |(_, hash)| format!("/js/{hash}")),
    }
}

fn dir(site_root: &Path, name: &str) -> ServeDir {
    ServeDir::new(site_root.join(name))
        .precompressed_br()
        .precompressed_gzip()
}

/// The static files, each folder served as it is on disk. `Vary` tells caches the answer depends
/// on `Accept-Encoding`.
pub fn routes(site_root: &Path) -> Router<AppState> {
    let favicon = ServeFile::new(site_root.join("favicon.svg"))
        .precompressed_br()
        .precompressed_gzip();
    Router::new()
        .nest_service("/pkg", dir(site_root, "pkg"))
        .nest_service("/js", dir(site_root, "js"))
        .nest_service("/images", dir(site_root, "images"))
        .nest_service("/diagrams", dir(site_root, "diagrams"))
        .route_service("/favicon.svg", favicon)
        .layer(SetResponseHeaderLayer::appending(
            header::VARY,
            HeaderValue::from_static("accept-encoding"),
        ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_link_the_hashed_names_the_build_listed() {
        let dir = std::env::temp_dir().join(format!("tokenshop-assets-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        assert_eq!(paths(&dir), Assets::default());
        let base = LeptosOptions::builder().output_name("tokenshop").build();
        let plain = bundle_options(&base, &dir, Bundle::Cart);
        assert_eq!(&*plain.output_name, "tokenshop-cart");
        std::fs::write(
            dir.join(HASH_FILE),
            "bundle: aa\ncss: 0123456789abcdef\njs: fedcba9876543210\n",
        )
        .unwrap();
        let assets = paths(&dir);
        assert_eq!(assets.css, "/pkg/tokenshop.0123456789abcdef.css");
        assert_eq!(
            assets.module("learn/path.js"),
            "/js/fedcba9876543210/learn/path.js"
        );
        let shop = bundle_options(&base, &dir, Bundle::Shop);
        assert_eq!(&*shop.output_name, "tokenshop.aa");
        assert!(!shop.hash_files);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
