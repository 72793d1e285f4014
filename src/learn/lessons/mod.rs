//! The lessons, in the order a newcomer takes them: the one list the overview, every lesson's
//! page (its frame, previous and next), the solved marks and the tests read. Each lesson is a
//! folder beside this file: its page and lab panel (`mod.rs`), its browser script, and, gated
//! once, its server routes and state (`server.rs`).

pub mod cookie_on_another_site;
pub mod forge_a_request;
pub mod guest_carts;
pub mod let_another_site_in;
pub mod read_a_token;
pub mod replay_after_logout;
pub mod rotate_the_key;
pub mod steal_a_refresh_token;
pub mod summary;
pub mod tamper;
pub mod two_carriers;
pub mod where_to_keep_it;
pub mod which_one;

use leptos::prelude::AnyView;

/// One lesson of the path. `slug` is its route (`/learn/{slug}`) and the key its solved mark is
/// kept under in the browser.
#[derive(Clone, Copy, Debug)]
pub struct Lesson {
    pub slug: &'static str,
    pub title: &'static str,
    pub minutes: u32,
    /// What the learner sets out to do; the lab's result says whether it happened, or why it cannot.
    pub goal: &'static str,
    /// Whether the lesson has a lab the shop marks solved (the guide and the summary have none).
    pub has_lab: bool,
    /// The lesson's text and lab, inside the frame every lesson shares (`path`).
    pub body: fn() -> AnyView,
}

pub const LESSONS: [Lesson; 13] = [
    Lesson {
        slug: "two-carriers",
        title: "Two ways to say who you are",
        minutes: 3,
        goal: "Find, in the server's own record of your requests, one that carried the session cookie and one that carried a bearer token.",
        has_lab: true,
        body: two_carriers::body,
    },
    Lesson {
        slug: "read-a-token",
        title: "Read a token",
        minutes: 2,
        goal: "Read your lab account's id out of your own access token, without any key.",
        has_lab: true,
        body: read_a_token::body,
    },
    Lesson {
        slug: "tamper",
        title: "Tamper with a token",
        minutes: 2,
        goal: "Make the shop accept a token or a session id you changed.",
        has_lab: true,
        body: tamper::body,
    },
    Lesson {
        slug: "where-to-keep-it",
        title: "Where the browser keeps it (XSS)",
        minutes: 4,
        goal: "Steal a credential with an injected script and use it from the attacker's side — or watch what stops the theft.",
        has_lab: true,
        body: where_to_keep_it::body,
    },
    Lesson {
        slug: "forge-a-request",
        title: "Forge a cross-site request (CSRF)",
        minutes: 3,
        goal: "From another site's page, make the shop change your lab account through your cookie, and find the layer that stops it.",
        has_lab: true,
        body: forge_a_request::body,
    },
    Lesson {
        slug: "cookie-on-another-site",
        title: "A cookie on another site",
        minutes: 2,
        goal: "Get a cookie sent with another site's request, and find out what that takes.",
        has_lab: true,
        body: cookie_on_another_site::body,
    },
    Lesson {
        slug: "let-another-site-in",
        title: "Let another site in without your password",
        minutes: 3,
        goal: "Let the partner site in through the shop without giving it your password, then attack the delegation four ways and watch the shop refuse each.",
        has_lab: true,
        body: let_another_site_in::body,
    },
    Lesson {
        slug: "replay-after-logout",
        title: "Replay after logout",
        minutes: 2,
        goal: "Get a 200 from the shop with a credential that was logged out.",
        has_lab: true,
        body: replay_after_logout::body,
    },
    Lesson {
        slug: "steal-a-refresh-token",
        title: "Steal a refresh token",
        minutes: 2,
        goal: "Use a stolen refresh token before its client does, and see what happens when the client comes back.",
        has_lab: true,
        body: steal_a_refresh_token::body,
    },
    Lesson {
        slug: "rotate-the-key",
        title: "Rotate the signing key",
        minutes: 1,
        goal: "Rotate the key that signs every token, and keep a token signed before the rotation working.",
        has_lab: true,
        body: rotate_the_key::body,
    },
    Lesson {
        slug: "guest-carts",
        title: "A guest cart under both carriers",
        minutes: 2,
        goal: "Predict what logging in does with two guest carts, then check the prediction against the real merge.",
        has_lab: true,
        body: guest_carts::body,
    },
    Lesson {
        slug: "which-one",
        title: "Which one, and where do I keep it?",
        minutes: 1,
        goal: "Pick the carrier and the storage for your own kind of client.",
        has_lab: false,
        body: which_one::body,
    },
    Lesson {
        slug: "summary",
        title: "Summary: the two side by side, measured",
        minutes: 1,
        goal: "Check the common claims about cookies and JWTs against what this shop just measured.",
        has_lab: false,
        body: summary::body,
    },
];

pub fn find_lesson(slug: &str) -> Option<(usize, &'static Lesson)> {
    LESSONS.iter().enumerate().find(|(_, l)| l.slug == slug)
}

pub fn path_minutes() -> u32 {
    LESSONS.iter().map(|l| l.minutes).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_path_has_unique_slugs_and_fits_in_about_twenty_minutes() {
        let mut slugs: Vec<_> = LESSONS.iter().map(|l| l.slug).collect();
        slugs.sort_unstable();
        slugs.dedup();
        assert_eq!(slugs.len(), LESSONS.len());
        assert!(
            (15..=30).contains(&path_minutes()),
            "{} min",
            path_minutes()
        );
        assert_eq!(find_lesson("tamper").map(|(i, _)| i), Some(2));
        assert_eq!(find_lesson("forge-a-request").map(|(i, _)| i), Some(4));
        assert!(find_lesson("nope").is_none());
    }
}
