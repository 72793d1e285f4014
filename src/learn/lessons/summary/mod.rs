//! The closing summary: the two carriers side by side, every value measured on the running
//! server for this page load, and the common claims about them tested.

mod facts;
#[cfg(feature = "ssr")]
pub mod server;

pub use facts::*;

use crate::components::error_view::ErrorView;
use crate::domain::{human_duration, AppError};
use leptos::prelude::*;

pub fn body() -> AnyView {
    view! { <Summary/> }.into_any()
}

/// The comparison table's values and the claims' verdicts, measured on this server for this request.
#[server(prefix = "/fn", endpoint = "learn-facts")]
pub async fn get_learn_facts() -> Result<LearnFacts, AppError> {
    use crate::server_fns::context;
    let (state, session) = context::request_context().await?;
    let headers = context::headers().await;
    let yours =
        crate::server::web::request::session_cookie(&headers, &state.config).map(String::from);
    let expiry = session.expiry().await?;
    server::facts(&state, yours, expiry).await
}

/// The closing summary: the comparison table, the common claims tested, several instances, and
/// what logging out of each does. Every number comes from one measurement made for this page load.
#[component]
fn Summary() -> impl IntoView {
    let facts = Resource::new(|| (), |_| get_learn_facts());
    view! {
        <p>
            "Every value below comes from the running server when you opened this page: sizes of real credentials, "
            "rows in its database, and verification times measured here. Each row links to the lesson where you can see it happen."
        </p>
        <Suspense fallback=|| view! { <p>"Measuring…"</p> }>
            {move || Suspend::new(async move {
                match facts.await {
                    Err(e) => view! { <ErrorView error=e/> }.into_any(),
                    Ok(f) => view! { <Comparison f/> }.into_any(),
                }
            })}
        </Suspense>
        <ClaimsTested facts/>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move { facts.await.ok().map(|f| view! { <Instances f/> }) })}
        </Suspense>
        <crate::learn::kit::Diagrams which=&["jwt-logout"]/>
    }
}

