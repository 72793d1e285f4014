//! The cookie session: a typed wrapper over tower-sessions with named keys and an absolute
//! lifetime on top of the idle expiry. What it carries is who the browser is (an account, or a
//! guest's cart); `cart_owner` turns that into the shop's owner.

use crate::domain::{AppError, Cart, CartId, CartOwner, UserId};
use crate::server::{clock::now_unix, Config};
use std::time::Duration;
use tower_sessions::{session::Record, Session};

pub(super) const USER_ID: &str = "user_id";
const GUEST_CART_ID: &str = "guest_cart_id";
/// When this sign-in (or guest session) began: the absolute lifetime counts from here.
pub(super) const STARTED_AT: &str = "started_at";
pub(super) const LAST_SEEN: &str = "last_seen";
const FLASH: &str = "flash";
pub(super) const USER_AGENT: &str = "user_agent";
/// Not stored: what the store read about the signed-in account beside the record (`store::load`).
pub(super) const ACCOUNT_READ: &str = "_account_read";

/// How stale `last_seen` may get before a request refreshes it, which also slides the idle expiry:
/// a third of the idle timeout, at most 15 s. Saving on every request would be a database write per
/// page view.
fn touch_every(idle: Duration) -> i64 {
    (idle.as_secs() as i64 / 3).clamp(1, 15)
}

pub struct ShopSession {
    inner: Session,
    absolute: Duration,
    idle: Duration,
    /// The browser's User-Agent, remembered at sign-in for the list of sign-ins.
    user_agent: String,
}

impl ShopSession {
    pub fn new(inner: Session, config: &Config, user_agent: String) -> Self {
        ShopSession {
            inner,
            absolute: config.session_absolute,
            idle: config.session_idle,
            user_agent,
        }
    }

    /// A session that ends at the latest `absolute` after sign-in (never later than configured):
    /// a Learn lab's short sign-in, which the learner watches end without restarting the shop.
    pub fn lasting(
        inner: Session,
        config: &Config,
        user_agent: String,
        absolute: Duration,
    ) -> Self {
        ShopSession {
            absolute: absolute.min(config.session_absolute),
            ..ShopSession::new(inner, config, user_agent)
        }
    }

    /// The public handle of this session (a hash of its id), to mark it "current" in lists.
    pub fn handle(&self) -> Option<String> {
        self.inner.id().map(|id| handle(&id.to_string()))
    }

    /// Ends the session if it outlived its absolute lifetime; otherwise keeps its idle timer fresh.
    async fn enforce_lifetime(&self) -> Result<(), AppError> {
        let Some(started) = self.inner.get::<i64>(STARTED_AT).await? else {
            return Ok(());
        };
        let now = now_unix();
        if now - started >= self.absolute.as_secs() as i64 {
            self.inner.flush().await?;
            return Ok(());
        }
        let last_seen = self.inner.get::<i64>(LAST_SEEN).await?.unwrap_or(started);
        if now - last_seen >= touch_every(self.idle) {
            self.inner.insert(LAST_SEEN, now).await?;
        }
        Ok(())
    }

    pub async fn user_id(&self) -> Result<Option<UserId>, AppError> {
        self.enforce_lifetime().await?;
        Ok(self.inner.get::<UserId>(USER_ID).await?)
    }

    /// The account's email and cart as read with this request's session record, if it was read
    /// then and is `user`'s.
    pub(super) async fn account_read(&self, user: UserId) -> Option<(String, Cart)> {
        let read = self.inner.get::<(UserId, String, Cart)>(ACCOUNT_READ).await;
        match read {
            Ok(Some((id, email, cart))) if id == user => Some((email, cart)),
            _ => None,
        }
    }

    pub async fn guest_cart_id(&self) -> Result<Option<CartId>, AppError> {
        self.enforce_lifetime().await?;
        Ok(self.inner.get::<CartId>(GUEST_CART_ID).await?)
    }

