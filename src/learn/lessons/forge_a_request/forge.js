// @ts-check
// Lesson 5's entry module ("Forge a cross-site request"): signs this browser in to the lab's target
// (an HttpOnly, SameSite=Lax cookie), links the attacker's page on the partner origin — on another
// site, and on this site under another port — and lists what the targets received. This tab's
// attempt id names what the targets record, so the attacker's page and this lesson read the same.

import { bind, part, partAs, send, whenHydrated } from "../../../browser/kit.js";
import { credentials, fillTable, guarded, keptId, say, showGoal, solved } from "../../lab.js";

/**
 * What a target received (server.rs's Attempt).
 * @typedef {object} Attempt
 * @property {"weak" | "guarded"} target
 * @property {string} site the request's Sec-Fetch-Site
 * @property {boolean} cookie_sent
 * @property {boolean} accepted
 * @property {string} said
 */

/**
 * @param {HTMLElement} demo the `[data-lab="forge"]` panel
 * @returns {void}
 */
function startForge(demo) {
  const attempt = keptId("tokenshop.forge-attempt");
  const partner = demo.dataset.partner;
  if (partner) {
    // The same partner server under this page's host name: another port, so the same site.
    const same = new URL(partner);
    same.hostname = location.hostname;
    partAs(demo, "open-cross", HTMLAnchorElement).href = `${partner}/learn/forge-a-request/attacker?attempt=${attempt}`;
    partAs(demo, "open-same", HTMLAnchorElement).href = `${same.origin}/learn/forge-a-request/attacker?attempt=${attempt}`;
  }

  async function refresh() {
    /** @type {Attempt[]} */
    const seen = (await send("GET", `/learn/lab/csrf/attempts/${attempt}`)).data ?? [];
    fillTable(part(demo, "attempts"), seen.map((a) => {
      const tr = document.createElement("tr");
      tr.dataset.testid = "forge-attempt";
      tr.dataset.target = a.target;
      tr.dataset.accepted = String(a.accepted);
      for (const text of [a.target === "weak" ? "lab target, cookie only" : "behind the shop's check", a.site, a.cookie_sent ? "yes" : "no", a.said]) {
        const td = document.createElement("td");
        td.textContent = text;
        tr.append(td);
      }
      return tr;
    }));
    say(part(demo, "summary"), seen.length
      ? `The targets received ${seen.length} forged requests: ${seen.filter((a) => a.accepted).length} accepted, ${seen.filter((a) => !a.accepted).length} refused.`
      : "The targets have received no forged request from this tab yet.");
    const took = seen.find((a) => a.target === "weak" && a.accepted);
    const stopped = seen.find((a) => a.target === "guarded" && !a.accepted);
    if (took && stopped) {
      solved(`a page on the same site (Sec-Fetch-Site: ${took.site}) changed your lab cart through your cookie at the target that checks only the cookie; the shop's check refused the same request`);
    }
  }

  part(demo, "signin").addEventListener("click", guarded(demo, async () => {
    // A real cookie this time (the lab's point), so not through kit's send, which sends none.
    const res = await fetch("/learn/lab/csrf/login", {
      method: "POST", credentials: "same-origin", headers: { "Content-Type": "application/json" },
      body: JSON.stringify(await credentials()),
    });
    const body = await res.json().catch(() => ({}));
    part(demo, "signed-in").textContent = res.ok
      ? `Signed in as ${body.email}: this browser now holds the lab's cookie. Now open the attacker's page.`
      : `Not signed in (${res.status}): ${body.detail ?? ""}`;
    demo.dataset.signedIn = String(res.ok);
  }));
  part(demo, "refresh").addEventListener("click", guarded(demo, refresh));
  guarded(demo, refresh)().finally(() => {
    demo.dataset.ready = "true";
  });
}

whenHydrated(() => {
  showGoal();
  const demo = bind("forge");
  if (demo) startForge(demo);
});
