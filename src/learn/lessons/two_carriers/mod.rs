//! Two ways to say who you are: the session cookie and the bearer token, their flows, their
//! lifetimes ticking, and this browser's own requests as the server saw them.

use crate::components::error_view::ErrorView;
use crate::domain::{human_duration, AppError};
use crate::learn::{
    glossary::Term,
    inspector::RequestInspector,
    kit::{
        Diagrams, ModuleScript, NeedsScript, SHORT_SIGN_IN_ACCESS_SECS, SHORT_SIGN_IN_SESSION_SECS,
    },
};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What the countdowns start from: this server's clock, an access token's lifetime, and this
/// browser's session.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lifetimes {
    /// The server's clock, so countdowns do not depend on the visitor's clock.
    pub now: i64,
    pub access_ttl_secs: u64,
    /// This browser's session: when it ends if idle, and at the latest (Unix seconds).
    pub your_session_expiry: Option<(i64, i64)>,
    pub demo_mode: bool,
}

#[server(prefix = "/fn", endpoint = "learn/lifetimes")]
pub async fn get_lifetimes() -> Result<Lifetimes, AppError> {
    let (state, session) = crate::server_fns::context::request_context().await?;
    Ok(Lifetimes {
        now: crate::server::clock::now_unix(),
        access_ttl_secs: state.config.access_ttl.as_secs(),
        your_session_expiry: session.expiry().await?,
        demo_mode: state.config.demo_mode,
    })
}

pub fn body() -> AnyView {
    view! { <TwoCarriers/> }.into_any()
}

#[component]
fn TwoCarriers() -> impl IntoView {
    view! {
        <p>
            "A request has to say who sent it. The pages of this shop say it with a "<Term id="session-cookie">"session cookie"</Term>
            ": at login the server makes a record, and the browser gets a cookie holding only the record's random id. The browser sends that cookie with every request to this site, by itself, "
            "and the server looks the record up each time."
        </p>
        <p>
            "The JSON API says it with an "<Term id="access-token">"access token"</Term>", a "<Term id="jwt">"JWT"</Term>
            ": a signed note that names the account and an expiry. The app adds it to each call as Authorization: "<Term id="bearer">"Bearer"</Term>
            "; the server checks the signature and needs no lookup. When it expires, the app trades its "<Term id="refresh-token">"refresh token"</Term>" for a new one."
        </p>
        <Diagrams which=&["cookie-login", "jwt-login-refresh"]/>
        <LiveTimers/>
        <RequestInspector/>
        <ModuleScript src="learn/lessons/two_carriers/two_carriers.js"/>
    }
}

/// This browser's session and a fresh access token, ticking (lesson 1).
#[component]
fn LiveTimers() -> impl IntoView {
    let facts = Resource::new(|| (), |_| get_lifetimes());
    view! {
        <Suspense fallback=|| view! { <p>"Measuring…"</p> }>
            {move || Suspend::new(async move {
                match facts.await {
                    Err(e) => view! { <ErrorView error=e/> }.into_any(),
                    Ok(f) => view! { <Timers f/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// Live countdowns: this browser's session and an access token issued at the moment of measuring.
/// `two_carriers.js` ticks every `[data-countdown-to]`, offset by the server's clock.
#[component]
fn Timers(f: Lifetimes) -> impl IntoView {
    let token_exp = f.now + f.access_ttl_secs as i64;
    let session = match f.your_session_expiry {
        Some((idle, absolute)) => view! {
            <dt>"Your session cookie ends if idle in"</dt>
            <dd><span data-testid="timer-session-idle" data-lab-part="countdown" data-countdown-to=idle.to_string()>{human_duration((idle - f.now).max(0) as u64)}</span>
                " (each page you open pushes this back)"</dd>
            <dt>"…and ends at the latest in"</dt>
            <dd><span data-testid="timer-session-absolute" data-lab-part="countdown" data-countdown-to=absolute.to_string()>{human_duration((absolute - f.now).max(0) as u64)}</span></dd>
        }.into_any(),
        None => view! {
            <dt>"Your session cookie"</dt>
            <dd data-testid="timer-no-session">"none yet: add something to the cart or log in, then come back"</dd>
        }.into_any(),
    };
    view! {
        <section class="panel" data-server-now=f.now.to_string() id="timers" data-lab="timers">
            <h2>"Lifetimes, ticking"</h2>
            <dl class="facts">
                {session}
                <dt>"An access token issued when this page loaded expires in"</dt>
                <dd><span data-testid="timer-access" data-lab-part="countdown" data-countdown-to=token_exp.to_string()>{human_duration(f.access_ttl_secs)}</span>
                    " — and nothing can end it sooner except the denylist"</dd>
            </dl>
            {f.demo_mode.then(|| view! { <p class="hint">"Demo mode is on: every lifetime is seconds."</p> })}
        </section>
        <WatchBothEnd/>
    }
}

/// Both carriers signed in for a short while, then asked every second whether they still work,
/// until both are refused (`two_carriers.js`): the learner watches each end without anyone
/// restarting the shop.
#[component]
fn WatchBothEnd() -> impl IntoView {
    let session = human_duration(SHORT_SIGN_IN_SESSION_SECS);
    let access = human_duration(SHORT_SIGN_IN_ACCESS_SECS);
    view! {
        <section class="panel demo" id="watch-both-end" data-lab="ending" data-testid="ending-demo"
            data-short-session=SHORT_SIGN_IN_SESSION_SECS.to_string()>
            <h2>"Watch both end"</h2>
            <p>
                {format!("The lifetimes above are the shop's own, too long to watch. This lab signs your lab account in both ways with lifetimes the shop keeps for labs alone: a session that ends at the latest {session} after sign-in, and an access token that expires {access} after it is issued. ")}
                "Then it asks every second, with each credential, who it is — until both are refused."
            </p>
            <NeedsScript/>
            <button type="button" class="primary" data-testid="ending-run" data-lab-part="run">"Sign in both ways for a short while, and watch"</button>
            <dl class="facts">
                <dt>"Session cookie"</dt><dd data-testid="ending-cookie" data-lab-part="cookie" aria-live="polite">"—"</dd>
                <dt>"Access token"</dt><dd data-testid="ending-token" data-lab-part="token" aria-live="polite">"—"</dd>
            </dl>
            <p data-testid="ending-result" data-lab-part="result" role="status"></p>
        </section>
    }
}
