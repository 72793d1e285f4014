//! The inspector's lists, in memory: one short list per browser that turned it on, under a random
//! id the server issued. A browser can only ever read its own list.

use crate::server::{clock::now_unix, crypto};
use serde::Serialize;
use std::{
    collections::{HashMap, VecDeque},
    sync::Mutex,
};

const PER_BROWSER: usize = 40;
const BROWSERS: usize = 2000;
/// An hour of recording, then the browser must turn it on again.
pub const LIFETIME_SECS: i64 = 3600;

/// Which part of the shop a request was addressed to, and so how it checks credentials.
#[derive(Clone, Copy, Debug, Serialize, PartialEq, Eq)]
pub enum RequestKind {
    #[serde(rename = "page")]
    Page,
    #[serde(rename = "server function")]
    ServerFunction,
    #[serde(rename = "API")]
    Api,
    #[serde(rename = "lab")]
    Lab,
}

/// How a credential travelled.
#[derive(Clone, Copy, Debug, Serialize, PartialEq, Eq)]
pub enum Carrier {
    #[serde(rename = "session cookie")]
    SessionCookie,
    #[serde(rename = "bearer JWT")]
    Bearer,
    #[serde(rename = "Cart-Token")]
    CartToken,
    #[serde(rename = "refresh token (body)")]
    RefreshBody,
    #[serde(rename = "none")]
    Nothing,
}

/// One credential a request carried, and what the server made of it.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct CredentialSeen {
    pub carrier: Carrier,
    /// How this part of the shop checks it.
    pub check: String,
    /// What the check found just before the request was handled.
    pub found: String,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct SeenRequest {
    pub at: i64,
    pub method: String,
    pub path: String,
    pub kind: RequestKind,
    pub credentials: Vec<CredentialSeen>,
    pub status: u16,
    /// Sent by a lab's own script rather than by the learner's browsing: kept in a list of its own
    /// size, so a lab's dozen requests never push the learner's pages out.
    pub from_lab: bool,
}

struct Browser {
    started: i64,
    seen: VecDeque<SeenRequest>,
}

#[derive(Default)]
pub struct Inspector {
    browsers: Mutex<(HashMap<String, Browser>, VecDeque<String>)>,
}

impl Inspector {
    fn with<T>(
        &self,
        f: impl FnOnce(&mut HashMap<String, Browser>, &mut VecDeque<String>) -> T,
    ) -> T {
        let mut guard = self.browsers.lock().unwrap_or_else(|p| p.into_inner());
        let (map, order) = &mut *guard;
        f(map, order)
    }

    /// A new id to record under; the oldest browser is forgotten when the table is full.
    pub fn start(&self) -> String {
        let id = crypto::random_token::<16>();
        self.with(|map, order| {
            while map.len() >= BROWSERS {
                match order.pop_front() {
                    Some(old) => {
                        map.remove(&old);
                    }
                    None => break,
                }
            }
            map.insert(
                id.clone(),
                Browser {
                    started: now_unix(),
                    seen: VecDeque::new(),
                },
            );
            order.push_back(id.clone());
        });
        id
    }

    /// Whether the server issued this id and it has not run out: anything else is never recorded.
    pub fn is_recording(&self, id: &str) -> bool {
        self.with(|map, _| {
            map.get(id)
                .is_some_and(|b| now_unix() - b.started < LIFETIME_SECS)
        })
    }

    pub fn stop(&self, id: &str) {
        self.with(|map, order| {
            map.remove(id);
            order.retain(|o| o != id);
        });
    }

    pub fn record(&self, id: &str, seen: SeenRequest) {
        self.with(|map, _| {
            if let Some(browser) = map.get_mut(id) {
                let group = seen.from_lab;
                let in_group = browser.seen.iter().filter(|s| s.from_lab == group).count();
                if in_group >= PER_BROWSER {
                    if let Some(oldest) = browser.seen.iter().rposition(|s| s.from_lab == group) {
                        browser.seen.remove(oldest);
                    }
                }
                browser.seen.push_front(seen);
            }
        });
    }

    /// This browser's requests, newest first; nothing for an id the server does not know.
    pub fn requests(&self, id: &str) -> Vec<SeenRequest> {
        self.with(|map, _| {
            map.get(id)
                .filter(|b| now_unix() - b.started < LIFETIME_SECS)
                .map(|b| b.seen.iter().cloned().collect())
                .unwrap_or_default()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seen(path: &str) -> SeenRequest {
        SeenRequest {
            at: 0,
            method: "GET".into(),
            path: path.into(),
            kind: RequestKind::Page,
            credentials: vec![],
            status: 200,
            from_lab: false,
        }
    }

    #[test]
    fn a_lab_s_requests_never_push_the_learner_s_own_out() {
        let inspector = Inspector::default();
        let a = inspector.start();
        inspector.record(&a, seen("/mine"));
        for i in 0..PER_BROWSER * 2 {
            inspector.record(
                &a,
                SeenRequest {
                    from_lab: true,
                    ..seen(&format!("/lab/{i}"))
                },
            );
        }
        let list = inspector.requests(&a);
        assert_eq!(list.iter().filter(|s| s.from_lab).count(), PER_BROWSER);
        assert_eq!(list.last().map(|s| s.path.as_str()), Some("/mine"));
        assert_eq!(list[0].path, format!("/lab/{}", PER_BROWSER * 2 - 1));
    }

    #[test]
    fn each_browser_reads_only_its_own_list() {
        let inspector = Inspector::default();
        let (a, b) = (inspector.start(), inspector.start());
        inspector.record(&a, seen("/a"));
        inspector.record(&b, seen("/b"));
        inspector.record("made-up", seen("/c"));
        assert_eq!(inspector.requests(&a), vec![seen("/a")]);
        assert_eq!(inspector.requests(&b), vec![seen("/b")]);
        assert!(inspector.requests("made-up").is_empty());
        assert!(!inspector.is_recording("made-up"));
    }

    #[test]
    fn a_list_keeps_the_newest_requests_first_and_is_bounded() {
        let inspector = Inspector::default();
        let a = inspector.start();
        for i in 0..PER_BROWSER + 5 {
            inspector.record(&a, seen(&format!("/{i}")));
        }
        let list = inspector.requests(&a);
        assert_eq!(list.len(), PER_BROWSER);
        assert_eq!(list[0].path, format!("/{}", PER_BROWSER + 4));
    }

    #[test]
    fn kinds_and_carriers_read_as_before_on_the_wire() {
        assert_eq!(serde_json::to_string(&RequestKind::Api).unwrap(), "\"API\"");
        assert_eq!(
            serde_json::to_string(&Carrier::SessionCookie).unwrap(),
            "\"session cookie\""
        );
    }
}
