//! Replay after logout: the cookie ends at once, the access token at its exp.

use crate::domain::human_duration;
use crate::learn::glossary::Term;
use crate::learn::kit::{ModuleScript, NeedsScript, SHORT_SIGN_IN_ACCESS_SECS};
use leptos::prelude::*;

pub fn body() -> AnyView {
    view! { <ReplayLesson/> }.into_any()
}

#[component]
fn ReplayLesson() -> impl IntoView {
    view! {
        <p>
            "Logging out of the pages deletes the session record, so a copied cookie is worth nothing on the next request. Logging out of the API revokes the "
            <Term id="refresh-family">"refresh family"</Term>", but an access token is checked by its signature alone: a copy keeps working until its exp — unless the shop also puts it on the "
            <Term id="denylist">"denylist"</Term>" (revoke-now). Try it both ways."
        </p>
        <LogoutRace/>
        <ModuleScript src="learn/lessons/replay_after_logout/race.js"/>
    }
}

/// Logging out of both at once, then replaying both old credentials (`lab` keeps the old cookie).
#[component]
fn LogoutRace() -> impl IntoView {
    view! {
        <section id="logout-race" class="panel demo" data-testid="race-demo" data-lab="race">
            <h2>"Logout: the cookie ends now, the token at exp"</h2>
            <p>
                "This logs your lab account (a throwaway made for this browser, not shared with anyone) in both ways at once, logs out of both, and then keeps calling with the old session "
                "cookie and the old access token, as someone who copied them would. Logout deletes the session record, "
                "so the cookie is refused on the next request. Logout of the API revokes the refresh token, but the "
                "access token is checked by its signature alone: it keeps working until its exp."
            </p>
            <p class="hint" data-testid="race-wait">
                {format!("Without revoke-now the button waits until the old access token is refused: {}, because the lab signs the API in with its short lab lifetime (the shop's own tokens last 5 min unless its operator set another lifetime). With revoke-now it ends at once.", human_duration(SHORT_SIGN_IN_ACCESS_SECS))}
            </p>
            <p class="hint">
                "Your browser never lets a page's script hold an HttpOnly cookie, so this demo keeps its cookie in a "
                "lab jar on the server: the script sends it as X-Lab-Cookie and the lab hands it to the real session layer."
            </p>
            <NeedsScript/>
            <p class="actions">
                <label><input type="checkbox" data-testid="race-revoke" data-lab-part="revoke"/>" Revoke now (put the access token on the denylist at logout)"</label>
            </p>
            <button type="button" class="primary" data-testid="race-run" data-lab-part="run">"Log in both ways, log out both, replay"</button>
            <p class="hint" data-testid="race-waiting" data-lab-part="waiting" role="status"></p>
            <dl class="facts race">
                <dt>"Old session cookie"</dt><dd><strong data-testid="race-cookie-status" data-lab-part="cookie-status">"—"</strong></dd>
                <dt>"Old access token"</dt><dd><strong data-testid="race-token-status" data-lab-part="token-status">"—"</strong>" "<span data-testid="race-countdown" data-lab-part="countdown"></span></dd>
            </dl>
            <ol class="steps" data-testid="race-steps" data-lab-part="steps" aria-live="polite"></ol>
        </section>
    }
}
