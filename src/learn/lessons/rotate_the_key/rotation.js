// @ts-check
// Lesson 9's entry module ("Rotate the key"): gets a token, has the shop rotate its signing key,
// and shows the JWKS before and after, the old token still verifying by its kid, and a new token
// signed by the new key.

import { bind, jwtParts, part, problem, send, stringField, whenHydrated } from "../../../browser/kit.js";
import { credentials, guarded, showGoal, solved, stepper } from "../../lab.js";

/**
 * The kid in a token's header ("" when it names none).
 * @param {string} token
 * @returns {string}
 */
const kidOf = (token) => stringField(jwtParts(token).header, "kid") ?? "";

/**
 * The kids a JWKS publishes.
 * @param {unknown} jwks
 * @returns {string[]}
 */
function kidsIn(jwks) {
  const keys = jwks !== null && typeof jwks === "object" && "keys" in jwks && Array.isArray(jwks.keys) ? jwks.keys : [];
  return keys.map((/** @type {unknown} */ k) => stringField(k, "kid") ?? "");
}

/**
 * @param {unknown} jwks
 * @returns {string} the kids, shortened, for the log
 */
const kids = (jwks) => kidsIn(jwks).map((kid) => kid.slice(0, 8)).join(", ");

/**
 * @param {HTMLElement} demo the `[data-lab="rotation"]` panel
 * @returns {void}
 */
function startRotation(demo) {
  const list = part(demo, "steps");
  const step = stepper(list, "rotation");
  part(demo, "run").addEventListener("click", guarded(demo, async () => {
    list.replaceChildren();
    demo.dataset.done = "false";
    const before = await send("GET", "/.well-known/jwks.json");
    step("JWKS", `keys published: ${kids(before.data)}`, before.status);
    const account = await credentials();
    const first = await send("POST", "/api/v1/auth/login", { body: account });
    const tokenA = stringField(first.data, "access_token");
    if (first.status !== 200 || !tokenA) {
      step("API", "log in", first.status);
      return;
    }
    const oldKid = kidOf(tokenA);
    step("API", `log in: token A signed by ${oldKid.slice(0, 8)}`, first.status);
    const rotated = await send("POST", "/learn/lab/rotate-key");
    step("Lab", rotated.status === 200 ? `rotate: the new key is ${(stringField(rotated.data, "new_kid") ?? "").slice(0, 8)}` : `rotate refused: ${problem(rotated)}`, rotated.status);
    if (rotated.status !== 200) {
      demo.dataset.done = "true";
      return;
    }
    const after = await send("GET", "/.well-known/jwks.json");
    step("JWKS", `keys published now: ${kids(after.data)}`, after.status);
    const oldStill = await send("GET", "/api/v1/me", { token: tokenA });
    step("API", `token A (old key ${oldKid.slice(0, 8)}) still verifies`, oldStill.status);
    const second = await send("POST", "/api/v1/auth/login", { body: account });
    const tokenB = stringField(second.data, "access_token");
    const newKid = second.status === 200 && tokenB ? kidOf(tokenB) : "";
    step("API", `log in again: token B signed by ${newKid.slice(0, 8)}`, second.status);
    const newWorks = await send("GET", "/api/v1/me", { token: tokenB });
    step("API", "token B verifies", newWorks.status);
    if (oldStill.status === 200 && newWorks.status === 200 && newKid && newKid !== oldKid) {
      solved(`token A, signed by key ${oldKid.slice(0, 8)} before the rotation, still answered 200; token B was signed by ${newKid.slice(0, 8)}`);
    }
    demo.dataset.oldKid = oldKid;
    demo.dataset.newKid = newKid;
    demo.dataset.jwksBefore = kidsIn(before.data).join(",");
    demo.dataset.jwksAfter = kidsIn(after.data).join(",");
    demo.dataset.done = "true";
  }));
  demo.dataset.ready = "true";
}

whenHydrated(() => {
  showGoal();
  const demo = bind("rotation");
  if (demo) startRotation(demo);
});
