// @ts-check
// The lab page of "Let another site in without your password", on the partner's origin at
// /learn/let-another-site-in/partner (the partner's second registered redirect URI). It signs in
// through the shop as the partner does — authorization code with PKCE, one step per button — and
// lets the attacker, who saw the code in the address, try it before and after the partner. The
// attacker's tries and the partner's calls are made by this origin's server, which records the
// shop's answers under the lesson's attempt id; the lesson's page reads them back.

import { base64urlEncode, bind, part, partAs, stringField } from "../../../browser/kit.js";

/** The attempt ids the lesson makes (kit's randomId); anything else is not sent anywhere. */
const ATTEMPT = /^[0-9a-f]{16,64}$/;
const ATTEMPT_KEY = "delegation.attempt";
/** The verifier and state, kept for the round trip through the shop only (this tab). */
const PENDING_KEY = "delegation.pending";
/** What the partner asks for: your profile and your cart, not your orders. */
const SCOPE = "profile cart";

/**
 * One request of the lab, as the lab's server reports the shop's answer (server.rs's Event).
 * @typedef {{ request: string, status: number, error?: string, said: string }} LabEvent
 */

/** @typedef {{ verifier: string, state: string }} Pending */

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
 * @param {string} key
 * @returns {unknown}
 */
function kept(key) {
  try {
    return JSON.parse(sessionStorage.getItem(key) ?? "null");
  } catch {
    return null;
  }
}

/**
 * @param {HTMLElement} lab the `[data-lab="delegation-partner"]` section
 * @returns {void}
 */
