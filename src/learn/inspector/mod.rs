//! The request inspector: for a browser that turned it on, the server notes each of that
//! browser's requests — which credential came with it, what checking it found, the answer — and
//! the panel (here) lists them. Lesson 1's lab reads it; the labs' own requests are listed apart.

#[cfg(feature = "ssr")]
pub mod server;

use crate::learn::kit::NeedsScript;
use leptos::prelude::*;

/// This browser's requests as the server saw them (`server`).
#[component]
pub fn RequestInspector() -> impl IntoView {
    view! {
        <section id="inspector" class="panel demo" data-testid="inspector" data-lab="inspector">
            <h2>"Your requests, as the server saw them"</h2>
            <p>
                "Turn this on and the server keeps a short list of this browser's requests: pages, server functions "
                "and API calls, which credential came with each (session cookie, bearer JWT, Cart-Token or none), how "
                "that part of the shop checks it, what the check found, and the answer. The list is named by a random id "
                "in a cookie only this browser has, so it never shows anybody else's requests."
            </p>
            <NeedsScript/>
            <p class="actions">
                <button type="button" class="primary" data-testid="inspector-start" data-lab-part="start">"Start recording"</button>
                " "
                <button type="button" data-testid="inspector-stop" data-lab-part="stop">"Stop and forget"</button>
                " "
                <span class="hint" data-testid="inspector-state" data-lab-part="state" role="status" aria-live="polite">"off"</span>
            </p>
            <p class="hint">"Then open a product and add it to the cart (your browser gets its session cookie), come back, and call the API with a token:"</p>
            <p class="actions">
                <button type="button" data-testid="inspector-api-call" data-lab-part="api-call">"Call the API with your lab account's token"</button>
            </p>
            <p class="actions">
                <label><input type="checkbox" data-testid="inspector-show-labs" data-lab-part="show-labs"/>" Show the labs' own requests too"</label>
            </p>
            <div class="table-scroll" tabindex="0">
                <table role="table" class="inspector stack">
                    <thead role="rowgroup"><tr role="row"><th scope="col" role="columnheader">"Request"</th><th scope="col" role="columnheader">"Credential seen"</th><th scope="col" role="columnheader">"Checked by"</th><th scope="col" role="columnheader">"Found"</th><th scope="col" role="columnheader">"Answer"</th></tr></thead>
                    <tbody role="rowgroup" data-testid="inspector-rows" data-lab-part="rows"></tbody>
                </table>
            </div>
        </section>
    }
}
