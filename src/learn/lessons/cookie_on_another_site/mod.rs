//! What it takes for a cookie to travel with another site's request.

#[cfg(feature = "ssr")]
pub mod server;

use crate::learn::glossary::Term;
use crate::learn::kit::{ModuleScript, NeedsScript};
use crate::server_fns::info::get_playground_info;
use leptos::prelude::*;

pub fn body() -> AnyView {
    view! { <ElsewhereLesson/> }.into_any()
}

#[component]
fn ElsewhereLesson() -> impl IntoView {
    let info = Resource::new(|| (), |_| get_playground_info());
    view! {
        <p>
            "“Session cookies only work on one domain” is half true. Cookies go by "<Term id="site-origin">"site"</Term>", not by origin: another port of the same host is the same site, "
            "and its requests carry your cookies. A cookie can even travel with another site's request, but only if three parties agree: "
            "the cookie says "<code>"SameSite=None; Secure"</code>", the server answers "<Term id="cors">"CORS"</Term>" for that exact origin with "<code>"Access-Control-Allow-Credentials: true"</code>
            ", and the page asks with "<code>"credentials: \"include\""</code>" — and then the browser's own third-party cookie rules still have the last word: a browser that blocks them still keeps a "
            <Term id="partitioned">"Partitioned"</Term>" cookie, but only for that one partner site. "
            "Here the partner site tries, for real, and the shop records what arrived."
        </p>
        <Suspense fallback=|| view! { <p>"Loading the lab…"</p> }>
            {move || Suspend::new(async move {
                let partner = info.await.ok().and_then(|i| i.partner_origin);
                view! { <CookieElsewhere partner/> }
            })}
        </Suspense>
        <ModuleScript src="learn/lessons/cookie_on_another_site/elsewhere.js"/>
        <p class="hint">"This shop's own session cookie is SameSite=Lax, on purpose: the partner site uses bearer tokens instead ("<a href="/learn/which-one">"which one, and where"</a>")."</p>
    }
}

/// The cross-site cookie lab: a control on this site, the experiment on the partner's, and what
/// the shop saw come back.
#[component]
fn CookieElsewhere(partner: Option<String>) -> impl IntoView {
    view! {
        <section class="panel demo" data-testid="elsewhere" id="elsewhere-lab" data-lab="elsewhere" data-partner=partner.clone().unwrap_or_default()>
            <h2>"Four cookies, two sites"</h2>
            <NeedsScript/>
            {partner.is_none().then(|| view! { <p class="form-error">"The partner origin is turned off on this server (PARTNER_ADDR=off)."</p> })}
            <p class="actions">
                <button type="button" data-testid="elsewhere-control" data-lab-part="control">"1. The control: set and send them from this site"</button>
                " "
                <a class="button" data-testid="elsewhere-open" data-lab-part="open" href="#">"2. Try it from the partner site"</a>
                " "
                <button type="button" data-testid="elsewhere-refresh" data-lab-part="refresh">"3. What the shop saw"</button>
            </p>
            <div class="table-scroll" tabindex="0">
                <table role="table" class="forge stack">
                    <caption>"Requests of this tab's experiment, as the shop received them"</caption>
                    <thead role="rowgroup"><tr role="row">
                        <th scope="col" role="columnheader">"Step"</th>
                        <th scope="col" role="columnheader">"Sec-Fetch-Site"</th>
                        <th scope="col" role="columnheader">"Cookies that came with it"</th>
                    </tr></thead>
                    <tbody role="rowgroup" data-testid="elsewhere-trials" data-lab-part="trials"></tbody>
                </table>
            </div>
            <p data-testid="elsewhere-summary" data-lab-part="summary" role="status" aria-live="polite"></p>
            <p data-testid="elsewhere-verdict" data-lab-part="verdict" role="status" aria-live="polite"></p>
        </section>
    }
}
