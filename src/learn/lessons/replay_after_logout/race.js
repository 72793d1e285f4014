// @ts-check
// Lesson 7's entry module ("Replay after logout"): logs the lab account in both ways (the pages'
// cookie, kept in the lab's jar, and the API's tokens), logs out of both — with revoke-now or not —
// then replays both old credentials every second until the access token, too, is refused.

import {
  bind, clock, humanDuration, jwtParts, numberField, part, partAs, problem, send, stringField, whenHydrated,
} from "../../../browser/kit.js";
import { credentials, guarded, labCookieFrom, showGoal, solved, stepper } from "../../lab.js";

/** How long the replay keeps trying when the token is never refused: its lab lifetime and then some. */
const GIVE_UP_MS = 2 * 60 * 1000;

/**
 * @param {HTMLElement} demo the `[data-lab="race"]` panel
 * @returns {void}
 */
function startRace(demo) {
  const steps = part(demo, "steps");
  const step = stepper(steps, "race");
  const button = partAs(demo, "run", HTMLButtonElement);
  const cookieStatus = part(demo, "cookie-status");
  const tokenStatus = part(demo, "token-status");
  const countdown = part(demo, "countdown");
  const waiting = part(demo, "waiting");
  button.addEventListener("click", guarded(demo, async () => {
    button.disabled = true;
    demo.dataset.done = "false";
    demo.dataset.solvedNoted = "false";
    steps.replaceChildren();
    cookieStatus.textContent = "—";
    tokenStatus.textContent = "—";
    countdown.textContent = "";
    const revoke = partAs(demo, "revoke", HTMLInputElement).checked;
    try {
      const account = await credentials();
      const pages = await send("POST", "/learn/lab/cookie/login", { body: account });
      const cookie = labCookieFrom(pages.res, null);
      step("Pages", `log in as ${account.email}: the server sets the cookie ${cookie ? cookie.slice(0, 24) + "…" : "(none)"}`, pages.status);
      // The lab's short sign-in: its access token lasts seconds, so the replay below ends while
      // the learner watches (the shop's own tokens last minutes; see the lesson's text).
      const api = await send("POST", "/learn/lab/short/token", { body: account });
      step("API", `log in (the lab's short sign-in): an access token that expires in ${humanDuration(numberField(api.data, "expires_in") ?? 0)} and a refresh token`, api.status);
      const access = stringField(api.data, "access_token");
      if (!cookie) throw new Error(`The pages' sign-in was refused: ${problem(pages)}`);
      if (api.status !== 200 || !access) throw new Error(`The API's sign-in was refused: ${problem(api)}`);
      const exp = numberField(jwtParts(access).payload, "exp");
      if (exp === undefined) throw new Error("The access token carries no exp: the lab cannot tell when it ends.");
      waiting.textContent = `Replaying every second until the old access token is refused: its exp is ${clock(exp)}, in ${humanDuration(exp - Date.now() / 1000)}. The button waits till then.`;
      const before = await send("GET", "/learn/lab/cookie/whoami", { labCookie: cookie });
      step("Pages", "who am I, with the cookie", before.status);
      const meBefore = await send("GET", "/api/v1/me", { token: access });
      step("API", "GET /api/v1/me, with the access token", meBefore.status);
      const out1 = await send("POST", "/learn/lab/cookie/logout", { labCookie: cookie });
      step("Pages", "log out: the session record is deleted", out1.status);
      const out2 = await send("POST", "/api/v1/auth/logout", {
        body: { refresh_token: stringField(api.data, "refresh_token"), revoke_access: revoke }, token: access,
      });
      step("API", revoke ? "log out with revoke-now: refresh revoked, access token denylisted" : "log out: the refresh token is revoked", out2.status);
      // Replay both old credentials every second until the token, too, is refused.
      const started = Date.now();
      for (;;) {
        const c = await send("GET", "/learn/lab/cookie/whoami", { labCookie: cookie });
        const t = await send("GET", "/api/v1/me", { token: access });
        cookieStatus.textContent = String(c.status);
        tokenStatus.textContent = String(t.status);
        const left = exp - Math.floor(Date.now() / 1000);
        countdown.textContent = t.status === 200
          ? `still accepted: exp ${clock(exp)}, in ${humanDuration(left)} (plus up to 2 s of clock leeway)`
          : `refused: ${stringField(t.data, "detail") ?? ""}`;
        if (t.status === 200 && c.status === 401 && demo.dataset.solvedNoted !== "true") {
          demo.dataset.solvedNoted = "true";
          solved(`after logout the old cookie answered ${c.status}, but the old access token answered 200 until its exp`);
        }
        if (t.status !== 200 || Date.now() - started > GIVE_UP_MS) {
          step("Replay", "the old cookie", c.status);
          step("Replay", `the old access token, ${Math.round((Date.now() - started) / 1000)} s after logout`, t.status);
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    } finally {
      button.disabled = false;
      waiting.textContent = "";
      demo.dataset.done = "true";
    }
  }));
  demo.dataset.ready = "true";
}

whenHydrated(() => {
  showGoal();
  const demo = bind("race");
  if (demo) startRace(demo);
});
