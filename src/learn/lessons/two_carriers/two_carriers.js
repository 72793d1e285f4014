// @ts-check
// Lesson 1's entry module ("Two ways to say who you are"): ticks the lifetimes panel's countdowns,
// watches a short lab sign-in's cookie and token end, and starts the request inspector, whose list
// of the learner's own requests decides the goal (one with the session cookie, one with a bearer
// token).

import {
  bind, countdown, humanDuration, jwtParts, numberField, part, partAs, parts, problem, send, stringField, whenHydrated,
} from "../../../browser/kit.js";
import { startInspector } from "../../inspector/inspector.js";
import { credentials, guarded, labCookieFrom, showGoal, solved } from "../../lab.js";

/** How long the watch goes on after both should have ended, before it stops asking. */
const GRACE_SECS = 15;

/**
 * Countdowns to the Unix times the server wrote in each `[data-lab-part="countdown"]`'s
 * `data-countdown-to`, corrected for the difference between its clock (`data-server-now` on the
 * panel) and this browser's.
 * @returns {void}
 */
function startTimers() {
  const panel = bind("timers");
  if (!panel) return;
  const skew = Number(panel.dataset.serverNow) - Date.now() / 1000;
  const tick = () => {
    const now = Date.now() / 1000 + skew;
    for (const el of parts(panel, "countdown")) {
      const left = Math.floor(Number(el.dataset.countdownTo) - now);
      el.textContent = left > 0 ? countdown(left) : "ended";
    }
  };
  tick();
  setInterval(tick, 1000);
}

/**
 * Signs the lab account in both ways with the shop's short lab lifetimes, then asks with each
 * credential every second who it is, until both are refused.
 * @param {HTMLElement} demo the `[data-lab="ending"]` panel
 * @returns {void}
 */
function startEnding(demo) {
  const button = partAs(demo, "run", HTMLButtonElement);
  const cookieLine = part(demo, "cookie");
  const tokenLine = part(demo, "token");
  const result = part(demo, "result");
  const sessionSecs = Number(demo.dataset.shortSession);
  button.addEventListener("click", guarded(demo, async () => {
    button.disabled = true;
    demo.dataset.done = "false";
    result.textContent = "";
    try {
      const account = await credentials();
      const pages = await send("POST", "/learn/lab/short/cookie/login", { body: account });
      const cookie = labCookieFrom(pages.res, null);
      if (pages.status !== 200 || !cookie) throw new Error(`The pages' short sign-in was refused: ${problem(pages)}`);
      const signedIn = Date.now() / 1000;
      const api = await send("POST", "/learn/lab/short/token", { body: account });
      const access = stringField(api.data, "access_token");
      if (api.status !== 200 || !access) throw new Error(`The API's short sign-in was refused: ${problem(api)}`);
      const exp = numberField(jwtParts(access).payload, "exp") ?? signedIn;
      const sessionEnds = signedIn + sessionSecs;
      /** @type {{ cookie?: number, token?: number }} */
      const ended = {};
      for (;;) {
        const now = Date.now() / 1000;
        const c = ended.cookie ? null : await send("GET", "/learn/lab/short/cookie/whoami", { labCookie: cookie });
        const t = ended.token ? null : await send("GET", "/api/v1/me", { token: access });
        if (c) {
          if (c.status === 200) cookieLine.textContent = `200, still signed in; the session ends in ${countdown(Math.max(0, sessionEnds - now))}`;
          else {
            ended.cookie = Math.round(now - signedIn);
            cookieLine.textContent = `${c.status}, ended ${humanDuration(ended.cookie)} after sign-in: the server ended the session record`;
          }
        }
        if (t) {
          if (t.status === 200) tokenLine.textContent = `200, still accepted; its exp is in ${countdown(Math.max(0, exp - now))}`;
          else {
            ended.token = Math.round(now - signedIn);
            tokenLine.textContent = `${t.status}, refused ${humanDuration(ended.token)} after sign-in: its exp passed (the shop allows 2 s of clock leeway)`;
          }
        }
        if (ended.cookie !== undefined && ended.token !== undefined) break;
        if (now > Math.max(sessionEnds, exp) + GRACE_SECS) throw new Error("Both should have ended by now, and one has not: the lab stops asking.");
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
      result.textContent = "Both ended by themselves: the session because the server keeps its end and refused the record, "
        + "the token because its own exp says so — nothing on the server had to change for that one.";
    } finally {
      button.disabled = false;
      demo.dataset.done = "true";
    }
  }));
  demo.dataset.ready = "true";
}

whenHydrated(() => {
  showGoal();
  startTimers();
  const ending = bind("ending");
  if (ending) startEnding(ending);
  startInspector((yours) => {
    const carried = (/** @type {string} */ name) => yours.some((r) => r.credentials.some((c) => c.carrier === name));
    if (carried("session cookie") && carried("bearer JWT")) {
      solved("the server recorded a request of yours with the session cookie and one with a bearer token");
    }
  });
});
