//! What a token issued to another site may do: OAuth scopes (RFC 6749 §3.3), carried in the
//! access token's `scope` claim beside `client_id` (RFC 9068 §2.2.3). A token without `client_id`
//! comes from one of the shop's own sign-ins (the pages' playground, an app) and may do everything
//! its user may; a token issued to a client may do only what its scopes name.

use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scope {
    /// See the account's email address (`/me`).
    Profile,
    /// See and change the cart.
    Cart,
    /// See the orders and place new ones (checkout).
    Orders,
    /// Manage the account itself and its sign-ins. Never granted to a client: a site that was let
    /// in must not be able to end the user's other sign-ins or change the account.
    Account,
}

impl Scope {
    /// The scopes a client may ask for, in the order the consent page lists them.
    pub const GRANTABLE: [Scope; 3] = [Scope::Profile, Scope::Cart, Scope::Orders];

    pub fn name(self) -> &'static str {
        match self {
            Scope::Profile => "profile",
            Scope::Cart => "cart",
            Scope::Orders => "orders",
            Scope::Account => "account",
        }
    }

    /// The scope in plain words, as the consent page asks for it.
    pub fn words(self) -> &'static str {
        match self {
            Scope::Profile => "see your email address",
            Scope::Cart => "see and change your cart",
            Scope::Orders => "see your orders and place orders in your name",
            Scope::Account => "manage your account and end your sign-ins",
        }
    }

    fn parse(name: &str) -> Option<Scope> {
        Scope::GRANTABLE.into_iter().find(|s| s.name() == name)
    }
}

/// A set of grantable scopes, kept sorted and without repeats: the `scope` parameter and claim,
/// space-delimited (RFC 6749 §3.3).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scopes(Vec<Scope>);

/// A `scope` value naming something this shop does not grant.
#[derive(Debug, PartialEq, Eq)]
pub struct UnknownScope(pub String);

impl Scopes {
    /// Parses a requested `scope`. Unknown names are refused rather than dropped, so a client learns
    /// at once that it asked for something that does not exist; an empty request is refused too,
    /// because this shop has no default scope to fall back on (RFC 6749 §3.3).
    pub fn parse(value: &str) -> Result<Scopes, UnknownScope> {
        let mut scopes = Vec::new();
        for name in value.split(' ').filter(|n| !n.is_empty()) {
            let scope =
                Scope::parse(name).ok_or_else(|| UnknownScope(name.chars().take(40).collect()))?;
            scopes.push(scope);
        }
        if scopes.is_empty() {
            return Err(UnknownScope(String::new()));
        }
        scopes.sort();
        scopes.dedup();
        Ok(Scopes(scopes))
    }

    pub fn contains(&self, scope: Scope) -> bool {
        self.0.contains(&scope)
    }

    pub fn iter(&self) -> impl Iterator<Item = Scope> + '_ {
        self.0.iter().copied()
    }
}

impl fmt::Display for Scopes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.0.iter().map(|s| s.name()).collect();
        f.write_str(&names.join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc6749_3_3_scope_is_space_delimited_and_order_free() {
        let a = Scopes::parse("orders cart").unwrap();
        let b = Scopes::parse("cart  orders cart").unwrap();
        assert_eq!(a, b);
        assert_eq!(a.to_string(), "cart orders");
        assert!(a.contains(Scope::Cart) && !a.contains(Scope::Profile));
    }

    #[test]
    fn unknown_empty_and_first_party_scopes_are_refused() {
        assert_eq!(
            Scopes::parse("cart admin"),
            Err(UnknownScope("admin".into()))
        );
        assert!(Scopes::parse("").is_err());
        assert!(Scopes::parse("   ").is_err());
        // `account` exists for first-party tokens only: no client can ask for it.
        assert!(Scopes::parse("account").is_err());
    }
}
