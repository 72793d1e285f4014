//! The Learn path: its lessons in the order a newcomer takes them, the glossary every lesson links
//! its terms to, and times in human units. Plain data, so the overview, each lesson's page and the
//! tests read the same list.

/// One lesson of the path. `slug` is its route (`/learn/{slug}`) and the key its solved mark is
/// kept under in the browser.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lesson {
    pub slug: &'static str,
    pub title: &'static str,
    pub minutes: u32,
    /// What the learner sets out to do; the lab's result says whether it happened, or why it cannot.
    pub goal: &'static str,
    /// Whether the lesson has a lab the shop marks solved (the guide and the summary have none).
    pub has_lab: bool,
}

const fn lesson(
    slug: &'static str,
    title: &'static str,
    minutes: u32,
    goal: &'static str,
) -> Lesson {
    Lesson {
        slug,
        title,
        minutes,
        goal,
        has_lab: true,
    }
}

pub const LESSONS: [Lesson; 12] = [
    lesson(
        "two-carriers",
        "Two ways to say who you are",
        3,
        "Find, in the server's own record of your requests, one that carried the session cookie and one that carried a bearer token.",
    ),
    lesson(
        "read-a-token",
        "Read a token",
        2,
        "Read your lab account's id out of your own access token, without any key.",
    ),
    lesson(
        "tamper",
        "Tamper with a token",
        2,
        "Make the shop accept a token or a session id you changed.",
    ),
    lesson(
        "where-to-keep-it",
        "Where the browser keeps it (XSS)",
        4,
        "Steal a credential with an injected script and use it from the attacker's side.",
    ),
    lesson(
        "forge-a-request",
        "Forge a cross-site request (CSRF)",
        3,
        "From another site's page, make the shop change your lab account through your cookie, and find the layer that stops it.",
    ),
    lesson(
        "cookie-on-another-site",
        "A cookie on another site",
        2,
        "Get a cookie sent with another site's request, and find out what that takes.",
    ),
    lesson(
        "replay-after-logout",
        "Replay after logout",
        2,
        "Get a 200 from the shop with a credential that was logged out.",
    ),
    lesson(
        "steal-a-refresh-token",
        "Steal a refresh token",
        2,
        "Use a stolen refresh token before its client does, and see what happens when the client comes back.",
    ),
    lesson(
        "rotate-the-key",
        "Rotate the signing key",
        1,
        "Rotate the key that signs every token, and keep a token signed before the rotation working.",
    ),
    lesson(
        "guest-carts",
        "A guest cart under both carriers",
        2,
        "Predict what logging in does with two guest carts, then check the prediction against the real merge.",
    ),
    Lesson {
        slug: "which-one",
        title: "Which one, and where do I keep it?",
        minutes: 1,
        goal: "Pick the carrier and the storage for your own kind of client.",
        has_lab: false,
    },
    Lesson {
        slug: "summary",
        title: "Summary: the two side by side, measured",
        minutes: 1,
        goal: "Check the common claims about cookies and JWTs against what this shop just measured.",
        has_lab: false,
    },
];

pub fn find_lesson(slug: &str) -> Option<(usize, &'static Lesson)> {
    LESSONS.iter().enumerate().find(|(_, l)| l.slug == slug)
}

pub fn path_minutes() -> u32 {
    LESSONS.iter().map(|l| l.minutes).sum()
}

/// One term the lessons use, explained once; lessons link to `/learn/glossary#{id}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Term {
    pub id: &'static str,
    pub term: &'static str,
    pub means: &'static str,
}

const fn term(id: &'static str, term: &'static str, means: &'static str) -> Term {
    Term { id, term, means }
}

