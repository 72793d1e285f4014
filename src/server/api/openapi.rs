//! The OpenAPI 3.1 document's frame (title, tags, security schemes, the problem schema); its paths
//! come from the routes themselves (`api::routes`), so a served endpoint is a documented one.

use super::error;
use crate::server::Config;
use serde_json::json;
use utoipa::{
    openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme},
    Modify, OpenApi,
};

struct BearerSchemes;

impl Modify for BearerSchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some("An access token from /api/v1/auth/login (EdDSA, verify with /.well-known/jwks.json), or one issued to another site at /oauth/token. An operation's listed scope is what a token issued to another site must have been granted (profile, cart, orders; account is never granted to another site); the shop's own sign-ins have every scope."))
                    .build(),
            ),
        );
        // RFC 9449: no OpenAPI scheme type names DPoP, so its two headers are described here and
        // in the token endpoints' answers. Operations list `bearer`: a bound token is accepted in
        // every place a bearer token is, presented as `Authorization: DPoP <token>` with this header.
        components.add_security_scheme(
            "dpop",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                "DPoP",
                "A DPoP proof (RFC 9449): a JWT (typ dpop+jwt, alg ES256 or EdDSA, the client's public key in its jwk header) with jti, htm, htu, iat and, beside an access token, ath. Sent to /api/v1/auth/login, /register or /refresh it binds the sign-in to the key: token_type DPoP, cnf.jkt in the access token. A bound token is then accepted only as `Authorization: DPoP <token>` with a fresh proof by that key on every request, and refused as Bearer. Refusals are 401 with `WWW-Authenticate: DPoP error=\"invalid_dpop_proof\"` (or invalid_token, or use_dpop_nonce with a `DPoP-Nonce` header to put in the next proof).",
            ))),
        );
        components.add_security_scheme(
            "admin",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("The configured ADMIN_TOKEN"))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "cart_token",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                "Cart-Token",
                "A guest cart: the token the first add to a cart answers in its `Cart-Token` header (send it back on every cart call)",
            ))),
        );
    }
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Tokenshop API",
        version = "1",
        description = "The same shop as the pages, authenticated with JWTs instead of the session cookie. Every error is an RFC 9457 problem document (`application/problem+json`, schema `Problem`). Operations marked `security: []` need no credentials."
    ),
    components(schemas(error::Problem)),
    modifiers(&BearerSchemes),
    tags(
        (name = "auth", description = "Tokens: login, refresh with rotation, logout, introspection"),
        (name = "account", description = "The signed-in user"),
        (name = "catalog", description = "Products (public)"),
        (name = "cart", description = "The user's cart, or a guest cart carried by Cart-Token"),
        (name = "orders", description = "Checkout and order history"),
        (name = "keys", description = "Signing keys"),
        (name = "admin", description = "The operator's, with ADMIN_TOKEN: the practice shop's reset"),
    )
)]
pub struct ApiDoc;

/// The whole document: the frame above with every routed operation.
pub fn spec() -> utoipa::openapi::OpenApi {
    super::routes().split_for_parts().1
}

/// The document as this server serves it (and its reference page shows it), as JSON: key rotation
/// only where ADMIN_TOKEN enables it, the reset only in practice mode too, so that it never promises
/// an operation that answers everyone 404; and the links between operations.
pub fn as_served(
    mut doc: utoipa::openapi::OpenApi,
    config: &Config,
) -> Result<serde_json::Value, serde_json::Error> {
    if config.admin_token.is_none() {
        doc.paths.paths.remove("/api/v1/admin/rotate-key");
    }
    if config.admin_token.is_none() || !config.practice_mode {
        doc.paths.paths.remove("/api/v1/admin/reset");
    }
    let mut json = serde_json::to_value(doc)?;
    add_links(&mut json);
    Ok(json)
}

