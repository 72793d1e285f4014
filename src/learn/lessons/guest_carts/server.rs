//! The guest-carts lab's server side: what logging in both ways will do with the two guest carts,
//! asked before it happens, by the same rule the merge itself uses.

use crate::domain::{preview_merge, AppError, Cart, CartOwner, LabRefusal, PreviewLine};
use crate::learn::server::lab::{behind_jar, shop_session};
use crate::server::{
    api::{error::ApiError, extract::GuestCartToken},
    shop, AppState,
};
use axum::{extract::State, http::HeaderMap, routing::get, Json, Router};
use serde::Serialize;
use tower_sessions::Session;

#[derive(Serialize)]
struct MergePreview {
    cookie_cart: Cart,
    token_cart: Cart,
    /// Into a new account's empty cart: the cookie's cart at the pages' login, then the token's
    /// cart at the API's login, by the same rule the merge itself uses.
    after_both_logins: Vec<PreviewLine>,
}

/// What logging in both ways will do with the two guest carts, before it happens.
async fn merge_preview(
    State(state): State<AppState>,
    session: Session,
    headers: HeaderMap,
    GuestCartToken(token_cart): GuestCartToken,
) -> Result<Json<MergePreview>, ApiError> {
    let shop = shop_session(&state, session, &headers);
    if shop.user_id().await?.is_some() {
        return Err(AppError::Lab(LabRefusal::AlreadySignedIn).into());
    }
    let cookie_cart = shop::carts::cart(&state, shop.cart_owner().await?).await?;
    let token_cart = shop::carts::cart(&state, token_cart.map(CartOwner::Guest)).await?;
    let after_both_logins = preview_merge(&Cart::default(), &[&cookie_cart, &token_cart]);
    Ok(Json(MergePreview {
        cookie_cart,
        token_cart,
        after_both_logins,
    }))
}

pub fn router(state: &AppState) -> Router<AppState> {
    let preview = Router::new().route("/learn/lab/cookie/merge-preview", get(merge_preview));
    behind_jar(preview, state)
}