pub const GLOSSARY: [Term; 25] = [
    term("session-cookie", "Session cookie", "A cookie holding only a random id. The server keeps the record the id names (who is signed in, the cart) and looks it up on every request."),
    term("jwt", "JWT", "JSON Web Token: three base64url parts, header.payload.signature. Anyone can read the first two; only the holder of the signing key can make a signature that verifies."),
    term("access-token", "Access token", "A short-lived JWT an app sends as Authorization: Bearer on each API call. The server checks its signature and claims, with no lookup."),
    term("refresh-token", "Refresh token", "A long-lived random string an app trades for a new access token (and a new refresh token). The server stores it, so it can be revoked."),
    term("bearer", "Bearer", "Whoever bears (holds) the token is treated as its owner: there is no proof of who sends it."),
    term("claims", "Claims", "The fields in a JWT's payload: who it is for, who issued it, when it expires."),
    term("sub", "sub", "Subject: the account the token speaks for (here, the account's id)."),
    term("iat", "iat", "Issued at: when the token was signed."),
    term("nbf", "nbf", "Not before: the token is refused until this time."),
    term("exp", "exp", "Expires: the token is refused after this time (here with 2 seconds of leeway for clocks that differ)."),
    term("jti", "jti", "JWT id: a random name for this one token, used to put it on the denylist."),
    term("kid", "kid", "Key id, in the header: which of the shop's keys signed the token, so a key can be replaced without logging anyone out."),
    term("alg", "alg", "Algorithm, in the header. This shop accepts only EdDSA; a token naming any other (none, HS256) is refused before its signature is looked at."),
    term("eddsa", "EdDSA", "A public-key signature (Ed25519): the private key signs, the public key only verifies, so publishing it lets anyone check a token but nobody forge one."),
    term("jwks", "JWKS", "JSON Web Key Set: the public keys a server publishes (here at /.well-known/jwks.json) so others can verify its tokens."),
    term("denylist", "Denylist", "The jti of access tokens revoked before their exp. Each instance keeps a copy in memory and checks it on every request (revoke-now)."),
    term("refresh-family", "Refresh family", "All the refresh tokens descended from one login. Replaying a spent one revokes the whole family."),
    term("rotation", "Rotation", "Replacing something on a schedule or on use: a refresh token on every use; a signing key by adding a new one while the old keeps verifying."),
    term("device-cookie", "Device cookie", "A long-lived HttpOnly cookie a browser gets when it signs in. Failed logins that carry it count against that browser alone, so other people's failures cannot lock its owner out."),
    term("httponly", "HttpOnly", "A cookie attribute: the browser sends the cookie but never shows it to the page's scripts (document.cookie)."),
    term("samesite", "SameSite", "A cookie attribute: Lax (this shop) sends the cookie on another site's links, but not on its form POSTs or fetches; None sends it everywhere (and requires Secure)."),
    term("csrf", "CSRF", "Cross-site request forgery: another site makes the browser send a request to this one, and the browser adds this site's cookies by itself."),
    term("xss", "XSS", "Cross-site scripting: a script the attacker got into this site's page runs with the page's powers: it reads what the page can read and sends what the page can send."),
    term("csp", "CSP", "Content-Security-Policy: a response header telling the browser which scripts may run and where the page may connect. A strict one refuses injected inline scripts."),
    term("sec-fetch-site", "Sec-Fetch-Site", "A header the browser adds saying whether a request came from the same origin, the same site, another site, or none (typed in)."),
];

/// A span of time as people say it: "45 s", "15 min", "2 h 30 min", "14 days".
pub fn human_duration(secs: u64) -> String {
    const MIN: u64 = 60;
    const HOUR: u64 = 3600;
    const DAY: u64 = 86_400;
    match secs {
        0..MIN => format!("{secs} s"),
        MIN..HOUR if secs.is_multiple_of(MIN) => format!("{} min", secs / MIN),
        MIN..HOUR => format!("{} min {} s", secs / MIN, secs % MIN),
        HOUR..DAY if secs.is_multiple_of(HOUR) => format!("{} h", secs / HOUR),
        HOUR..DAY => format!("{} h {} min", secs / HOUR, secs % HOUR / MIN),
        _ if secs.is_multiple_of(DAY) => plural(secs / DAY, "day"),
        _ => format!("{} and {} h", plural(secs / DAY, "day"), secs % DAY / HOUR),
    }
}

fn plural(n: u64, unit: &str) -> String {
    if n == 1 {
        format!("1 {unit}")
    } else {
        format!("{n} {unit}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_people_say_them() {
        assert_eq!(human_duration(45), "45 s");
        assert_eq!(human_duration(900), "15 min");
        assert_eq!(human_duration(899), "14 min 59 s");
        assert_eq!(human_duration(7200), "2 h");
        assert_eq!(human_duration(9000), "2 h 30 min");
        assert_eq!(human_duration(86_400), "1 day");
        assert_eq!(human_duration(14 * 86_400), "14 days");
        assert_eq!(human_duration(86_400 + 3 * 3600), "1 day and 3 h");
    }

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

    #[test]
    fn glossary_ids_are_unique() {
        let mut ids: Vec<_> = GLOSSARY.iter().map(|t| t.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), GLOSSARY.len());
    }
}
