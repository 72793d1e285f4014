// @ts-check
// The attacker's page of lesson 5 ("Forge a cross-site request"), served on the partner origin at
// /learn/forge-a-request/attacker?attempt=<id>: simple POSTs at the learner's lab account — what a
// hidden form on any page may send — and what each target says happened, read back from this
// origin's own server (/csrf-attempts/<id>) since the shop's answers are opaque here.

import { bind, part, partAs, partsAs } from "../../../browser/kit.js";

/**
 * What a target received (server.rs's Attempt), as /csrf-attempts/<id> lists them.
 * @typedef {{ target: string, site: string, cookie_sent: boolean, accepted: boolean, said: string }} Attempt
 */

/** The attempt ids the lesson makes (kit's randomId); anything else is not sent anywhere. */
const ATTEMPT = /^[0-9a-f]{16,64}$/;

/**
 * The shop's origin, which the server wrote into the page's `<meta name="shop-origin">`.
 * @returns {string}
 */
function shopOrigin() {
  const meta = document.querySelector('meta[name="shop-origin"]');
  if (!(meta instanceof HTMLMetaElement) || !meta.content) throw new Error("the page names no shop origin");
  return meta.content;
}

/**
 * @param {HTMLElement} lab the `[data-lab="forge-attacker"]` section
 * @returns {void}
 */
function startAttacker(lab) {
  const shop = shopOrigin();
  const attempt = new URLSearchParams(location.search).get("attempt");
  const results = part(lab, "results");
  const buttons = partsAs(lab, "target", HTMLButtonElement);
  partAs(lab, "back", HTMLAnchorElement).href = `${shop}/learn/forge-a-request`;
  // A site is the scheme and host without the port (these hosts have no subdomains to collapse).
  const sameSite = new URL(shop).hostname === location.hostname && new URL(shop).protocol === location.protocol;
  part(lab, "site").textContent = sameSite
    ? `This page is on the shop's own site (${location.hostname}, another port): SameSite=Lax lets your browser attach the shop's cookies.`
    : "This page is on another site than the shop: SameSite=Lax keeps the shop's cookies off these POSTs.";
  if (!attempt || !ATTEMPT.test(attempt)) {
    // Opened without the lesson's link: there is no lab account to aim at.
    for (const button of buttons) button.disabled = true;
    const li = document.createElement("li");
    li.textContent = "Open this page from the lesson's link: it names the attempt these requests are recorded under.";
    results.append(li);
    lab.dataset.ready = "true";
    return;
  }

  /**
   * @param {string} target
   * @param {string} text
   * @param {number} status
   */
  const say = (target, text, status) => {
    const li = document.createElement("li");
    li.dataset.testid = "forge-lab-result";
    li.dataset.target = target;
    li.dataset.status = String(status);
    li.textContent = text;
    results.append(li);
  };

  for (const button of buttons) {
    button.addEventListener("click", () => forge(button.dataset.forge ?? "").catch((e) => {
      // Never silence: a request the browser refused (a CORS error, the network) is said too.
      say(button.dataset.forge ?? "", `The browser could not complete this request (${e instanceof Error ? e.message : String(e)}); nothing was recorded.`, 0);
    }));
  }

  /** @param {string} target */
  async function forge(target) {
    /** @type {RequestInit} */
    const simple = { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "product_id=1&quantity=1" };
    if (target === "api") {
      // The API allows this origin by CORS, so the answer is readable here. It ignores cookies, so
      // the browser need not send any (and CORS without credentials would refuse to show them).
      const res = await fetch(`${shop}/api/v1/checkout`, { ...simple, credentials: "omit" });
      const body = await res.json().catch(() => ({}));
      say(target, `The API refused it (${res.status}): ${body.detail ?? ""} There is nothing for this page to forge: a browser never adds a bearer token by itself, cookies or not.`, res.status);
      return;
    }
    // The shop's lab targets do not answer this origin by CORS: the POST is sent, its answer is
    // opaque here, and the target's own record says what happened.
    await fetch(`${shop}/learn/lab/csrf/${target}/${attempt}`, { ...simple, mode: "no-cors", credentials: "include" }).catch(() => {});
    /** @type {Attempt[]} */
    const seen = await (await fetch(`/csrf-attempts/${attempt}`, { cache: "no-store" })).json();
    const last = seen.filter((a) => a.target === target).pop();
    say(target, last ? `${last.said} (Sec-Fetch-Site: ${last.site}; cookie sent: ${last.cookie_sent ? "yes" : "no"})` : "The target recorded nothing.", last?.accepted ? 200 : 403);
  }
  lab.dataset.ready = "true";
}

// No Leptos on this page, so nothing to wait for: a module runs once the document is parsed.
const lab = bind("forge-attacker");
if (lab) startAttacker(lab);
