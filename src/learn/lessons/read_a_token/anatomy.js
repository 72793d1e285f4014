// @ts-check
// Lesson 2's entry module ("Read a token"): signs the lab account in by the API, takes its access
// token apart in the page with no key (raw parts, decoded header and claims, its times ticking),
// and checks the learner's reading of `sub` against the shop's own introspection.

import {
  bind, clock, formatDate, humanDuration, jwtParts, numberField, part, partAs, problem, send, stringField, whenHydrated,
} from "../../../browser/kit.js";
import { credentials, guarded, showGoal, solved } from "../../lab.js";

/**
 * @param {HTMLElement} demo the `[data-lab="anatomy"]` panel
 * @returns {void}
 */
function startAnatomy(demo) {
  const result = part(demo, "result");
  const answer = partAs(demo, "answer", HTMLInputElement);
  /** @type {string | null} */
  let token = null;
  /** @type {ReturnType<typeof setInterval> | undefined} */
  let timer;

  /**
   * Appends one term and its value to the times list; returns the value's element.
   * @param {HTMLElement} times
   * @param {string} term
   * @param {string} text
   * @returns {HTMLElement}
   */
  const row = (times, term, text) => {
    const dt = document.createElement("dt");
    dt.textContent = term;
    const dd = document.createElement("dd");
    dd.textContent = text;
    times.append(dt, dd);
    return dd;
  };

  part(demo, "get").addEventListener("click", guarded(demo, async () => {
    const login = await send("POST", "/api/v1/auth/login", { body: await credentials() });
    const access = stringField(login.data, "access_token");
    if (login.status !== 200 || !access) {
      result.textContent = problem(login);
      return;
    }
    token = access;
    const [h, p, s] = access.split(".");
    const { header, payload: claims } = jwtParts(access);
    part(demo, "raw-header").textContent = h;
    part(demo, "raw-payload").textContent = p;
    part(demo, "raw-signature").textContent = s;
    part(demo, "header").textContent = JSON.stringify(header, null, 2);
    part(demo, "payload").textContent = JSON.stringify(claims, null, 2);
    const times = part(demo, "times");
    times.replaceChildren();
    const iat = numberField(claims, "iat");
    const nbf = numberField(claims, "nbf");
    const exp = numberField(claims, "exp");
    row(times, "Issued (iat)", iat === undefined ? "—" : `${formatDate(iat * 1000)} (${clock(iat)})`);
    row(times, "Not before (nbf)", nbf === undefined ? "—" : clock(nbf));
    const expires = row(times, "Expires (exp)", "—");
    expires.dataset.testid = "anatomy-exp";
    clearInterval(timer);
    if (exp !== undefined) {
      const tick = () => {
        const left = exp - Date.now() / 1000;
        expires.textContent = left > 0 ? `${clock(exp)}: in ${humanDuration(left)}` : `${clock(exp)}: expired`;
      };
      tick();
      timer = setInterval(tick, 1000);
    }
    result.textContent = "Your token is below: its three parts, decoded.";
    demo.dataset.ready = "token";
  }));

  partAs(demo, "quiz", HTMLFormElement).addEventListener("submit", guarded(demo, async (event) => {
    event.preventDefault();
    if (!token) {
      result.textContent = "First sign in and show your token.";
      return;
    }
    // The shop's own reading of the token decides, not this page's.
    const seen = await send("GET", "/api/v1/auth/introspect", { token });
    /** @type {unknown} */
    const sub = seen.data?.claims?.sub;
    const given = answer.value.trim();
    answer.setAttribute("aria-invalid", String(given !== String(sub)));
    if (seen.data?.active && given === String(sub)) {
      result.textContent = `Right: the shop says this token speaks for account ${sub}, and you read it without any key.`;
      solved(`read account ${sub} out of the token's payload with no key; the shop's introspection agreed`);
    } else {
      result.textContent = "Not that one: look for \"sub\" in the payload above.";
    }
  }));
  demo.dataset.ready = "true";
}

whenHydrated(() => {
  showGoal();
  const demo = bind("anatomy");
  if (demo) startAnatomy(demo);
});
