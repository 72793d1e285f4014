//! The integration tests, one binary: the real router on a fresh database per test (see `common`).

mod api_auth;
mod api_docs;
mod api_register;
mod api_resources;
mod api_tokens;
mod assets;
mod auth;
mod cart;
mod catalog;
mod cli;
mod common;
mod dpop;
mod instances;
mod learn_kit;
mod oauth;
mod observe;
mod orders;
mod practice;
mod security;
mod shutdown;
mod signins;
mod throttle;
mod unavailable;

// Each lab's tests live in its lesson's folder (a lesson is one folder), compiled into this binary.
#[path = "../../src/learn/server/it.rs"]
mod learn;
#[path = "../../src/learn/lessons/cookie_on_another_site/it.rs"]
mod learn_cookie_on_another_site;
#[path = "../../src/learn/lessons/forge_a_request/it.rs"]
mod learn_forge_a_request;
#[path = "../../src/learn/lessons/guest_carts/it.rs"]
mod learn_guest_carts;
#[path = "../../src/learn/inspector/it.rs"]
mod learn_inspector;
#[path = "../../src/learn/lessons/let_another_site_in/it.rs"]
mod learn_let_another_site_in;
#[path = "../../src/learn/it.rs"]
mod learn_path;
#[path = "../../src/learn/lessons/replay_after_logout/it.rs"]
mod learn_replay_after_logout;
#[path = "../../src/learn/lessons/rotate_the_key/it.rs"]
mod learn_rotate_the_key;
#[path = "../../src/learn/lessons/summary/it.rs"]
mod learn_summary;
#[path = "../../src/learn/lessons/tamper/it.rs"]
mod learn_tamper;
#[path = "../../src/learn/lessons/two_carriers/it.rs"]
mod learn_two_carriers;
#[path = "../../src/learn/lessons/where_to_keep_it/it.rs"]
mod learn_where_to_keep_it;
#[path = "../../src/partner/it.rs"]
mod partner;