/// Common statements about cookies and JWTs, each checked by an experiment run on this server for
/// this page load, from the same measurement as the table above.
#[component]
fn ClaimsTested(facts: Resource<Result<LearnFacts, AppError>>) -> impl IntoView {
    view! {
        <section class="claims" id="claims">
            <h2>"Claims, tested"</h2>
            <p class="hint">"Things often said about the two. Each was just tried on this shop; the verdict is what happened."</p>
            <Suspense fallback=|| view! { <p>"Running the experiments…"</p> }>
                {move || Suspend::new(async move {
                    match facts.await {
                        Err(e) => view! { <p class="form-error">{e.to_string()}</p> }.into_any(),
                        Ok(f) => f.claims.into_iter().map(|c| {
                            let verdict = c.verdict.slug();
                            view! {
                                <article class="claim panel" data-testid="claim" data-verdict=verdict>
                                    <h3>"“"{c.claim}"”"</h3>
                                    <p><span class=format!("verdict {verdict}")>{c.verdict.label()}</span></p>
                                    <p data-testid="claim-evidence">{c.evidence}</p>
                                </article>
                            }
                        }).collect_view().into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// Several instances behind a load balancer: which one rendered this page, and what the last
/// recorded run of `scripts/multi-instance` measured.
#[component]
fn Instances(f: LearnFacts) -> impl IntoView {
    let here = match &f.instance {
        Some(id) => format!(
            "This page was rendered by instance {id}, on {}.",
            f.database
        ),
        None => format!(
            "This shop runs as a single instance, on {}. With PostgreSQL, several can share it.",
            f.database
        ),
    };
    let measured = match f.scale_out {
        None => view! { <p class="hint">"No multi-instance run has been recorded in this build."</p> }.into_any(),
        Some(s) => view! {
            <p class="hint" data-testid="instances-measured">{format!("Measured {} on {}: {}.", s.date, s.machine, s.setup)}</p>
            <div class="table-scroll" tabindex="0">
                <table role="table" class="compare stack checks">
                    <thead role="rowgroup"><tr role="row"><th scope="col" role="columnheader">"Checked"</th><th scope="col" role="columnheader">"What happened"</th></tr></thead>
                    <tbody role="rowgroup">
                        {s.checks.into_iter().map(|c| view! {
                            <tr role="row" data-testid="instances-check"><th scope="row" role="rowheader">{c.claim}</th><td role="cell" data-label="What happened">{c.result}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        }.into_any(),
    };
    view! {
        <section class="panel" id="instances" data-testid="instances">
            <h2>"Several instances"</h2>
            <p>
                "When one machine is not enough, several copies of the shop run behind a load balancer, and any of them may answer the next request. "
                "A session cookie works there because every instance looks the session up in the same database; "
                "a JWT works because every instance holds the same keys. Neither is free: the cookie costs a lookup in shared state on every request, "
                "and the JWT still needs shared state for refresh, logout, revoke-now and new keys."
            </p>
            <p data-testid="instances-here">{here}</p>
            {measured}
            <p class="hint">"Try it: "<code>"scripts/multi-instance"</code>" starts three instances on PostgreSQL behind nginx at http://localhost:3200; each answer names its instance in the X-Tokenshop-Instance header. With --test it runs the checks above."</p>
        </section>
    }
}

/// The comparison's columns: each cell carries its column's header as `data-label`, which a narrow
/// screen shows before the cell when it stacks the table.
const SESSION_COL: &str = "Session cookie (the pages)";
const JWT_COL: &str = "JWT access token (the API)";
const SEE_COL: &str = "See it";

#[component]
fn Comparison(f: LearnFacts) -> AnyView {
    let s = f.stored.clone();
    let c = f.cost.clone();
    let yours = match f.your_cookie_bytes {
        Some(n) => format!(" Yours, as your browser sent it just now: {n} bytes."),
        None => {
            " Your browser has none yet: it gets one on the first add to cart or login.".to_string()
        }
    };
    let denylist = if f.denylist_enabled { "on" } else { "off" };
    let reached = |id: &str| {
        f.scale_out
            .as_ref()
            .and_then(|s| s.ms(id))
            .map_or_else(String::new, |ms| {
                format!(" (reached the other instances in {ms} ms)")
            })
    };
    let (revoke_ms, key_ms) = (reached("jwt-revoke-now"), reached("key-rotation"));
    let rates = f.catalog_rates.map_or_else(String::new, |(shared, own)| {
        format!(
            " Measured by bench/run: {} pages a second shared, {} rendered per request.",
            thousands(shared),
            thousands(own)
        )
    });
    view! {
        <div class="table-scroll" tabindex="0">
        <table role="table" class="compare stack" data-testid="compare">
            <thead role="rowgroup"><tr role="row"><th scope="col" role="columnheader"><span class="visually-hidden">"Aspect"</span></th><th scope="col" role="columnheader">{SESSION_COL}</th><th scope="col" role="columnheader">{JWT_COL}</th><th scope="col" role="columnheader">{SEE_COL}</th></tr></thead>
            <tbody role="rowgroup">
                <tr role="row">
                    <th scope="row" role="rowheader">"Where it lives"</th>
                    <td role="cell" data-label=SESSION_COL>{format!("In the browser's cookie jar as {}, HttpOnly: page scripts cannot read it, and the browser attaches it to requests by itself.", f.cookie_name)}</td>
                    <td role="cell" data-label=JWT_COL>"Wherever the client chose to keep it (the playground: a JavaScript variable). It travels only when code adds Authorization: Bearer."</td>
                    <td role="cell" data-label=SEE_COL><a href="/learn/two-carriers">"Your requests"</a></td>
                </tr>
                <tr role="row" data-testid="row-size">
                    <th scope="row" role="rowheader">"Size on every request"</th>
                    <td role="cell" data-label=SESSION_COL><span data-testid="cookie-bytes">{f.cookie_bytes}</span>" bytes (name and a 22-character id)."{yours}</td>
                    <td role="cell" data-label=JWT_COL><span data-testid="jwt-bytes">{f.access_token_bytes}</span>" bytes: a token this server signed just now."</td>
                    <td role="cell" data-label=SEE_COL><a href="/playground">"Playground"</a></td>
                </tr>
                <tr role="row" data-testid="row-stored">
                    <th scope="row" role="rowheader">"What the server stores"</th>
                    <td role="cell" data-label=SESSION_COL>"A record per session: " <span data-testid="stored-sessions">{s.sessions}</span>" live now, "<span data-testid="stored-signed-in">{s.signed_in_sessions}</span>" of them signed in."</td>
                    <td role="cell" data-label=JWT_COL>"Nothing per access token. Per API sign-in a refresh family: "<span data-testid="stored-families">{s.refresh_families}</span>" live, with "{s.refresh_tokens}" refresh token rows (used ones kept to spot replays) and "{s.denylisted_access_tokens}" denylisted access tokens."</td>
                    <td role="cell" data-label=SEE_COL><a href="/account">"Your sign-ins"</a></td>
                </tr>
                <tr role="row">
                    <th scope="row" role="rowheader">"What it contains"</th>
                    <td role="cell" data-label=SESSION_COL>"128 random bits. Without the database it means nothing, so there is nothing to read or forge."</td>
                    <td role="cell" data-label=JWT_COL>"Claims anyone holding it can decode: "<code data-testid="jwt-claims">{f.access_claims.join(", ")}</code>". The signature stops forging, not reading."</td>
                    <td role="cell" data-label=SEE_COL><a href="/learn/read-a-token">"Read a token"</a></td>
                </tr>
                <tr role="row" data-testid="row-cost">
                    <th scope="row" role="rowheader">"Checking it on each request"</th>
                    <td role="cell" data-label=SESSION_COL>"One database lookup by id: "<strong data-testid="cost-session">{c.session_lookup.median()}</strong>" "<span class="spread" data-testid="cost-session-spread">"(middle 80 %: "{c.session_lookup.spread()}")"</span>"."</td>
                    <td role="cell" data-label=JWT_COL>"Signature and claims, no I/O: "<strong data-testid="cost-jwt">{c.jwt_verify.median()}</strong>" "<span class="spread" data-testid="cost-jwt-spread">"(middle 80 %: "{c.jwt_verify.spread()}")"</span>". With the revoke-now denylist (" {denylist} " here) add a lookup in the copy of the denylist each instance keeps in memory: "<strong data-testid="cost-denylist">{c.denylist_lookup.median()}</strong>". A revocation reaches the other instances by PostgreSQL NOTIFY, or at their reload every second."</td>
                    <td role="cell" data-label=SEE_COL>{format!("median of {} runs each, one measurement shared by every load of this page for a minute and used by every verdict on it; ", c.samples)}<a href="#claims">"claims, tested"</a></td>
                </tr>
                <tr role="row" data-testid="row-instances">
                    <th scope="row" role="rowheader">"Stateless? Several instances"</th>
                    <td role="cell" data-label=SESSION_COL>{format!("Every instance looks the record up in the same database ({} here): a cookie made on one is valid on all, and after a logout on one the very next request to any of them is refused.", f.database)}</td>
                    <td role="cell" data-label=JWT_COL>{format!("Every instance checks the signature with keys shared through the database, with no lookup per request. Still shared: refresh families, the revoke-now denylist{revoke_ms} and new signing keys{key_ms}.")}</td>
                    <td role="cell" data-label=SEE_COL><a href="#instances">"Measured on several instances"</a></td>
                </tr>
                <tr role="row" data-testid="row-caching">
                    <th scope="row" role="rowheader">"Can a cache share the page?"</th>
                    <td role="cell" data-label=SESSION_COL>"No: a page requested with a cookie is that visitor's own, so this shop renders it for every request. Catalog pages requested with no cookie at all are rendered once a second and shared (the X-Page-Cache response header says hit or miss)."{rates}</td>
                    <td role="cell" data-label=JWT_COL>"A response to a request with Authorization is private too. But a client that sends its token only to the API keeps its page requests free of credentials, and those pages can be shared."</td>
                    <td role="cell" data-label=SEE_COL><a href="/">"The catalog"</a></td>
                </tr>
                <BehaviourRows f=f.clone()/>
            </tbody>
        </table>
        </div>
    }
    .into_any()
}

/// The comparison's rows about what the browser and the server do with each credential.
#[component]
fn BehaviourRows(f: LearnFacts) -> impl IntoView {
    view! {
        <tr role="row">
            <th scope="row" role="rowheader">"Sent with a request from another site?"</th>
            <td role="cell" data-label=SESSION_COL>"Only on top-level navigations (SameSite=Lax): never on another site's fetch or form POST."</td>
            <td role="cell" data-label=JWT_COL>"Only when that site's code holds the token and adds it; a partner site must get its own token."</td>
            <td role="cell" data-label=SEE_COL><a href="/playground">"Partner site link on the playground"</a></td>
        </tr>
        <tr role="row">
            <th scope="row" role="rowheader">"CSRF"</th>
            <td role="cell" data-label=SESSION_COL>"Exposed in principle: the browser adds the cookie by itself. This shop refuses every cross-site mutation with 403 (Origin and Sec-Fetch-Site), on top of SameSite."</td>
            <td role="cell" data-label=JWT_COL>"Not exposed: nothing is attached automatically."</td>
            <td role="cell" data-label=SEE_COL><a href="/playground#partner">"The partner site"</a></td>
        </tr>
        <tr role="row">
            <th scope="row" role="rowheader">"XSS"</th>
            <td role="cell" data-label=SESSION_COL>"An injected script cannot read an HttpOnly cookie, but can act with it while the page is open."</td>
            <td role="cell" data-label=JWT_COL>"An injected script can read a token kept in JavaScript and use it elsewhere until it expires."</td>
            <td role="cell" data-label=SEE_COL><a href="/learn/where-to-keep-it">"Where the browser keeps it"</a></td>
        </tr>
        <tr role="row" data-testid="row-logout">
            <th scope="row" role="rowheader">"Logout"</th>
            <td role="cell" data-label=SESSION_COL>"The record is deleted: the old cookie is refused on the very next request."</td>
            <td role="cell" data-label=JWT_COL>"The refresh family is revoked at once; the access token stays valid up to "<span data-testid="access-ttl" data-secs=f.access_ttl_secs.to_string()>{human_duration(f.access_ttl_secs)}</span>" more, unless revoke-now puts it on the denylist."</td>
            <td role="cell" data-label=SEE_COL><a href="/learn/replay-after-logout">"Replay after logout"</a></td>
        </tr>
        <tr role="row">
            <th scope="row" role="rowheader">"Lifetimes here"</th>
            <td role="cell" data-label=SESSION_COL>{format!("Ends after {} idle, {} at most.", human_duration(f.session_idle_secs), human_duration(f.session_absolute_secs))}</td>
            <td role="cell" data-label=JWT_COL>{format!("Access token {}; the refresh token rotates on every use.", human_duration(f.access_ttl_secs))}</td>
            <td role="cell" data-label=SEE_COL><a href="/learn/two-carriers">"Countdowns"</a></td>
        </tr>
    }
}
