// @ts-check
// Lesson 6's entry module ("A cookie on another site"): the control (the shop's four cookies set
// and sent back from this site), the link to the experiment on the partner's site, and the shop's
// record of which cookies came back with which request, under this tab's attempt id.

import { bind, part, partAs, send, whenHydrated } from "../../../browser/kit.js";
import { fillTable, guarded, keptId, say, showGoal, solved } from "../../lab.js";

/**
 * One request of the experiment, as the shop received it (server.rs's Trial).
 * @typedef {object} Trial
 * @property {string} step "set", "check" or "check-plain"
 * @property {string} site its Sec-Fetch-Site
 * @property {string[]} arrived the cookies that came with it, by what they try
 */

/** The four cookies the shop sets, by what each tries. */
const ALL = ["SameSite=Lax", "SameSite=None without Secure", "SameSite=None; Secure", "SameSite=None; Secure; Partitioned"];

/**
 * @param {HTMLElement} demo the `[data-lab="elsewhere"]` panel
 * @returns {void}
 */
function startElsewhere(demo) {
  const attempt = keptId("tokenshop.cookie-attempt");
  if (demo.dataset.partner) {
    partAs(demo, "open", HTMLAnchorElement).href = `${demo.dataset.partner}/learn/cookie-on-another-site/partner?attempt=${attempt}`;
  }

  async function refresh() {
    /** @type {Trial[]} */
    const trials = (await send("GET", `/learn/lab/elsewhere/trials/${attempt}`)).data ?? [];
    fillTable(part(demo, "trials"), trials.map((t) => {
      const tr = document.createElement("tr");
      tr.dataset.testid = "elsewhere-trial";
      tr.dataset.site = t.site;
      tr.dataset.step = t.step;
      for (const text of [t.step, t.site, t.step === "set" ? "(the shop set them)" : (t.arrived.join(", ") || "none")]) {
        const td = document.createElement("td");
        td.textContent = text;
        tr.append(td);
      }
      return tr;
    }));
    say(part(demo, "summary"), `The shop has recorded ${trials.length} requests of this experiment.`);
    const cross = trials.find((t) => t.step === "check" && t.site === "cross-site");
    if (cross) {
      const dropped = ALL.filter((c) => !cross.arrived.includes(c));
      const blocked = !cross.arrived.includes("SameSite=None; Secure");
      const how = (cross.arrived.length
        ? `from another site the browser sent back only ${cross.arrived.join(" and ")}; it dropped ${dropped.join(", ")}`
        : "from another site the browser sent back none of them")
        + (blocked ? " — this browser blocks third-party cookies, a rule of its own no server setting overrides; only a partitioned cookie, kept for this partner alone, gets through" : "");
      part(demo, "verdict").textContent = `${how.charAt(0).toUpperCase()}${how.slice(1)}.`;
      solved(how);
    }
  }

  part(demo, "control").addEventListener("click", guarded(demo, async () => {
    // Real cookies, the lab's subject, so not through kit's send, which sends none.
    await fetch(`/learn/lab/elsewhere/set/${attempt}`, { method: "POST", credentials: "same-origin" });
    await fetch(`/learn/lab/elsewhere/check/${attempt}`, { credentials: "same-origin" });
    await refresh();
  }));
  part(demo, "refresh").addEventListener("click", guarded(demo, refresh));
  guarded(demo, refresh)().finally(() => {
    demo.dataset.ready = "true";
  });
}

whenHydrated(() => {
  showGoal();
  const demo = bind("elsewhere");
  if (demo) startElsewhere(demo);
});
