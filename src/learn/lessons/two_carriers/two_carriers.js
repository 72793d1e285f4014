// @ts-check
// Lesson 1's entry module ("Two ways to say who you are"): ticks the lifetimes panel's countdowns,
// and starts the request inspector, whose list of the learner's own requests decides the goal (one
// with the session cookie, one with a bearer token).

import { bind, countdown, parts, whenHydrated } from "../../../browser/kit.js";
import { startInspector } from "../../inspector/inspector.js";
import { showGoal, solved } from "../../lab.js";

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

whenHydrated(() => {
  showGoal();
  startTimers();
  startInspector((yours) => {
    const carried = (/** @type {string} */ name) => yours.some((r) => r.credentials.some((c) => c.carrier === name));
    if (carried("session cookie") && carried("bearer JWT")) {
      solved("the server recorded a request of yours with the session cookie and one with a bearer token");
    }
  });
});