function startLab(lab) {
  const shop = shopOrigin();
  const redirectUri = `${location.origin}${location.pathname}`;
  const answer = new URLSearchParams(location.search);
  const fromState = (answer.get("state") ?? "").split(".")[0];
  const keptAttempt = kept(ATTEMPT_KEY);
  const attempt = [answer.get("attempt"), fromState, typeof keptAttempt === "string" ? keptAttempt : null]
    .find((a) => a && ATTEMPT.test(a)) ?? null;
  /** @type {{ code: string | null, verifier: string | null, access: string | null, replayed: boolean }} */
  const memory = { code: null, verifier: null, access: null, replayed: false };
  const status = part(lab, "status");
  /** @param {string} name */
  const button = (name) => partAs(lab, name, HTMLButtonElement);
  partAs(lab, "back", HTMLAnchorElement).href = `${shop}/learn/let-another-site-in`;
  partAs(lab, "end", HTMLAnchorElement).href = `${shop}/account`;

  /**
   * @param {string} who
   * @param {string} text
   * @param {number | string} answered
   * @returns {void}
   */
  function log(who, text, answered) {
    const li = document.createElement("li");
    li.dataset.testid = "delegation-step";
    li.dataset.status = String(answered);
    li.textContent = `${who}: ${text} → ${answered}`;
    part(lab, "log").prepend(li);
  }

  /** @param {Record<string, boolean>} on which buttons may be pressed now */
  function enable(on) {
    for (const name of ["guess", "trade", "replay", "me", "orders"]) button(name).disabled = !on[name];
  }

  if (!attempt) {
    button("sign-in").disabled = true;
    status.textContent = "Open this page from the lesson's link: it names the attempt the shop's answers are recorded under.";
    lab.dataset.ready = "true";
    return;
  }
  sessionStorage.setItem(ATTEMPT_KEY, JSON.stringify(attempt));

  /**
   * A step made by this origin's server (the attacker's, or the partner's use of its token), which
   * records the shop's answer for the lesson.
   * @param {string} path
   * @param {object} body
   * @returns {Promise<LabEvent>}
   */
  async function viaServer(path, body) {
    const res = await fetch(`${path}/${attempt}`, {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body), cache: "no-store",
    });
    if (!res.ok) throw new Error(`this site's server answered ${res.status}`);
    return res.json();
  }

  /** @param {LabEvent} e */
  const answerOf = (e) => `${e.status}${e.error ? ` ${e.error}` : ""} (${e.said})`;

  /**
   * Step 1 (RFC 6749 §4.1.1, RFC 7636 §4.1-4.3): a secret verifier and its S256 challenge, and a
   * state that carries the lesson's attempt beside a random part this tab checks on return.
   */
  async function signIn() {
    const verifier = base64urlEncode(crypto.getRandomValues(new Uint8Array(32)));
    const challenge = base64urlEncode(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)));
    const state = `${attempt}.${base64urlEncode(crypto.getRandomValues(new Uint8Array(16)))}`;
    /** @type {Pending} */
    const pending = { verifier, state };
    sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
    const query = new URLSearchParams({
      response_type: "code", client_id: "partner", redirect_uri: redirectUri, scope: SCOPE, state,
      code_challenge: challenge, code_challenge_method: "S256",
    });
    location.assign(`${shop}/oauth/authorize?${query}`);
  }

  /**
   * Back from the shop (RFC 6749 §4.1.2): the answer must name the shop (RFC 9207) and carry this
   * tab's state. The code stays on the page, for the partner and for the attacker who saw it.
   */
  function arrived() {
    history.replaceState(null, "", `${location.pathname}?attempt=${attempt}`);
    const pending = kept(PENDING_KEY);
    sessionStorage.removeItem(PENDING_KEY);
    const state = stringField(pending, "state");
    const verifier = stringField(pending, "verifier");
    if (answer.get("iss") !== shop) {
      status.textContent = `Refused the answer: it names ${answer.get("iss") ?? "no issuer"}, not the shop (${shop}) this page asked (RFC 9207).`;
      return;
    }
    if (!state || !verifier || answer.get("state") !== state) {
      status.textContent = "Refused the answer: its state is not the one this tab sent, so this page did not ask for it.";
      return;
    }
    if (answer.get("error")) {
      status.textContent = `Not signed in: the shop answered ${answer.get("error")} (${answer.get("error_description") ?? ""}).`;
      return;
    }
    memory.code = answer.get("code");
    memory.verifier = verifier;
    part(lab, "code").textContent = memory.code ?? "none";
    status.textContent = "Back with a code, which anyone who saw this address has too. The partner has not traded it yet.";
    enable({ guess: true, trade: true });
  }

  /** The attacker has the code, not the verifier: it sends one of its own (RFC 7636 §4.6). */
  async function guess() {
    const e = await viaServer("/learn/let-another-site-in/attacker", { code: memory.code, replay: false });
    log("Attacker", "POST /oauth/token with the code and a verifier of its own", answerOf(e));
  }

  /** Step 2 (RFC 6749 §4.1.3): the code and the verifier, from this page, for tokens. */
  async function trade() {
    const form = new URLSearchParams({
      grant_type: "authorization_code", client_id: "partner", code: memory.code ?? "",
      redirect_uri: redirectUri, code_verifier: memory.verifier ?? "",
    });
    const res = await fetch(`${shop}/oauth/token`, {
      method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: form, credentials: "omit", cache: "no-store",
    });
    /** @type {unknown} */
    const data = await res.json().catch(() => null);
    log("Partner", "POST /oauth/token with the code and its verifier", res.status);
    const access = stringField(data, "access_token");
    if (!res.ok || !access) {
      status.textContent = `Not signed in: ${stringField(data, "error_description") ?? `the token endpoint answered ${res.status}`}`;
      enable({});
      return;
    }
    memory.access = access;
    memory.replayed = false;
    part(lab, "scope").textContent = stringField(data, "scope") ?? "?";
    const e = await viaServer("/learn/let-another-site-in/check", { step: "signed-in", token: access });
    log("Partner", "GET /api/v1/me with its new access token", answerOf(e));
    status.textContent = "Signed in through the shop. This site's server received a code, never your password.";
    enable({ replay: true, me: true, orders: true });
  }

  /** RFC 6749 §4.1.2: a code presented twice is refused, and what it issued is revoked. */
  async function replay() {
    const e = await viaServer("/learn/let-another-site-in/attacker", { code: memory.code, replay: true });
    memory.replayed = true;
    log("Attacker", "POST /oauth/token with the code the partner already traded", answerOf(e));
    enable({ me: true, orders: true });
  }

  async function me() {
    const step = memory.replayed ? "after-replay" : "after-end";
    const e = await viaServer("/learn/let-another-site-in/check", { step, token: memory.access });
    log("Partner", "GET /api/v1/me with its access token", answerOf(e));
    if (e.status === 401) status.textContent = "The partner's token stopped working. Sign in again to go on.";
  }

  /** RFC 6750 §3.1: a token without the scope an operation needs gets 403 insufficient_scope. */
  async function orders() {
    const e = await viaServer("/learn/let-another-site-in/check", { step: "out-of-scope", token: memory.access });
    log("Partner", "GET /api/v1/orders, which needs the orders scope", answerOf(e));
  }

  /**
   * A button's handler that says in the status line what stopped it.
   * @param {() => Promise<void> | void} action
   * @returns {() => Promise<void>}
   */
  const guarded = (action) => async () => {
    try {
      await action();
    } catch (e) {
      status.textContent = `Could not finish this step: ${e instanceof Error ? e.message : String(e)}.`;
    }
  };
  button("sign-in").addEventListener("click", guarded(signIn));
  button("guess").addEventListener("click", guarded(guess));
  button("trade").addEventListener("click", guarded(trade));
  button("replay").addEventListener("click", guarded(replay));
  button("me").addEventListener("click", guarded(me));
  button("orders").addEventListener("click", guarded(orders));
  if (answer.has("code") || answer.has("error")) arrived();
  lab.dataset.ready = "true";
}

// No Leptos on this page, so nothing to wait for: a module runs once the document is parsed.
const lab = bind("delegation-partner");
if (lab) startLab(lab);