/// One link: the answer it follows (path, method, status), its name, the operation it leads to,
/// and what that call takes from the answer (or the request): a parameter and a JSON body, each
/// with runtime expressions (OpenAPI 3.1 §4.8.20).
struct LinkDoc {
    from: (&'static str, &'static str, &'static str),
    name: &'static str,
    to: &'static str,
    parameter: Option<(&'static str, &'static str)>,
    body: Option<&'static str>,
}

const FIRST_LINE: Option<(&str, &str)> = Some(("product_id", "$response.body#/lines/0/product_id"));
const REFRESH_TOKEN: Option<&str> = Some(r#"{"refresh_token": "$response.body#/refresh_token"}"#);

/// How one operation's answer feeds the next (OpenAPI links): what a client does with a product
/// list, a cart, an order or a sign-in, written down — and what lets a generator such as
/// schemathesis reach carts, orders and sign-ins with real ids instead of 404s.
const LINKS: [LinkDoc; 18] = {
    const fn link(
        from: (&'static str, &'static str, &'static str),
        name: &'static str,
        to: &'static str,
        parameter: Option<(&'static str, &'static str)>,
        body: Option<&'static str>,
    ) -> LinkDoc {
        LinkDoc {
            from,
            name,
            to,
            parameter,
            body,
        }
    }
    const PRODUCTS: (&str, &str, &str) = ("/api/v1/products", "get", "200");
    const ADDED: (&str, &str, &str) = ("/api/v1/cart/items", "post", "200");
    const CART: (&str, &str, &str) = ("/api/v1/cart", "get", "200");
    const LOGGED_IN: (&str, &str, &str) = ("/api/v1/auth/login", "post", "200");
    const REFRESHED: (&str, &str, &str) = ("/api/v1/auth/refresh", "post", "200");
    const QUANTITY: Option<&str> = Some(r#"{"quantity": 2}"#);
    [
        link(
            PRODUCTS,
            "AddTheFirstProduct",
            "add_cart_item",
            None,
            Some(r#"{"product_id": "$response.body#/items/0/id", "quantity": 1}"#),
        ),
        link(
            PRODUCTS,
            "ShowTheFirstProduct",
            "get_product",
            Some(("slug", "$response.body#/items/0/slug")),
            None,
        ),
        link(
            ADDED,
            "ChangeTheFirstLine",
            "update_cart_item",
            FIRST_LINE,
            QUANTITY,
        ),
        link(
            ADDED,
            "RemoveTheFirstLine",
            "remove_cart_item",
            FIRST_LINE,
            None,
        ),
        link(ADDED, "CheckOut", "checkout", None, None),
        link(
            CART,
            "ChangeTheFirstLine",
            "update_cart_item",
            FIRST_LINE,
            QUANTITY,
        ),
        link(
            CART,
            "RemoveTheFirstLine",
            "remove_cart_item",
            FIRST_LINE,
            None,
        ),
        link(CART, "CheckOut", "checkout", None, None),
        link(
            ("/api/v1/checkout", "post", "201"),
            "ShowTheOrder",
            "get_order",
            Some(("id", "$response.body#/id")),
            None,
        ),
        link(
            ("/api/v1/orders", "get", "200"),
            "ShowTheNewestOrder",
            "get_order",
            Some(("id", "$response.body#/0/id")),
            None,
        ),
        // The caller's own sign-in comes first in the list: end another one.
        link(
            ("/api/v1/sessions", "get", "200"),
            "EndTheSecondSignIn",
            "end_sign_in",
            Some(("id", "$response.body#/1/id")),
            None,
        ),
        link(
            ("/api/v1/auth/register", "post", "201"),
            "LogInAgain",
            "login",
            None,
            Some(r#"{"email": "$request.body#/email", "password": "$request.body#/password"}"#),
        ),
        link(LOGGED_IN, "Refresh", "refresh", None, REFRESH_TOKEN),
        link(LOGGED_IN, "LogOut", "logout", None, REFRESH_TOKEN),
        link(LOGGED_IN, "ListSignIns", "list_sign_ins", None, None),
        // The sign-in a login just made, ended by id: whatever else the run did to the list.
        link(
            LOGGED_IN,
            "EndThisSignIn",
            "end_sign_in",
            Some(("id", "$response.body#/sign_in_id")),
            None,
        ),
        link(REFRESHED, "RefreshAgain", "refresh", None, REFRESH_TOKEN),
        link(REFRESHED, "LogOut", "logout", None, REFRESH_TOKEN),
    ]
};

/// Written into the JSON: utoipa 5.5's `Link` serializes `operation_id` and `request_body` as
/// they are named in Rust, not as OpenAPI names them (`operationId`, `requestBody`).
fn add_links(doc: &mut serde_json::Value) {
    for l in &LINKS {
        let (path, method, status) = l.from;
        let Some(links) = doc
            .pointer_mut(&format!(
                "/paths/{}/{method}/responses/{status}",
                path.replace('/', "~1")
            ))
            .and_then(serde_json::Value::as_object_mut)
            .map(|response| response.entry("links").or_insert_with(|| json!({})))
        else {
            continue;
        };
        let mut link = json!({ "operationId": l.to });
        if let Some((name, expression)) = l.parameter {
            link["parameters"] = json!({ name: expression });
        }
        if let Some(body) = l
            .body
            .and_then(|b| serde_json::from_str::<serde_json::Value>(b).ok())
        {
            link["requestBody"] = body;
        }
        links[l.name] = link;
    }
}
