//! Ids of the shop's records, one type each, so a user id can never be passed where a cart id is
//! expected. On the wire and in the database each is the plain integer it wraps.

use serde::{Deserialize, Serialize};
use std::{fmt, str::FromStr};

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        #[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(transparent))]
        pub struct $name(pub i64);

        impl $name {
            pub const fn get(self) -> i64 {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        /// From a URL segment or a token's `sub`: digits only, anything else is not an id of ours.
        impl FromStr for $name {
            type Err = std::num::ParseIntError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.parse().map($name)
            }
        }
    };
}

id_type!(
    /// An account.
    UserId
);
id_type!(
    /// A cart: a guest's, or an account's.
    CartId
);
id_type!(
    /// A product of the catalog.
    ProductId
);
id_type!(
    /// A placed order.
    OrderId
);

/// Whose cart a request is about, however the request carried who it is (session cookie, bearer
/// token or Cart-Token): the shop works on owners and never sees the carrier.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CartOwner {
    /// A guest's cart, by its id; it may since have been cleaned up.
    Guest(CartId),
    /// A signed-in account's cart, which it may not have yet.
    User(UserId),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_travel_as_plain_numbers() {
        assert_eq!(serde_json::to_string(&UserId(7)).unwrap(), "7");
        assert_eq!(serde_json::from_str::<CartId>("12").unwrap(), CartId(12));
        assert_eq!("42".parse::<OrderId>().unwrap(), OrderId(42));
        assert!("4x".parse::<ProductId>().is_err());
        assert_eq!(ProductId(3).to_string(), "3");
    }
}