    /// Whose cart this browser shops with: its account's when signed in, else its guest cart's.
    pub async fn cart_owner(&self) -> Result<Option<CartOwner>, AppError> {
        if let Some(user) = self.user_id().await? {
            return Ok(Some(CartOwner::User(user)));
        }
        Ok(self.guest_cart_id().await?.map(CartOwner::Guest))
    }

    /// The first add-to-cart: this is the moment a guest gets a session (and a cookie).
    pub async fn start_guest_cart(&self, cart_id: CartId) -> Result<(), AppError> {
        let now = now_unix();
        self.inner.insert(GUEST_CART_ID, cart_id).await?;
        if self.inner.get::<i64>(STARTED_AT).await?.is_none() {
            self.inner.insert(STARTED_AT, now).await?;
        }
        self.inner.insert(LAST_SEEN, now).await?;
        Ok(())
    }

    /// Binds the session to an account under a fresh id, so an id planted before login is worthless.
    pub async fn sign_in(&self, user_id: UserId) -> Result<(), AppError> {
        let now = now_unix();
        self.inner.cycle_id().await?;
        self.inner.remove::<CartId>(GUEST_CART_ID).await?;
        self.inner.insert(USER_ID, user_id).await?;
        self.inner
            .insert(
                USER_AGENT,
                self.user_agent.chars().take(200).collect::<String>(),
            )
            .await?;
        self.inner.insert(STARTED_AT, now).await?;
        self.inner.insert(LAST_SEEN, now).await?;
        Ok(())
    }

    /// Deletes the server-side record and empties the session, which makes the layer clear the cookie.
    pub async fn sign_out(&self) -> Result<(), AppError> {
        self.inner.flush().await?;
        Ok(())
    }

    pub async fn set_flash(&self, message: String) -> Result<(), AppError> {
        self.inner.insert(FLASH, message).await?;
        Ok(())
    }

    pub async fn take_flash(&self) -> Result<Option<String>, AppError> {
        if self.inner.get_value(FLASH).await?.is_none() {
            return Ok(None);
        }
        Ok(self.inner.remove::<String>(FLASH).await?)
    }

    /// (idle expiry, absolute expiry) of this browser's session, if it has one.
    pub async fn expiry(&self) -> Result<Option<(i64, i64)>, AppError> {
        self.enforce_lifetime().await?;
        if self.inner.get::<i64>(STARTED_AT).await?.is_none() {
            return Ok(None);
        }
        let (_, idle, absolute) = self.lifetimes().await?;
        Ok(Some((idle.min(absolute), absolute)))
    }

    /// (signed in at, idle expiry, absolute expiry) as Unix seconds.
    pub async fn lifetimes(&self) -> Result<(i64, i64, i64), AppError> {
        let started = self
            .inner
            .get::<i64>(STARTED_AT)
            .await?
            .unwrap_or_else(now_unix);
        let last_seen = self.inner.get::<i64>(LAST_SEEN).await?.unwrap_or(started);
        Ok((
            started,
            last_seen + self.idle.as_secs() as i64,
            started + self.absolute.as_secs() as i64,
        ))
    }
}

/// What a stored session record says about its holder, in words, for the request inspector.
pub fn describe_record(record: &Record) -> String {
    let get = |key: &str| record.data.get(key).and_then(|v| v.as_i64());
    match (get(USER_ID), get(GUEST_CART_ID)) {
        (Some(user), _) => format!("record found: signed in as user {user}"),
        (None, Some(cart)) => format!("record found: a guest with cart {cart}"),
        (None, None) => "record found: no sign-in and no cart in it".to_string(),
    }
}

/// The public handle of a session: its id hashed, so a list of sign-ins never shows the secret.
pub fn handle(session_id: &str) -> String {
    crate::server::crypto::b64url(&crate::server::crypto::sha256(session_id.as_bytes())[..16])
}
