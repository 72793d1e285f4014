// @ts-check
// The entry module of "Let another site in without your password", on the shop's page: the link
// to the lab page on the partner's site (under this tab's attempt id), the attacker's link with its
// own redirect URI, and the shop's record of the attempt — what the partner's server received,
// what the shop answered each request — with the goals it shows reached.

import { bind, part, partAs, send, stringField, whenHydrated } from "../../../browser/kit.js";
import { credentials, fillTable, guarded, keptId, say, showGoal, solved, tableRow } from "../../lab.js";

/**
 * One request of the attempt, as server.rs's Event records it.
 * @typedef {object} LabEvent
 * @property {string} who "partner-server", "partner" or "attacker"
 * @property {string} step
 * @property {string} request
 * @property {string[]} fields
 * @property {number} status
 * @property {string} [error]
 * @property {string} [location]
 * @property {string} said
 */

/** @typedef {{ id: string, reached: boolean }} LabGoal */

/** @typedef {{ events: LabEvent[], goals: LabGoal[] }} LabRecord */

/** How the record names each side. */
const WHO = /** @type {Record<string, string>} */ ({
  "partner-server": "The partner's server received",
  partner: "The partner's token, used",
  attacker: "The attacker",
});

/**
 * @param {HTMLElement} lab the `[data-lab="delegation"]` panel
 * @returns {void}
 */
function startDelegation(lab) {
  const attempt = keptId("tokenshop.delegation-attempt");
  if (lab.dataset.partner) {
    partAs(lab, "open", HTMLAnchorElement).href = `${lab.dataset.partner}/learn/let-another-site-in/partner?attempt=${attempt}`;
  }

  async function showAccount() {
    const { email, password } = await credentials();
    part(lab, "account").textContent = `When the shop asks you to sign in, use your lab account — email ${email}, password ${password} — not an account you care about.`;
  }

  async function refresh() {
    const reply = await send("GET", `/learn/lab/delegation/${attempt}`);
    if (reply.status !== 200) throw new Error(`The shop's record is out of reach (${reply.status}).`);
    /** @type {LabRecord} */
    const record = reply.data;
    fillTable(part(lab, "events"), record.events.map((e) => {
      const answer = e.status === 0 ? e.said : `${e.status}${e.error ? ` ${e.error}` : ""}: ${e.said}`;
      const tr = tableRow([WHO[e.who] ?? e.who, e.request, e.fields.join(", ") || "—", answer]);
      tr.dataset.testid = "delegation-event";
      tr.dataset.step = e.step;
      tr.dataset.status = String(e.status);
      return tr;
    }));
    const reached = new Set(record.goals.filter((g) => g.reached).map((g) => g.id));
    for (const li of lab.querySelectorAll("[data-goal]")) {
      if (!(li instanceof HTMLElement)) continue;
      const done = reached.has(li.dataset.goal ?? "");
      li.dataset.reached = String(done);
      part(li, "mark").textContent = done ? "✓ " : "○ ";
      part(li, "mark-text").textContent = done ? " (reached)" : " (not yet)";
    }
    const received = record.events.find((e) => e.step === "received");
    say(part(lab, "summary"), record.events.length === 0
      ? "Nothing recorded for this attempt yet: start on the partner's site (step 1)."
      : `${reached.size} of ${record.goals.length} goals reached.`
        + (received ? ` The partner's server received ${received.fields.join(", ")} — and no password.` : ""));
    if (reached.size === record.goals.length) {
      solved(`the partner signed in with a code, never your password; a stolen code was refused, and its replay revoked the partner's tokens (401); the attacker's redirect URI was refused before any code existed; the partner's token got 403 outside its scopes and 401 once you ended its access`);
    }
  }

  part(lab, "swap").addEventListener("click", guarded(lab, async () => {
    const reply = await send("POST", `/learn/lab/delegation/${attempt}/swap`);
    if (reply.status !== 200) throw new Error(stringField(reply.data, "detail") ?? `The shop answered ${reply.status}.`);
    await refresh();
  }));
  part(lab, "refresh").addEventListener("click", guarded(lab, refresh));
  guarded(lab, showAccount)();
  guarded(lab, refresh)().finally(() => {
    lab.dataset.ready = "true";
  });
  // Back from the partner's tab: show what happened there without a click.
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") guarded(lab, refresh)();
  });
}

whenHydrated(() => {
  showGoal();
  const lab = bind("delegation");
  if (lab) startDelegation(lab);
});
