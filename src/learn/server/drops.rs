//! What a lab's attacker got, kept per drop (a random name the lab page chose for one run): the XSS
//! lab's loot, sent to the collector on the partner origin, and the forged-request lab's attempts.
//! In memory, bounded, and only for half an hour: lab accounts' credentials and lab outcomes, and
//! nothing else is ever stored here.

use crate::server::clock::now_unix;
use serde::{Deserialize, Serialize};
use std::{collections::HashMap, sync::Mutex};

const DROPS: usize = 500;
const ITEMS_PER_DROP: usize = 12;
const VALUE_BYTES: usize = 4096;
pub const LIFETIME_SECS: i64 = 1800;

/// One thing the injected script took or did, as it reported it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Loot {
    /// Where it was kept: localStorage, sessionStorage, memory, cookie, bff.
    pub from: String,
    /// `access`, `refresh`, or `rode` (it acted in the tab; `value` says what it got back).
    pub kind: String,
    pub value: String,
}

pub struct Drops<T> {
    inner: Mutex<HashMap<String, (i64, Vec<T>)>>,
}

impl<T> Default for Drops<T> {
    fn default() -> Self {
        Drops {
            inner: Mutex::default(),
        }
    }
}

/// A drop's name: what the lab page chose, if it looks like one.
pub fn valid_name(name: &str) -> bool {
    (16..=64).contains(&name.len()) && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

impl Loot {
    pub fn fits(&self) -> bool {
        self.value.len() <= VALUE_BYTES && self.from.len() <= 32 && self.kind.len() <= 16
    }
}

impl<T: Clone + PartialEq> Drops<T> {
    /// Adds to a drop; a name that is not a drop's (`valid_name`) keeps nothing, items beyond the
    /// bound are dropped, and the oldest drop makes room when the store is full.
    pub fn add(&self, name: &str, items: Vec<T>) {
        self.with_drop(name, |loot| {
            for item in items {
                if loot.len() >= ITEMS_PER_DROP {
                    break;
                }
                if !loot.contains(&item) {
                    loot.push(item);
                }
            }
        });
    }

    /// Keeps `item` in a drop in place of the item `same` picks (a lab whose latest try of each
    /// step is what counts), within the bounds of `add`.
    pub fn put(&self, name: &str, item: T, same: impl Fn(&T) -> bool) {
        self.with_drop(name, |loot| match loot.iter().position(same) {
            Some(at) => loot[at] = item,
            None if loot.len() < ITEMS_PER_DROP => loot.push(item),
            None => {}
        });
    }

    fn with_drop(&self, name: &str, change: impl FnOnce(&mut Vec<T>)) {
        if !valid_name(name) {
            return;
        }
        let now = now_unix();
        let mut drops = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        drops.retain(|_, (at, _)| now - *at < LIFETIME_SECS);
        if drops.len() >= DROPS && !drops.contains_key(name) {
            if let Some(oldest) = drops
                .iter()
                .min_by_key(|(_, (at, _))| *at)
                .map(|(k, _)| k.clone())
            {
                drops.remove(&oldest);
            }
        }
        let (at, loot) = drops.entry(name.to_string()).or_insert((now, Vec::new()));
        *at = now;
        change(loot);
    }

    /// Every live item of every drop: what all the lab's runs on this instance recorded in the
    /// last `LIFETIME_SECS` (the summary measures a claim from them).
    pub fn all(&self) -> Vec<T> {
        let drops = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let now = now_unix();
        drops
            .values()
            .filter(|(at, _)| now - at < LIFETIME_SECS)
            .flat_map(|(_, items)| items.iter().cloned())
            .collect()
    }

    pub fn get(&self, name: &str) -> Vec<T> {
        let drops = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        drops
            .get(name)
            .filter(|(at, _)| now_unix() - at < LIFETIME_SECS)
            .map(|(_, loot)| loot.clone())
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loot(value: &str) -> Loot {
        Loot {
            from: "localStorage".into(),
            kind: "access".into(),
            value: value.into(),
        }
    }

    #[test]
    fn a_drop_keeps_distinct_items_within_its_bounds() {
        let drops = Drops::default();
        assert!(loot("x").fits() && !loot(&"y".repeat(VALUE_BYTES + 1)).fits());
        drops.add("a-drop-of-sixteen", vec![loot("x"), loot("x")]);
        assert_eq!(drops.get("a-drop-of-sixteen"), vec![loot("x")]);
        drops.add(
            "a-drop-of-sixteen",
            (0..40).map(|i| loot(&i.to_string())).collect(),
        );
        assert_eq!(drops.get("a-drop-of-sixteen").len(), ITEMS_PER_DROP);
        assert!(drops.get("another-drop-name").is_empty());
        drops.add("another-drop-name", vec![loot("z")]);
        assert_eq!(drops.all().len(), ITEMS_PER_DROP + 1, "every drop's items");
        drops.add("short", vec![loot("x")]);
        assert!(
            drops.get("short").is_empty(),
            "not a drop's name: nothing kept"
        );
        drops.put("another-drop-name", loot("w"), |l| l.value == "z");
        assert_eq!(drops.get("another-drop-name"), vec![loot("w")], "replaced");
        drops.put("another-drop-name", loot("v"), |l| l.value == "z");
        assert_eq!(drops.get("another-drop-name").len(), 2, "added beside");
    }

    #[test]
    fn names_are_checked() {
        assert!(valid_name("0123456789abcdef"));
        assert!(!valid_name("short"));
        assert!(!valid_name("../../etc/passwd/../../x"));
    }
}
