//! A user's active sign-ins, by either mechanism, as the account page and the API list them.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum SignInKind {
    /// A browser session: a random id in an HttpOnly cookie, its data in the shop's database.
    Cookie,
    /// An API sign-in: a refresh token family, with short-lived JWTs issued from it.
    Token,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SignIn {
    /// `cookie-…` or `token-…`: what to pass to end it. Never the session id or a token.
    pub id: String,
    pub kind: SignInKind,
    /// Unix seconds.
    pub created_at: i64,
    pub last_seen_at: i64,
    pub user_agent: String,
    /// The sign-in this request was made with.
    pub current: bool,
    /// For a sign-in the user granted to another site through the shop's consent page: which site
    /// and what it may do ("Partner site — cart, orders"). Ending it ends that site's access at once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub granted_to: Option<String>,
}

/// Which sign-in a request was made with, so it can be marked and spared by "end all others".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CurrentSignIn {
    pub cookie_handle: Option<String>,
    pub token_family: Option<String>,
}

impl CurrentSignIn {
    pub fn id(&self) -> Option<String> {
        self.cookie_handle
            .as_ref()
            .map(|h| format!("cookie-{h}"))
            .or_else(|| self.token_family.as_ref().map(|f| format!("token-{f}")))
    }
}

/// Splits a sign-in id into its kind and handle; anything else is not one of ours.
pub fn parse_signin_id(id: &str) -> Option<(SignInKind, &str)> {
    let (kind, rest) = if let Some(rest) = id.strip_prefix("cookie-") {
        (SignInKind::Cookie, rest)
    } else {
        (SignInKind::Token, id.strip_prefix("token-")?)
    };
    let plausible = !rest.is_empty()
        && rest.len() <= 64
        && rest
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    plausible.then_some((kind, rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signin_ids_round_trip_and_junk_is_refused() {
        let current = CurrentSignIn {
            cookie_handle: Some("abc_DEF-1".into()),
            token_family: None,
        };
        let id = current.id().unwrap();
        assert_eq!(
            parse_signin_id(&id),
            Some((SignInKind::Cookie, "abc_DEF-1"))
        );
        assert_eq!(
            parse_signin_id("token-xyz"),
            Some((SignInKind::Token, "xyz"))
        );
        for junk in [
            "",
            "cookie-",
            "token-",
            "xyz",
            "cookie-a'b",
            &format!("token-{}", "a".repeat(65)),
        ] {
            assert_eq!(parse_signin_id(junk), None, "{junk}");
        }
    }
}
