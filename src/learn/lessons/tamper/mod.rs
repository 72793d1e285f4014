//! Changing a token or a session id, and why the shop refuses every change.

#[cfg(feature = "ssr")]
pub mod server;

use crate::learn::glossary::Term;
use crate::learn::kit::{ModuleScript, NeedsScript};
use leptos::prelude::*;

pub fn body() -> AnyView {
    view! { <TamperLesson/> }.into_any()
}

#[component]
fn TamperLesson() -> impl IntoView {
    view! {
        <p>
            "Anyone can read a token, so can anyone change one? Edit the header or the payload, or pick an attack, and send it. "
            "The shop signs with "<Term id="eddsa">"EdDSA"</Term>": a private key signs, and the public key it publishes in its "
            <Term id="jwks">"JWKS"</Term>" can only verify. It accepts exactly one "<Term id="alg">"alg"</Term>" and only the kinds of token each endpoint expects."
        </p>
        <Tamper/>
        <h2>"Why the header says EdDSA"</h2>
        <p>
            "RFC 9864 (October 2025) deprecates the "<code>"alg"</code>" value "<code>"EdDSA"</code>" for JOSE: it names a family (Ed25519 and Ed448), "
            "and a verifier that trusts the header to pick between them has one decision too many. It registers fully specified names instead, "
            <code>"Ed25519"</code>" for this shop's keys. This shop still signs with "<code>"\"alg\": \"EdDSA\""</code>", and accepts that alone, for the verifiers its "
            "clients use: the Rust jsonwebtoken crate and most JOSE libraries of 2026 know "<code>"EdDSA"</code>" and not yet "<code>"Ed25519"</code>"; "
            "the partner site verifies with the browser's WebCrypto, which asks for the curve, not the header. The ambiguity the RFC removes cannot arise here: "
            "every key in the JWKS says "<code>"\"crv\": \"Ed25519\""</code>", and the shop never reads the curve from a token. "
            "Once those libraries accept the new name, the switch is a key-by-key change: sign "<code>"Ed25519"</code>", accept both until the last "
            <code>"EdDSA"</code>" token has expired, then accept only the new one — the same overlap as "<a href="/learn/rotate-the-key">"rotating the key"</a>"."
        </p>
        <ModuleScript src="learn/lessons/tamper/tamper.js"/>
    }
}

/// How many different refusals of a changed token the lab asks the learner to meet (`tamper.js`
/// reads it from the tally's `data-needed`).
const TAMPER_KINDS_NEEDED: usize = 4;

/// The DPoP proofs to try, each with one thing changed (`tamper.js` makes them).
const DPOP_PRESETS: [(&str, &str); 8] = [
    ("fresh", "A fresh, correct proof"),
    ("url", "A proof for another URL"),
    ("method", "A proof for another method"),
    ("old", "A proof five minutes old"),
    ("replayed", "The same proof twice"),
    ("other-key", "A proof signed by another key"),
    ("no-ath", "A proof without ath"),
    ("bearer", "The bound token as Bearer"),
];

/// Edit a token (or a session id) and send it: the shop says why it refuses.
#[component]
fn Tamper() -> impl IntoView {
    let presets = [
        ("sub", "Change whose token it is (sub)"),
        ("alg-none", "alg: none, no signature"),
        ("hs256", "HS256, signed with the shop's public key"),
        ("kid", "A kid the shop does not know"),
        ("expired", "A genuine token that has expired"),
        (
            "wrong-kind",
            "A genuine token of another kind (a Cart-Token)",
        ),
    ];
    view! {
        <section class="panel demo" data-testid="tamper" id="tamper-lab" data-lab="tamper">
            <h2>"Change it, send it"</h2>
            <NeedsScript/>
            <button type="button" class="primary" data-testid="tamper-get" data-lab-part="get">"Get a token to change"</button>
            <div class="tamper-edit">
                <label>"Header" <textarea data-testid="tamper-header" data-lab-part="header" rows="4" spellcheck="false"></textarea></label>
                <label>"Payload" <textarea data-testid="tamper-payload" data-lab-part="payload" rows="9" spellcheck="false"></textarea></label>
                <label>"Signature (kept as it was, unless a preset makes a new one)" <input data-testid="tamper-signature" data-lab-part="signature" spellcheck="false"/></label>
            </div>
            <p class="actions">
                <button type="button" class="primary" data-testid="tamper-send" data-lab-part="send">"Send it to GET /api/v1/me"</button>
            </p>
            <p class="hint">"Or try one of the attacks people use on JWTs:"</p>
            <p class="actions presets">
                {presets.into_iter().map(|(id, label)| view! {
                    <button type="button" data-testid="tamper-preset" data-lab-part="preset" data-preset=id>{label}</button>
                }).collect_view()}
            </p>
            <ol class="steps" data-testid="tamper-results" data-lab-part="results" aria-live="polite"></ol>
            <div class="tally" data-testid="tamper-tally" data-lab-part="tally" data-needed=TAMPER_KINDS_NEEDED.to_string()>
                <h3>"What you have met so far"</h3>
                <p class="hint">
                    {format!("Nobody can make the shop accept a changed token or session id, so the lab counts the goal reached when you have seen why: {TAMPER_KINDS_NEEDED} different reasons the shop gives for refusing a changed token, and an edited session id refused.")}
                </p>
                <ul data-testid="tamper-tally-list" data-lab-part="tally-list"></ul>
                <p data-testid="tamper-tally-next" data-lab-part="tally-next" role="status">
                    {format!("Still to meet: {TAMPER_KINDS_NEEDED} kinds of refused token (the attack buttons above each meet one), and an edited session id (the button below).")}
                </p>
            </div>
            <h3>"A token bound to a key: break its proof"</h3>
            <p>
                "A DPoP-bound token ("<Term id="sender-constrained">"sender-constrained"</Term>") comes with a fresh "<Term id="dpop-proof">"proof"</Term>" on every request, signed by a key this page made and cannot export. "
                "Each button changes one thing of a proof the shop would accept; the shop says which check refused it (RFC 9449 §4.3)."
            </p>
            <p class="actions">
                <button type="button" data-testid="tamper-dpop-get" data-lab-part="dpop-get">"Get a DPoP-bound token"</button>
            </p>
            <p class="actions presets">
                {DPOP_PRESETS.into_iter().map(|(id, label)| view! {
                    <button type="button" data-testid="tamper-dpop-preset" data-lab-part="dpop-preset" data-preset=id>{label}</button>
                }).collect_view()}
            </p>
            <ol class="steps" data-testid="tamper-dpop-results" data-lab-part="dpop-results" aria-live="polite"></ol>
            <h3>"The cookie's counterpart"</h3>
            <p>
                "A session cookie holds nothing to edit but its id: 128 random bits naming a record on the server. "
                "Change one character, or guess a whole id, and no record has it."
            </p>
            <p class="actions">
                <button type="button" data-testid="tamper-cookie" data-lab-part="cookie">"Sign in by the pages, then send an edited and a guessed session id"</button>
            </p>
            <ol class="steps" data-testid="tamper-cookie-results" data-lab-part="cookie-results" aria-live="polite"></ol>
        </section>
    }
}
