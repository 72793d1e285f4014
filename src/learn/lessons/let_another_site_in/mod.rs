//! Letting another site act for you without your password: the authorization code flow with PKCE,
//! its consent, and four attacks on it, each answered by the shop.

#[cfg(feature = "ssr")]
pub mod server;

use crate::learn::glossary::Term;
use crate::learn::kit::{ModuleScript, NeedsScript};
use crate::server_fns::info::get_playground_info;
use leptos::prelude::*;

pub fn body() -> AnyView {
    view! { <DelegationLesson/> }.into_any()
}

/// The lesson's five goals, in the order the lab reaches them: the id the server's record names
/// (`server::goals`) and what the learner sets out to see.
pub const GOALS: [(&str, &str); 5] = [
    ("no-password", "Sign in on the partner through the shop: the partner's server receives a code, never your password."),
    ("stolen-code", "Redeem the code without its verifier (refused), then again after the partner did (refused, and the partner's tokens stop working)."),
    ("swap", "Send the shop the partner's request with the attacker's redirect URI: refused on the shop's own page, before any code exists."),
    ("scope", "Use the partner's token for something you did not allow: 403 insufficient_scope."),
    ("ended", "End the partner's access on the shop's account page: its next call is 401."),
];

#[component]
fn DelegationLesson() -> impl IntoView {
    let info = Resource::new(|| (), |_| get_playground_info());
    view! {
        <p>
            "The partner site is another site that wants to act for you: show your name, fill your cart. Asking for your shop password on its own page would hand it everything, for good, and teach you to type that password anywhere. "
            "Instead the shop lets it in the way OAuth 2.1 prescribes — the "<Term id="authorization-code">"authorization code"</Term>" flow with "<Term id="pkce">"PKCE"</Term>":"
        </p>
        <ol class="flow">
            <li>"The partner, a "<Term id="client">"client"</Term>" registered with the shop, sends your browser to the shop's /oauth/authorize with its client_id, its exact redirect URI, the "<Term id="scope">"scopes"</Term>" it wants, a random state, and a challenge: the SHA-256 of a secret verifier it keeps."</li>
            <li>"On its own site the shop knows you by its session cookie (or has you sign in there) and asks for your "<Term id="consent">"consent"</Term>", in plain words."</li>
            <li>"The shop sends the browser back to the registered address with a one-minute, single-use code, the state, and iss (the shop's name, so the partner knows who answered)."</li>
            <li>"The partner trades the code and the verifier at /oauth/token for an access token limited to the scopes you allowed, and a refresh token."</li>
        </ol>
        <p>
            "The session cookie proves who you are on the shop's own site; a consent turns that into a scoped token for another site. Your password goes only to the shop's login page. "
            "The code is in the browser's address for a moment, so assume someone sees it: the lab lets you be that someone."
        </p>
        <Suspense fallback=|| view! { <p>"Loading the lab…"</p> }>
            {move || Suspend::new(async move {
                let partner = info.await.ok().and_then(|i| i.partner_origin);
                view! { <Delegation partner/> }
            })}
        </Suspense>
        <ModuleScript src="learn/lessons/let_another_site_in/delegation.js"/>
        <p class="hint">"Which clients may use which grant, and why: the "<a href="/learn/which-one">"decision guide"</a>" and the README's security model."</p>
    }
}

/// The lab: the partner's sign-in and the attacks run on the partner's site, the attacker's link
/// from here, and what the shop answered each, read back from the shop's record.
#[component]
fn Delegation(partner: Option<String>) -> impl IntoView {
    view! {
        <section class="panel demo" data-testid="delegation" id="delegation-lab" data-lab="delegation" data-partner=partner.clone().unwrap_or_default()>
            <h2>"The partner's sign-in, attacked"</h2>
            <NeedsScript/>
            {partner.is_none().then(|| view! { <p class="form-error">"The partner origin is turned off on this server (PARTNER_ADDR=off)."</p> })}
            <p data-lab-part="account" data-testid="delegation-account">
                "When the shop asks you to sign in, use your lab account (shown here once the page has made it), not an account you care about."
            </p>
            <p class="actions">
                <a class="button primary" data-testid="delegation-open" data-lab-part="open" href="#">"1. On the partner's site: sign in through the shop, then attack the code"</a>
                " "
                <button type="button" data-testid="delegation-swap" data-lab-part="swap">"2. The attacker's link: the partner's request with another redirect URI"</button>
                " "
                <button type="button" data-testid="delegation-refresh" data-lab-part="refresh">"3. What each side received, and what the shop answered"</button>
            </p>
            <h3>"Goals"</h3>
            <ul class="goals" data-testid="delegation-goals" data-lab-part="goals">
                {GOALS.into_iter().map(|(id, text)| view! {
                    <li data-testid="delegation-goal" data-goal=id data-reached="false">
                        <span data-lab-part="mark" aria-hidden="true">"○ "</span>{text}
                        <span class="visually-hidden" data-lab-part="mark-text">" (not yet)"</span>
                    </li>
                }).collect_view()}
            </ul>
            <div class="table-scroll" tabindex="0">
                <table role="table" class="forge stack">
                    <caption>"This attempt's requests: what the partner's server received, and the shop's answers"</caption>
                    <thead role="rowgroup"><tr role="row">
                        <th scope="col" role="columnheader">"Who"</th>
                        <th scope="col" role="columnheader">"Request"</th>
                        <th scope="col" role="columnheader">"Fields it carried"</th>
                        <th scope="col" role="columnheader">"Answer"</th>
                    </tr></thead>
                    <tbody role="rowgroup" data-testid="delegation-events" data-lab-part="events"></tbody>
                </table>
            </div>
            <p data-testid="delegation-summary" data-lab-part="summary" role="status" aria-live="polite"></p>
        </section>
    }
}
