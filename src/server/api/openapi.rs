//! The OpenAPI 3.1 document, generated from the handlers' annotations.

use super::{auth, cart, error, orders, products, signins};
use axum::{response::IntoResponse, Json};
use utoipa::{
    openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme},
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
    }
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Tokenshop API",
        version = "1",
        description = "The same shop as the pages, authenticated with JWTs instead of the session cookie. Errors are RFC 9457 problem documents."
    ),
    paths(
        auth::login, auth::refresh, auth::logout, auth::introspect, auth::me, auth::account, auth::rotate_key,
        products::list, products::one,
        cart::show, cart::add, cart::update, cart::remove,
        orders::checkout, orders::list, orders::one,
        signins::list, signins::end, signins::end_others,
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

pub fn spec() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

pub async fn document() -> impl IntoResponse {
    Json(spec())
}
