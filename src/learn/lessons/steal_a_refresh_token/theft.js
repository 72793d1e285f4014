// @ts-check
// Lesson 8's entry module ("Steal a refresh token"): a client logs in, a thief holds a copy of its
// refresh token, and one of them refreshes first; when the spent token comes back, the shop sees a
// replay and revokes the whole sign-in, the thief's new tokens included.

import { bind, dpopKey, part, problem, send, stringField, whenHydrated } from "../../../browser/kit.js";
import { credentials, guarded, showGoal, solved, stepper } from "../../lab.js";

/**
 * A token's first characters, enough to tell two apart in the log.
 * @param {string | undefined} token
 * @returns {string}
 */
const short = (token) => (token ? `${token.slice(0, 8)}…` : "none");

/**
 * @param {string} path
 * @param {unknown} body
 */
const post = (path, body) => send("POST", path, { body });

/**
 * @param {HTMLElement} demo the `[data-lab="theft"]` panel
 * @returns {void}
 */
function startTheft(demo) {
  const steps = part(demo, "steps");
  const step = stepper(steps, "theft");

  /** @param {boolean} thiefFirst */
  async function run(thiefFirst) {
    steps.replaceChildren();
    demo.dataset.done = "false";
    const account = await credentials();
    const login = await post("/api/v1/auth/login", account);
    const r1 = stringField(login.data, "refresh_token");
    step("Client", `logs in as ${account.email}, gets refresh token R1 (${short(r1)})`, login.status);
    if (login.status !== 200) return;
    if (thiefFirst) {
      const thief = await post("/api/v1/auth/refresh", { refresh_token: r1 });
      const r2 = stringField(thief.data, "refresh_token");
      step("Thief", `uses the stolen R1 first: new tokens, R2 (${short(r2)}), now the thief's`, thief.status);
      const victim = await post("/api/v1/auth/refresh", { refresh_token: r1 });
      step("Client", `refreshes with R1, which the thief spent: ${problem(victim)}`, victim.status);
      const after = await post("/api/v1/auth/refresh", { refresh_token: r2 ?? "" });
      step("Thief", `tries its R2 again: ${problem(after)}`, after.status);
      if (thief.status === 200) {
        solved(`the stolen refresh token worked for the thief (200); when the client came back with it, the shop revoked the sign-in and the thief's R2 answered ${after.status}`);
      }
    } else {
      const second = await post("/api/v1/auth/refresh", { refresh_token: r1 });
      const r2 = stringField(second.data, "refresh_token");
      step("Client", `refreshes with R1, gets R2 (${short(r2)}); R1 is now spent`, second.status);
      const thief = await post("/api/v1/auth/refresh", { refresh_token: r1 });
      step("Thief", `replays the stolen R1, too late: ${problem(thief)}`, thief.status);
      const victim = await post("/api/v1/auth/refresh", { refresh_token: r2 ?? "" });
      step("Client", `refreshes with its own R2, which the replay revoked: ${problem(victim)}`, victim.status);
      const me = await send("GET", "/api/v1/me", { token: stringField(second.data, "access_token") });
      step("Client", "calls /api/v1/me with its last access token, which lives until it expires", me.status);
    }
    demo.dataset.done = "true";
  }

  /**
   * The same theft against a sign-in bound by DPoP (RFC 9449 §5): the client's refresh token only
   * works with a proof of the client's key, which a copy of the token does not bring along.
   */
  async function runBound() {
    steps.replaceChildren();
    demo.dataset.done = "false";
    const account = await credentials();
    const key = await dpopKey();
    const login = await send("POST", "/api/v1/auth/login", { body: account, dpop: key });
    const r1 = stringField(login.data, "refresh_token");
    step("Client", `logs in with a DPoP proof of a key it cannot export: refresh token R1 (${short(r1)}), bound to the key (token_type ${stringField(login.data, "token_type") ?? "?"})`, login.status);
    if (login.status !== 200) return;
    const bare = await post("/api/v1/auth/refresh", { refresh_token: r1 });
    step("Thief", `uses the stolen R1 first, with no proof: ${problem(bare)}`, bare.status);
    const own = await send("POST", "/api/v1/auth/refresh", { body: { refresh_token: r1 }, dpop: await dpopKey() });
    step("Thief", `tries again with a proof of a key of its own: ${problem(own)}`, own.status);
    const client = await send("POST", "/api/v1/auth/refresh", { body: { refresh_token: r1 }, dpop: key });
    step("Client", `refreshes with R1 and a proof of its key: the thief's tries spent nothing, and revoked nothing`, client.status);
    if (bare.status === 401 && own.status === 401 && client.status === 200) {
      solved(`a stolen DPoP-bound refresh token was refused to the thief with and without a key of its own (401), while the client's own refresh still worked`);
    }
    demo.dataset.done = "true";
  }

  part(demo, "run").addEventListener("click", guarded(demo, () => run(false)));
  part(demo, "run-thief-first").addEventListener("click", guarded(demo, () => run(true)));
  part(demo, "run-bound").addEventListener("click", guarded(demo, runBound));
  demo.dataset.ready = "true";
}

whenHydrated(() => {
  showGoal();
  const demo = bind("theft");
  if (demo) startTheft(demo);
});
