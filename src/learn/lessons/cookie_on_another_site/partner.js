// @ts-check
// The experiment's page of lesson 6 ("A cookie on another site"), served on the partner origin at
// /learn/cookie-on-another-site/partner?attempt=<id>: asks the shop for its four cookies from this
// site, then sends requests back with and without credentials: "include", and against an answer
// without Access-Control-Allow-Credentials. Each line says what the browser did; the shop records
// what arrived under the attempt id, which the lesson's page reads.

import { bind, part, partAs } from "../../../browser/kit.js";

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
 * @param {string[]} arrived
 * @returns {string}
 */
const list = (arrived) => (arrived.length ? arrived.join(", ") : "none of them");

/**
 * @param {HTMLElement} lab the `[data-lab="elsewhere-partner"]` section
 * @returns {void}
 */
function startExperiment(lab) {
  const shop = shopOrigin();
  const attempt = new URLSearchParams(location.search).get("attempt");
  const results = part(lab, "results");
  const button = partAs(lab, "run", HTMLButtonElement);
  partAs(lab, "back", HTMLAnchorElement).href = `${shop}/learn/cookie-on-another-site`;
  if (!attempt || !ATTEMPT.test(attempt)) {
    // Opened without the lesson's link: the shop would record the experiment under no one's name.
    button.disabled = true;
    const li = document.createElement("li");
    li.textContent = "Open this page from the lesson's link: it names the attempt the shop records this experiment under.";
    results.append(li);
    lab.dataset.ready = "true";
    return;
  }

  /**
   * @param {string} step
   * @param {string} text
   */
  const say = (step, text) => {
    const li = document.createElement("li");
    li.dataset.testid = "elsewhere-result";
    li.dataset.step = step;
    li.textContent = text;
    results.append(li);
  };

  button.addEventListener("click", async () => {
    button.disabled = true;
    results.replaceChildren();
    const base = `${shop}/learn/lab/elsewhere`;
    try {
      const set = await fetch(`${base}/set/${attempt}`, { method: "POST", credentials: "include" });
      say("set", `The shop answered ${set.status} with four cookies (SameSite=Lax; SameSite=None without Secure; SameSite=None; Secure; the same, Partitioned), and CORS for exactly this origin with Allow-Credentials.`);
      /** @type {{ arrived: string[] }} */
      const back = await (await fetch(`${base}/check/${attempt}`, { credentials: "include" })).json();
      say("check", `Asked with credentials: "include", the browser sent back: ${list(back.arrived)}.`);
      try {
        await fetch(`${base}/check-plain/${attempt}`, { credentials: "include" });
        say("check-plain", "The answer without Allow-Credentials was readable (unexpected).");
      } catch (e) {
        say("check-plain", `The same request, answered without Access-Control-Allow-Credentials: the browser sent it, then refused to let this page read the answer (${e instanceof Error ? e.message : String(e)}).`);
      }
      /** @type {{ arrived: string[] }} */
      const omitted = await (await fetch(`${base}/check/${attempt}`, { credentials: "omit" })).json();
      say("omit", `Without credentials: "include" (a cross-origin fetch's default sends none): ${list(omitted.arrived)}.`);
    } finally {
      button.disabled = false;
      lab.dataset.done = "true";
    }
  });
  lab.dataset.ready = "true";
}

// No Leptos on this page, so nothing to wait for: a module runs once the document is parsed.
const lab = bind("elsewhere-partner");
if (lab) startExperiment(lab);
