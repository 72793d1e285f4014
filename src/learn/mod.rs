//! The Learn section: a path of lessons, each one folder under `lessons/` — its page, its lab's
//! panel, its browser script and, gated once, its server routes and state. The list of lessons
//! (order, slug, title, goal, minutes) is `lessons::LESSONS`, the one list the overview, every
//! lesson's page, the solved marks and the tests read.
//!
//! What the lessons share has one home each: `path` (the overview and the frame around a lesson),
//! `glossary` (every term, and the link a lesson puts on one), `kit` (the views and the browser
//! module every lab uses), `inspector` (this browser's requests as the server saw them), and
//! `server`: throwaway lab accounts and the page's cookie jar (`lab`), what a lab's attacker got
//! per run (`drops`), the attacker's collector and machine (`collector`, `replay`), and every lab's
//! routes and state assembled in one place. A lesson imports the shop's and the carriers' public functions
//! and these shared pieces; never the database, never another lesson
//! (`scripts/dev/check-architecture.py`).

pub mod glossary;
pub mod inspector;
pub mod kit;
pub mod lessons;
pub mod path;

#[cfg(feature = "ssr")]
pub mod server;
