// @ts-check
// The API playground's entry module (/playground): logs in through the JSON API with the form's
// account, keeps the tokens in this page's memory only, shows them raw and decoded with the access
// token's countdown, and lists every call with the headers this page set and the answer's.

import { bind, dpopKey, jwtParts, numberField, part, partAs, partsAs, send, stringField, whenHydrated } from "../../browser/kit.js";

/**
 * The tokens of the last login or refresh; all null before the first.
 * @typedef {object} Tokens
 * @property {string | null} access
 * @property {string | null} refresh
 * @property {number | null} exp the access token's `exp` (Unix seconds)
 */

/**
 * @param {HTMLElement} root the `[data-lab="playground"]` element
 * @returns {void}
 */
function startPlayground(root) {
  /** @type {Tokens} */
  const tokens = { access: null, refresh: null, exp: null };
  /** @type {import("../../browser/kit.js").DpopKey | null} the key the tokens are bound to, if any */
  let key = null;
  const countdown = part(root, "countdown");

  function showTokens() {
    part(root, "access-raw").textContent = tokens.access ?? "—";
    part(root, "access-bytes").textContent = String(tokens.access ? new TextEncoder().encode(tokens.access).length : 0);
    part(root, "refresh-raw").textContent = tokens.refresh ?? "—";
    if (tokens.access) {
      const { header, payload } = jwtParts(tokens.access);
      part(root, "header").textContent = JSON.stringify(header, null, 2);
      part(root, "claims").textContent = JSON.stringify(payload, null, 2);
      tokens.exp = numberField(payload, "exp") ?? null;
    } else {
      part(root, "header").textContent = "—";
      part(root, "claims").textContent = "—";
    }
    tick();
  }

  // Whole seconds on purpose: the reader compares this with the claims' exp, which counts seconds.
  function tick() {
    if (!tokens.exp) {
      countdown.textContent = "no token yet";
      return;
    }
    const left = tokens.exp - Math.floor(Date.now() / 1000);
    countdown.textContent = left > 0 ? `${left} s` : `expired ${-left} s ago`;
  }

  /**
   * Lists one exchange, newest first, and says its outcome in the live line.
   * @param {string} method
   * @param {string} path
   * @param {Record<string, string>} sent the headers this page chose to set
   * @param {Response} res
   * @param {unknown} body
   */
  function record(method, path, sent, res, body) {
    const li = document.createElement("li");
    li.dataset.testid = "pg-exchange";
    const title = document.createElement("strong");
    title.textContent = `${method} ${path} → ${res.status}`;
    const req = document.createElement("pre");
    req.textContent = "Request headers set by this page:\n" +
      (Object.entries(sent).map(([k, v]) => `${k}: ${v}`).join("\n") || "(none)");
    const head = document.createElement("pre");
    head.textContent = "Response headers:\n" + [...res.headers].map(([k, v]) => `${k}: ${v}`).join("\n");
    const out = document.createElement("pre");
    out.dataset.testid = "pg-response-body";
    out.textContent = body === null ? "(no body)" : JSON.stringify(body, null, 2);
    li.append(title, req, head, out);
    part(root, "exchanges").prepend(li);
    part(root, "last").textContent = `${method} ${path} answered ${res.status}.`;
  }

  /**
   * One call, as the learner's own (the inspector lists it under "you"), recorded.
   * @param {string} method
   * @param {string} path
   * @param {unknown} [body]
   * @param {boolean} [withToken] send the access token, when there is one
   * @returns {Promise<import("../../browser/kit.js").Reply>}
   */
  async function call(method, path, body, withToken = true) {
    // No cookies go (send's credentials: "omit"): the API would ignore the session cookie anyway.
    // With a DPoP key every call carries a fresh proof by it, the login and refresh included.
    const reply = await send(method, path, { body, token: withToken ? tokens.access : null, group: "you", dpop: key });
    const shown = Object.fromEntries(Object.entries(reply.sent).filter(([k]) => !k.startsWith("X-Inspector")));
    record(method, path, shown, reply.res, reply.data);
    return reply;
  }

  /** @param {unknown} data a login's or a refresh's answer */
  function keep(data) {
    tokens.access = stringField(data, "access_token") ?? null;
    tokens.refresh = stringField(data, "refresh_token") ?? null;
    showTokens();
  }

  const login = partAs(root, "login", HTMLFormElement);
  login.addEventListener("submit", async (event) => {
    event.preventDefault();
    const form = new FormData(login);
    // RFC 9449: a new key for each sign-in when asked to bind, its private half not extractable.
    key = form.get("dpop") ? await dpopKey() : null;
    const { res, data } = await call("POST", "/api/v1/auth/login",
      { email: form.get("email"), password: form.get("password") }, false);
    if (res.ok) keep(data);
  });
  /** @type {Record<string, () => Promise<unknown>>} */
  const actions = {
    me: () => call("GET", "/api/v1/me"),
    introspect: () => call("GET", "/api/v1/auth/introspect"),
    refresh: async () => {
      const { res, data } = await call("POST", "/api/v1/auth/refresh", { refresh_token: tokens.refresh ?? "" }, false);
      if (res.ok) keep(data);
    },
    // The access token is kept after logout on purpose: try GET /me with it afterwards.
    logout: () => call("POST", "/api/v1/auth/logout", { refresh_token: tokens.refresh }),
    revoke: () => call("POST", "/api/v1/auth/logout", { refresh_token: tokens.refresh, revoke_access: true }),
  };
  for (const button of partsAs(root, "action", HTMLButtonElement)) {
    const action = actions[button.dataset.pg ?? ""];
    if (!action) throw new Error(`no playground action ${JSON.stringify(button.dataset.pg)}`);
    button.addEventListener("click", () => void action());
  }
  setInterval(tick, 1000);
  root.dataset.ready = "true";
}

whenHydrated(() => {
  const root = bind("playground");
  if (root) startPlayground(root);
});
