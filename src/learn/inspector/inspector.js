// @ts-check
// The request inspector's panel (`RequestInspector` in mod.rs): turns recording on and off for
// this browser, lists what the server noted of its requests (the learner's own, and on request the
// labs'), and calls the API with the lab account's token. Exports `startInspector`; the lesson that
// shows the panel starts it and decides what its list means for the goal.

import { bind, part, partAs, problem, send, stringField } from "../../browser/kit.js";
import { credentials, fillTable, guarded, say, tableRow } from "../lab.js";

/**
 * One credential a request carried, as the server described it (server/store.rs).
 * @typedef {object} CredentialSeen
 * @property {string} carrier "session cookie", "bearer JWT", "Cart-Token", "refresh token (body)" or "none"
 * @property {string} check how that part of the shop checks it
 * @property {string} found what the check found
 */

/**
 * One request the server noted.
 * @typedef {object} SeenRequest
 * @property {number} at
 * @property {string} method
 * @property {string} path
 * @property {string} kind "page", "server function", "API" or "lab"
 * @property {CredentialSeen[]} credentials
 * @property {number} status
 * @property {boolean} from_lab sent by a lab's own script, not by the learner's browsing
 */

/**
 * GET /learn/inspector's answer.
 * @typedef {object} Listing
 * @property {boolean} recording
 * @property {SeenRequest[]} requests
 */

/**
 * Starts the panel `[data-lab="inspector"]`, if the page has one not yet started. `onList` is
 * called with the learner's own requests (never the labs') after every refresh of the list.
 * @param {(yours: SeenRequest[]) => void} [onList]
 * @returns {void}
 */
export function startInspector(onList) {
  const demo = bind("inspector");
  if (!demo) return;
  const rows = part(demo, "rows");
  const state = part(demo, "state");
  const showLabs = partAs(demo, "show-labs", HTMLInputElement);
  /** @type {ReturnType<typeof setInterval> | null} */
  let timer = null;

  async function refresh() {
    const res = await fetch("/learn/inspector", { cache: "no-store" });
    /** @type {Listing} */
    const list = await res.json();
    const yours = list.requests.filter((r) => !r.from_lab);
    const shown = showLabs.checked ? list.requests : yours;
    const hidden = list.requests.length - yours.length;
    say(state, list.recording
      ? `recording: ${yours.length} of your requests` + (hidden ? `, and ${hidden} from the labs (${showLabs.checked ? "shown" : "hidden"})` : "")
      : "off");
    onList?.(yours);
    fillTable(rows, shown.map((r) => {
      const tr = tableRow([
        `${r.method} ${r.path} (${r.kind})`,
        r.credentials.map((c) => c.carrier).join(" + "),
        r.credentials.map((c) => c.check).join(" | "),
        r.credentials.map((c) => c.found).join(" | "),
        String(r.status),
      ]);
      tr.dataset.testid = "inspector-row";
      tr.dataset.path = r.path;
      tr.dataset.carriers = r.credentials.map((c) => c.carrier).join(",");
      tr.dataset.group = r.from_lab ? "lab" : "you";
      return tr;
    }));
    if (!list.recording && timer) {
      clearInterval(timer);
      timer = null;
    }
    if (list.recording && !timer) timer = setInterval(refresh, 2000);
  }

  part(demo, "start").addEventListener("click", guarded(demo, async () => {
    await fetch("/learn/inspector/start", { method: "POST" });
    await refresh();
  }));
  showLabs.addEventListener("change", guarded(demo, refresh));
  part(demo, "api-call").addEventListener("click", guarded(demo, async () => {
    const login = await send("POST", "/api/v1/auth/login", { body: await credentials() });
    const token = stringField(login.data, "access_token");
    if (login.status !== 200 || !token) throw new Error(`The lab account's sign-in was refused: ${problem(login)}`);
    await send("GET", "/api/v1/me", { token, group: "you" });
    await refresh();
  }));
  part(demo, "stop").addEventListener("click", guarded(demo, async () => {
    await fetch("/learn/inspector/stop", { method: "POST" });
    await refresh();
  }));
  guarded(demo, refresh)().finally(() => {
    demo.dataset.ready = "true";
  });
}
