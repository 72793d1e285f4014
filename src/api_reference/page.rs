use super::{get_api_reference, EndpointDoc, SchemaDoc};
use crate::components::error_view::ErrorView;
use leptos::prelude::*;
use leptos_meta::Title;

/// The JSON API's reference, rendered from the OpenAPI document the server generates.
#[component]
pub fn ApiReferencePage() -> impl IntoView {
    let reference = Resource::new(|| (), |_| get_api_reference());
    view! {
        <Title text="API reference"/>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                match reference.await {
                    Err(e) => view! { <ErrorView error=e/> }.into_any(),
                    Ok(r) => view! {
                        <article class="api-reference">
                            <h1>{r.title}" "<small>"v"{r.version}</small></h1>
                            <p>{r.description}</p>
                            <p class="hint">
                                "Machine-readable: " <a href="/api/v1/openapi.json" rel="external">"/api/v1/openapi.json"</a>
                                " (OpenAPI 3.1). Public keys: " <a href="/.well-known/jwks.json" rel="external">"/.well-known/jwks.json"</a>
                                ". Try it in the " <a href="/playground">"API playground"</a> "."
                            </p>
                            <nav class="toc" aria-label="Sections">
                                {r.groups.iter().map(|g| view! { <a href=format!("#{}", g.tag)>{g.tag.clone()}</a> }).collect_view()}
                                <a href="#schemas">"schemas"</a>
                            </nav>
                            {r.groups.into_iter().map(|g| { let anchor = g.tag.clone(); view! {
                                <section id=anchor class="api-group">
                                    <h2>{g.tag}</h2>
                                    <p class="hint">{g.description}</p>
                                    {g.endpoints.into_iter().map(|e| view! { <Endpoint e/> }).collect_view()}
                                </section>
                            }.into_any()}).collect_view()}
                            <section id="schemas">
                                <h2>"Schemas"</h2>
                                {r.schemas.into_iter().map(|s| view! { <Schema s/> }).collect_view()}
                            </section>
                        </article>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Endpoint(e: EndpointDoc) -> AnyView {
    let auth = match e.bearer.as_str() {
        "required" => "Bearer token required",
        "optional" => "Bearer token optional",
        _ => "No token needed",
    };
    let method_class = format!("method {}", e.method.to_lowercase());
    view! {
        <div class="endpoint" data-testid="endpoint">
            <h3><span class=method_class>{e.method}</span>" "<code>{e.path}</code></h3>
            <p><strong>{e.summary}</strong>" "<span class="hint">{auth}</span></p>
            {(!e.description.is_empty()).then(|| view! { <p>{e.description.clone()}</p> })}
            {(!e.params.is_empty()).then(|| view! {
                <table class="params">
                    <thead><tr><th scope="col">"Parameter"</th><th scope="col">"In"</th><th scope="col">"Description"</th></tr></thead>
                    <tbody>
                        {e.params.into_iter().map(|p| view! {
                            <tr>
                                <td><code>{p.name}</code>{p.required.then_some(" *")}</td>
                                <td>{p.location}</td>
                                <td>{p.description}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            })}
            {e.request_body.map(|b| view! { <p>"Body: "<a href=format!("#schema-{b}")><code>{b.clone()}</code></a></p> })}
            <ul class="responses">
                {e.responses.into_iter().map(|r| view! {
                    <li>
                        <code>{r.status}</code>" "{r.description}
                        {r.schema.map(|s| view! { " → "<code>{s}</code> })}
                    </li>
                }).collect_view()}
            </ul>
        </div>
    }
    .into_any()
}

#[component]
fn Schema(s: SchemaDoc) -> AnyView {
    let anchor = format!("schema-{}", s.name);
    view! {
        <div class="schema" id=anchor>
            <h3><code>{s.name}</code></h3>
            <table class="params">
                <tbody>
                    {s.fields.into_iter().map(|f| view! {
                        <tr>
                            <td><code>{f.name}</code>{f.required.then_some(" *")}</td>
                            <td><code>{f.ty}</code></td>
                            <td>{f.description}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}
