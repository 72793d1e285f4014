//! Reading numbers out of API bodies as the document states them. JSON Schema counts `40.0` as an
//! integer, and so does the document's `type: integer`; serde's `i64` refuses it. These accept a
//! whole number however it is written, and refuse fractions and numbers out of range (a 422, like
//! any field of the wrong type).

use crate::domain::ProductId;
use serde::de::{Deserializer, Error, Unexpected, Visitor};
use std::fmt;

struct Whole;

impl Visitor<'_> for Whole {
    type Value = i64;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a whole number")
    }

    fn visit_i64<E: Error>(self, v: i64) -> Result<i64, E> {
        Ok(v)
    }

    fn visit_u64<E: Error>(self, v: u64) -> Result<i64, E> {
        i64::try_from(v).map_err(|_| E::invalid_value(Unexpected::Unsigned(v), &self))
    }

    fn visit_f64<E: Error>(self, v: f64) -> Result<i64, E> {
        // -2^63 is exact as an f64, and 2^63 is the first value past i64::MAX.
        let limit = -(i64::MIN as f64);
        let in_range = (-limit..limit).contains(&v);
        if v.fract() == 0.0 && in_range {
            Ok(v as i64)
        } else {
            Err(E::invalid_value(Unexpected::Float(v), &self))
        }
    }
}

/// A JSON integer, `3` or `3.0`.
pub fn whole<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    d.deserialize_any(Whole)
}

pub fn product_id<'de, D: Deserializer<'de>>(d: D) -> Result<ProductId, D::Error> {
    whole(d).map(ProductId)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize)]
    struct Body {
        #[serde(deserialize_with = "whole")]
        n: i64,
    }

    fn read(json: &str) -> Option<i64> {
        serde_json::from_str::<Body>(json).ok().map(|b| b.n)
    }

    #[test]
    fn a_whole_number_is_one_however_it_is_written() {
        assert_eq!(read(r#"{"n": 40}"#), Some(40));
        assert_eq!(read(r#"{"n": 40.0}"#), Some(40));
        assert_eq!(read(r#"{"n": -3e0}"#), Some(-3));
        // 17 significant digits: parsed correctly rounded (serde_json's float_roundtrip).
        assert_eq!(read(r#"{"n": 1842479097486347.0}"#), Some(1842479097486347));
        assert_eq!(read(r#"{"n": 4.5}"#), None);
        assert_eq!(read(r#"{"n": 1e19}"#), None);
        assert_eq!(read(r#"{"n": 18446744073709551615}"#), None);
        assert_eq!(read(r#"{"n": "4"}"#), None);
        assert_eq!(read(r#"{"n": null}"#), None);
    }
}
