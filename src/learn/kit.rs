//! What every lesson's page shares: the note for a browser without JavaScript, the tag that loads
//! a lab's browser module, and the sequence diagrams.

use leptos::prelude::*;

/// How long a lab's short sign-in lasts (`server::lab`'s `/learn/lab/short/…`), whatever the shop
/// is configured with: long enough to read the steps, short enough to watch a credential end
/// (lesson 1 watches both end; lesson 7 replays until the access token's exp). The API's refreshes
/// and every other sign-in keep the configured lifetimes. The access token's, in seconds:
pub const SHORT_SIGN_IN_ACCESS_SECS: u64 = 20;
/// …and the session's, at the latest, counted from sign-in.
pub const SHORT_SIGN_IN_SESSION_SECS: u64 = 30;

/// What a demo says to a browser without JavaScript.
#[component]
pub fn NeedsScript() -> impl IntoView {
    view! {
        <noscript><p class="form-error">"This demo sends requests from your browser, so it needs JavaScript."</p></noscript>
    }
}

/// A browser module of this site, by its path under `src/` (`learn/lessons/tamper/tamper.js`).
/// Modules run after the page is parsed and may import each other by relative paths.
#[component]
pub fn ModuleScript(src: &'static str) -> impl IntoView {
    view! { <script type="module" src=crate::site::use_assets().module(src)></script> }
}

/// Sequence diagrams, drawn in the project (`public/diagrams`), each where its flow is introduced.
#[component]
pub fn Diagrams(which: &'static [&'static str]) -> impl IntoView {
    const ALL: [(&str, &str, u32); 3] = [
        ("cookie-login", "Session cookie: log in, use, log out", 560),
        ("jwt-login-refresh", "JWT: log in, use, refresh", 560),
        (
            "jwt-logout",
            "JWT: log out, and what an access token still does",
            606,
        ),
    ];
    view! {
        <section class="diagrams">
            <h2>"Step by step"</h2>
            {ALL.into_iter().filter(|(file, _, _)| which.contains(file)).map(|(file, title, height)| view! {
                <figure>
                    <img src=format!("/diagrams/{file}.svg") alt=title width="480" height=height loading="lazy"/>
                    <figcaption>{title}</figcaption>
                </figure>
            }).collect_view()}
        </section>
    }
}
