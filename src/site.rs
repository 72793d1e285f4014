//! What the built site is made of, as the pages link it: the stylesheet's and scripts' URLs (their
//! names carry a hash of their content in a release build) and the browser bundles, each holding
//! the islands of the pages that load it.

use leptos::prelude::*;

/// The URLs of the built stylesheet and of the browser modules: in a release build the stylesheet's
/// name carries a hash of its content, and the modules sit in a folder named by one hash of them
/// all (the server reads both from the build's `hash.txt`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assets {
    pub css: String,
    /// Where the hand-written browser modules are served (`src/**/*.js`, by their paths under
    /// `src/`): one folder for all of them, so their relative imports work as written.
    pub js: String,
}

impl Default for Assets {
    fn default() -> Self {
        Assets {
            css: "/pkg/tokenshop.css".into(),
            js: "/js".into(),
        }
    }
}

impl Assets {
    /// The URL of the browser module at `path` under `src/` (`learn/lessons/tamper/tamper.js`).
    pub fn module(&self, path: &str) -> String {
        format!("{}/{path}", self.js)
    }
}

pub fn use_assets() -> Assets {
    use_context().unwrap_or_default()
}

/// The browser bundles. Each holds the islands of the pages that load it, so no page downloads
/// code it never runs: the cart table is in the cart page's bundle only.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bundle {
    /// The cart badge, the notice, adding to the cart.
    Shop,
    /// The same and the cart table (built with the `bundle-cart` feature).
    Cart,
}

impl Bundle {
    pub const ALL: [Bundle; 2] = [Bundle::Shop, Bundle::Cart];

    pub fn for_path(path: &str) -> Self {
        if path == "/cart" {
            Bundle::Cart
        } else {
            Bundle::Shop
        }
    }

    /// Its files' name (`pkg/<name>.<hash>.wasm`) and the build's list of their hashes.
    pub fn name(self) -> &'static str {
        match self {
            Bundle::Shop => "tokenshop",
            Bundle::Cart => "tokenshop-cart",
        }
    }

    pub fn hash_file(self) -> &'static str {
        match self {
            Bundle::Shop => "hash.txt",
            Bundle::Cart => "hash-cart.txt",
        }
    }
}
