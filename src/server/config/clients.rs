//! The sites registered to ask the shop's users for access (RFC 6749 §2): today one, the partner.
//! Each is a public client (a page in a browser cannot keep a secret), so it proves itself by PKCE
//! and by the exact redirect URI registered for it, never by a secret.

use super::Config;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Client {
    pub id: &'static str,
    /// How the consent page and the list of sign-ins name it.
    pub name: &'static str,
    /// Where the shop may send the browser back, each compared whole, character for character
    /// (RFC 9700 §2.1, §4.1.3): no prefix, no wildcard. A request names one of them.
    pub redirect_uris: Vec<String>,
    /// The only origin whose pages may call the token endpoint (CORS).
    pub origin: String,
}

/// The partner site's client id.
pub const PARTNER: &str = "partner";

/// The partner's second registered redirect URI, on its own origin: the Learn lesson's lab page.
pub const LESSON_REDIRECT_PATH: &str = "/learn/let-another-site-in/partner";

#[derive(Clone, Debug)]
pub struct Clients(Vec<Client>);

impl Clients {
    pub fn new(config: &Config) -> Self {
        let origin = config.partner_origin.trim_end_matches('/').to_string();
        Clients(vec![Client {
            id: PARTNER,
            name: "Partner site",
            // Its home page's callback, and the page on its site where the Learn lesson "Let another
            // site in without your password" runs the same flow one step at a time.
            redirect_uris: vec![
                format!("{origin}/callback"),
                format!("{origin}{LESSON_REDIRECT_PATH}"),
            ],
            origin,
        }])
    }

    pub fn get(&self, id: &str) -> Option<&Client> {
        self.0.iter().find(|c| c.id == id)
    }

    /// Whether `uri` is one of the client's registered redirect URIs, compared whole.
    pub fn registered(client: &Client, uri: &str) -> bool {
        client.redirect_uris.iter().any(|u| u == uri)
    }

    pub fn origins(&self) -> Vec<String> {
        self.0.iter().map(|c| c.origin.clone()).collect()
    }

    /// "Partner site" for a known client id, else the id itself.
    pub fn name_of<'a>(&'a self, id: &'a str) -> &'a str {
        self.get(id).map_or(id, |c| c.name)
    }
}
