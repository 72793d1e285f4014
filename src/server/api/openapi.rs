//! The OpenAPI 3.1 document's frame (title, tags, security schemes, the problem schema); its paths
//! come from the routes themselves (`api::routes`), so a served endpoint is a documented one.

use super::error;
use crate::server::Config;
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
                    .description(Some("An access token from /api/v1/auth/login (EdDSA, verify with /.well-known/jwks.json)"))
                    .build(),
            ),
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
    )
)]
pub struct ApiDoc;

/// The whole document: the frame above with every routed operation.
pub fn spec() -> utoipa::openapi::OpenApi {
    super::routes().split_for_parts().1
}

/// The document as this server serves it (and its reference page shows it): key rotation only
/// where ADMIN_TOKEN enables it, so that it never promises an operation that answers everyone 404.
pub fn as_configured(
    mut doc: utoipa::openapi::OpenApi,
    config: &Config,
) -> utoipa::openapi::OpenApi {
    if config.admin_token.is_none() {
        doc.paths.paths.remove("/api/v1/admin/rotate-key");
    }
    doc
}
