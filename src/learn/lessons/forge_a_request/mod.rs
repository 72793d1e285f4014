//! A forged cross-site request (CSRF), and the three layers in its way.

#[cfg(feature = "ssr")]
pub mod server;

use crate::learn::glossary::Term;
use crate::learn::kit::{ModuleScript, NeedsScript};
use crate::server_fns::info::get_playground_info;
use leptos::prelude::*;

pub fn body() -> AnyView {
    view! { <ForgeLesson/> }.into_any()
}

#[component]
fn ForgeLesson() -> impl IntoView {
    let info = Resource::new(|| (), |_| get_playground_info());
    view! {
        <p>
            "XSS runs inside your page; "<Term id="csrf">"CSRF"</Term>" is another site's page making your browser send a request to this one — and the browser adds this site's cookies by itself. "
            "Three layers stand in the way, and this lab takes them one at a time: "<Term id="samesite">"SameSite"</Term>" (the browser keeps a Lax cookie off another site's POST, but not off the same site on another port), "
            "the shop's check of where a change comes from ("<Term id="sec-fetch-site">"Sec-Fetch-Site"</Term>" and Origin), and the bearer API, where there is nothing to forge."
        </p>
        <p class="hint">"For the attack to succeed at all, the lab has a target of its own that checks only the cookie. It can change nothing but your throwaway lab account's cart; every real action in the shop is behind the check."</p>
        <Suspense fallback=|| view! { <p>"Loading the lab…"</p> }>
            {move || Suspend::new(async move {
                let partner = info.await.ok().and_then(|i| i.partner_origin);
                view! { <ForgeRequest partner/> }
            })}
        </Suspense>
        <ModuleScript src="learn/lessons/forge_a_request/forge.js"/>
    }
}

/// The forged-request lab: a lab cookie, the attacker's page on another site and on the same site,
/// and what each target received.
#[component]
fn ForgeRequest(partner: Option<String>) -> impl IntoView {
    view! {
        <section class="panel demo" data-testid="forge" id="forge-lab" data-lab="forge" data-partner=partner.clone().unwrap_or_default()>
            <h2>"Sign in, then be the attacker"</h2>
            <NeedsScript/>
            {partner.is_none().then(|| view! { <p class="form-error">"The partner origin is turned off on this server (PARTNER_ADDR=off), so there is no attacker's page."</p> })}
            <p class="actions">
                <button type="button" class="primary" data-testid="forge-signin" data-lab-part="signin">"1. Sign in to the lab target (an HttpOnly, SameSite=Lax cookie)"</button>
            </p>
            <p data-testid="forge-signed-in" data-lab-part="signed-in" role="status" aria-live="polite"></p>
            <p class="actions">
                "2. Open the attacker's page: "
                <a data-testid="forge-open-cross" data-lab-part="open-cross" href="#">"on another site"</a>
                " · "
                <a data-testid="forge-open-same" data-lab-part="open-same" href="#">"on this site, another port"</a>
            </p>
            <p class="actions"><button type="button" data-testid="forge-refresh" data-lab-part="refresh">"3. What the targets received"</button></p>
            <div class="table-scroll" tabindex="0">
                <table role="table" class="forge stack">
                    <caption>"Forged requests made with this tab's attempt id"</caption>
                    <thead role="rowgroup"><tr role="row">
                        <th scope="col" role="columnheader">"Target"</th>
                        <th scope="col" role="columnheader">"Sec-Fetch-Site"</th>
                        <th scope="col" role="columnheader">"Cookie sent"</th>
                        <th scope="col" role="columnheader">"What happened"</th>
                    </tr></thead>
                    <tbody role="rowgroup" data-testid="forge-attempts" data-lab-part="attempts"></tbody>
                </table>
            </div>
            <p data-testid="forge-summary" data-lab-part="summary" role="status" aria-live="polite"></p>
        </section>
    }
}
