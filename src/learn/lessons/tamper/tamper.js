// @ts-check
// Lesson 3's entry module ("Tamper with a token"): gets a genuine access token to edit, sends the
// learner's edits and the classic attacks (another sub, alg none, HS256 with the public key, an
// unknown kid, an expired token, a token of another kind) to GET /api/v1/me, and does the same to a
// session id; the shop's introspection says why each is refused.

import {
  base64urlDecode, base64urlEncode, base64urlEncodeText, bind, dpopKey, dpopProof, jwtParts, part, partAs, partsAs,
  problem, send, stringField, whenHydrated,
} from "../../../browser/kit.js";
import { credentials, guarded, labCookieFrom, showGoal, solved } from "../../lab.js";

/** @typedef {import("../../../browser/kit.js").JsonObject} JsonObject */

/**
 * The token the learner started from, and its parts decoded.
 * @typedef {object} Original
 * @property {string} token
 * @property {JsonObject} header
 * @property {JsonObject} payload
 * @property {string} signature
 */

/**
 * A compact JWS from its parts, the signature as given (base64url, or "" for none).
 * @param {JsonObject} header
 * @param {JsonObject} payload
 * @param {string} signature
 * @returns {string}
 */
const assemble = (header, payload, signature) =>
  `${base64urlEncodeText(JSON.stringify(header))}.${base64urlEncodeText(JSON.stringify(payload))}.${signature}`;

/**
 * Parses a textarea's JSON, which must be an object to be a JWT's header or payload.
 * @param {string} text
 * @returns {JsonObject}
 */
function jsonObject(text) {
  /** @type {unknown} */
  const value = JSON.parse(text);
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error("not a JSON object");
  return /** @type {JsonObject} */ (value);
}

/**
 * @param {HTMLElement} demo the `[data-lab="tamper"]` panel
 * @returns {void}
 */
function startTamper(demo) {
  const headerBox = partAs(demo, "header", HTMLTextAreaElement);
  const payloadBox = partAs(demo, "payload", HTMLTextAreaElement);
  const signatureBox = partAs(demo, "signature", HTMLInputElement);
  const results = part(demo, "results");
  const cookieResults = part(demo, "cookie-results");
  /** @type {Map<string, string>} the reasons the shop gave for refusing a changed token, with its sentence */
  const reasons = new Map();
  /** @type {Set<string>} the attack buttons the learner tried */
  const tried = new Set();
  const tally = part(demo, "tally");
  const needed = Number(tally.dataset.needed);
  /** @type {Original | null} */
  let original = null;
  let cookieRefused = false;

  /**
   * Logs one outcome into `list`.
   * @param {HTMLElement} list
   * @param {string} text
   * @param {number} status
   * @param {string} [reason] the introspection's reason, for the tests and the reader alike
   */
  const step = (list, text, status, reason) => {
    const li = document.createElement("li");
    li.dataset.testid = "tamper-result";
    li.dataset.status = String(status);
    if (reason) li.dataset.reason = reason;
    li.textContent = `${text} → ${status}`;
    list.append(li);
  };

  /** Shows which refusals the learner has met, and what is still missing for the goal. */
  function showTally() {
    const items = [...reasons].map(([reason, said]) => `${reason.replaceAll("_", " ")}: ${said}`);
    if (cookieRefused) items.push("an edited session id: refused (401), no record has it");
    part(tally, "tally-list").replaceChildren(...items.map((text) => {
      const li = document.createElement("li");
      li.textContent = text;
      return li;
    }));
    /** @type {string[]} */
    const missing = [];
    if (reasons.size < needed) {
      const untried = partsAs(demo, "preset", HTMLButtonElement)
        .filter((b) => !tried.has(b.dataset.preset ?? "")).map((b) => `“${b.textContent}”`);
      const more = needed - reasons.size;
      missing.push(`${more} more kind${more === 1 ? "" : "s"} of refused token`
        + (untried.length ? ` (not tried yet: ${untried.join(", ")})` : " (edit the header or payload your own way)"));
    }
    if (!cookieRefused) missing.push("an edited session id (the button below)");
    part(tally, "tally-next").textContent = missing.length
      ? `${Math.min(reasons.size, needed)} of ${needed} kinds of refused token met. Still to meet: ${missing.join("; and ")}.`
      : `${reasons.size} kinds of refused token met, and an edited session id: that is why nobody can reach the goal as written.`;
  }

  function checkGoal() {
    showTally();
    if (reasons.size >= needed && cookieRefused) {
      solved(`${reasons.size} kinds of changed token and an edited session id, every one refused: only the holder of the private key can sign, and the shop accepts one algorithm`);
    }
  }

  /**
   * @param {string} label
   * @param {string} token
   */
  async function sendToken(label, token) {
    const me = await send("GET", "/api/v1/me", { token });
    const seen = await send("GET", "/api/v1/auth/introspect", { token });
    const reason = me.status === 200 ? "accepted" : stringField(seen.data, "reason") ?? "refused";
    if (me.status !== 200 && !reasons.has(reason)) reasons.set(reason, problem(me));
    step(results, `${label}: ${me.status === 200 ? "accepted, as " + (stringField(me.data, "email") ?? "") : problem(me)}`, me.status, reason);
    checkGoal();
  }

  /** @param {string} token shows a token's parts in the editor; left as it was when it has none */
  function show(token) {
    try {
      const { header, payload, signature } = jwtParts(token);
      headerBox.value = JSON.stringify(header, null, 2);
      payloadBox.value = JSON.stringify(payload, null, 2);
      signatureBox.value = signature;
    } catch {
      // Not a JWT (a sample the shop did not give): it is sent as it is, and the log says so.
    }
  }

  part(demo, "get").addEventListener("click", guarded(demo, async () => {
    const login = await send("POST", "/api/v1/auth/login", { body: await credentials() });
    const token = stringField(login.data, "access_token");
    if (login.status !== 200 || !token) {
      step(results, `sign in: ${problem(login)}`, login.status);
      return;
    }
    original = { token, ...jwtParts(token) };
    show(token);
    demo.dataset.ready = "token";
  }));

  part(demo, "send").addEventListener("click", guarded(demo, async () => {
    if (!original) return step(results, "First get a token to change", 0);
    let token;
    try {
      token = assemble(jsonObject(headerBox.value), jsonObject(payloadBox.value), signatureBox.value.trim());
    } catch (e) {
      return step(results, `That is not JSON any more (${e instanceof Error ? e.message : String(e)}); fix it and send again`, 0);
    }
    await sendToken(token === original.token ? "Unchanged" : "Your edit", token);
  }));

  /**
   * The "public key as HMAC secret" attack: HS256 keyed with the raw bytes of the shop's published
   * Ed25519 key (the JWK's `x`), for a server that would let the token pick its algorithm.
   * @param {Original} from
   * @param {JsonObject} header
   * @param {JsonObject} payload
   * @returns {Promise<string>}
   */
  async function hs256WithPublicKey(from, header, payload) {
    const jwks = await send("GET", "/.well-known/jwks.json");
    /** @type {{ kid?: string, x?: string }[]} */
    const keys = Array.isArray(jwks.data?.keys) ? jwks.data.keys : [];
    const key = keys.find((k) => k.kid === from.header.kid) ?? keys[0];
    // A copy, so the bytes sit in a plain ArrayBuffer as WebCrypto's types ask.
    const secret = new Uint8Array(base64urlDecode(key?.x ?? ""));
    const hmac = await crypto.subtle.importKey("raw", secret, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    const signingInput = assemble(header, payload, "").slice(0, -1);
    const mac = await crypto.subtle.sign("HMAC", hmac, new TextEncoder().encode(signingInput));
    return `${signingInput}.${base64urlEncode(mac)}`;
  }

  /** @type {Record<string, (from: Original) => Promise<[string, string]>>} each attack: its label and its token */
  const presets = {
    sub: async (o) => ["Someone else's sub, old signature", assemble(o.header, { ...o.payload, sub: String(Number(o.payload.sub) + 1) }, o.signature)],
    "alg-none": async (o) => ["alg: none, no signature", assemble({ ...o.header, alg: "none" }, o.payload, "")],
    hs256: async (o) => ["HS256 signed with the public key", await hs256WithPublicKey(o, { ...o.header, alg: "HS256" }, o.payload)],
    kid: async (o) => ["kid: attackers-own-key", assemble({ ...o.header, kid: "attackers-own-key" }, o.payload, o.signature)],
    expired: async (o) => {
      const samples = await send("POST", "/learn/lab/token-samples", { token: o.token });
      return ["A genuine token, expired a minute ago", stringField(samples.data, "expired") ?? ""];
    },
    "wrong-kind": async (o) => {
      const samples = await send("POST", "/learn/lab/token-samples", { token: o.token });
      return ["A genuine Cart-Token as an access token", stringField(samples.data, "cart") ?? ""];
    },
  };
  for (const button of partsAs(demo, "preset", HTMLButtonElement)) {
    const preset = presets[button.dataset.preset ?? ""];
    if (!preset) throw new Error(`no tamper preset ${JSON.stringify(button.dataset.preset)}`);
    button.addEventListener("click", guarded(demo, async () => {
      if (!original) return step(results, "First get a token to change", 0);
      tried.add(button.dataset.preset ?? "");
      const [label, token] = await preset(original);
      show(token);
      await sendToken(label, token);
    }));
  }

  part(demo, "cookie").addEventListener("click", guarded(demo, async () => {
    cookieResults.replaceChildren();
    const login = await send("POST", "/learn/lab/cookie/login", { body: await credentials() });
    const cookie = labCookieFrom(login.res, null);
    step(cookieResults, `Sign in by the pages: the session id is ${cookie ? cookie.split("=")[1] : "(none)"}`, login.status);
    if (!cookie) return;
    const [name, id] = cookie.split("=");
    const flipped = id.slice(0, -1) + (id.endsWith("A") ? "B" : "A");
    const guessed = base64urlEncode(crypto.getRandomValues(new Uint8Array(16)));
    const real = await send("GET", "/learn/lab/cookie/whoami", { labCookie: cookie });
    step(cookieResults, `The real id: ${stringField(real.data, "detail") ?? ""}`, real.status);
    const edited = await send("GET", "/learn/lab/cookie/whoami", { labCookie: `${name}=${flipped}` });
    step(cookieResults, `One character changed (${flipped}): ${stringField(edited.data, "detail") ?? ""}`, edited.status);
    const guess = await send("GET", "/learn/lab/cookie/whoami", { labCookie: `${name}=${guessed}` });
    step(cookieResults, `A guessed id (${guessed}), one of 2^128: ${stringField(guess.data, "detail") ?? ""}`, guess.status);
    cookieRefused = edited.status === 401 && guess.status === 401;
    checkGoal();
  }));
  startBound(demo);
  demo.dataset.ready = "true";
}

/**
 * A token bound to a key by DPoP (RFC 9449), and the proofs to break: each preset changes one
 * thing of a proof that would be accepted, and the shop says which check of §4.3 refused it.
 * @param {HTMLElement} demo the `[data-lab="tamper"]` panel
 * @returns {void}
 */
function startBound(demo) {
  const results = part(demo, "dpop-results");
  /** @type {{ key: import("../../../browser/kit.js").DpopKey, token: string } | null} */
  let bound = null;
  const me = new URL("/api/v1/me", location.href).href;
  /**
   * @param {string} label
   * @param {Record<string, string>} headers
   */
  const sendWith = async (label, headers) => {
    const res = await fetch(me, { headers, credentials: "omit", cache: "no-store" });
    const data = await res.json().catch(() => null);
    const error = /error="([^"]+)"/.exec(res.headers.get("WWW-Authenticate") ?? "")?.[1];
    const li = document.createElement("li");
    li.dataset.testid = "tamper-dpop-result";
    li.dataset.status = String(res.status);
    if (error) li.dataset.error = error;
    li.textContent = `${label}: ${res.status === 200 ? "accepted" : problem({ status: res.status, data })}${error ? ` (${error})` : ""} → ${res.status}`;
    results.append(li);
  };
  /** @type {Record<string, (b: { key: import("../../../browser/kit.js").DpopKey, token: string }) => Promise<[string, Record<string, string>]>>} */
  const presets = {
    fresh: async (b) => ["A fresh proof by the token's key", { Authorization: `DPoP ${b.token}`, DPoP: await dpopProof(b.key, "GET", me, b.token) }],
    url: async (b) => ["A proof made for another URL (htu)", { Authorization: `DPoP ${b.token}`, DPoP: await dpopProof(b.key, "GET", new URL("/api/v1/cart", me).href, b.token) }],
    method: async (b) => ["A proof made for another method (htm)", { Authorization: `DPoP ${b.token}`, DPoP: await dpopProof(b.key, "POST", me, b.token) }],
    old: async (b) => ["A proof made five minutes ago (iat)", {
      Authorization: `DPoP ${b.token}`,
      DPoP: await dpopProof(b.key, "GET", me, b.token, (c) => { c.iat = Math.floor(Date.now() / 1000) - 300; }),
    }],
    replayed: async (b) => {
      const proof = await dpopProof(b.key, "GET", me, b.token);
      await fetch(me, { headers: { Authorization: `DPoP ${b.token}`, DPoP: proof }, credentials: "omit", cache: "no-store" });
      return ["The same proof a second time (jti)", { Authorization: `DPoP ${b.token}`, DPoP: proof }];
    },
    "other-key": async (b) => ["A proof signed by another key than cnf.jkt", { Authorization: `DPoP ${b.token}`, DPoP: await dpopProof(await dpopKey(), "GET", me, b.token) }],
    "no-ath": async (b) => ["A proof without the token's hash (ath)", {
      Authorization: `DPoP ${b.token}`,
      DPoP: await dpopProof(b.key, "GET", me, b.token, (c) => { delete c.ath; }),
    }],
    bearer: async (b) => ["The bound token sent as Bearer", { Authorization: `Bearer ${b.token}` }],
  };
  part(demo, "dpop-get").addEventListener("click", guarded(demo, async () => {
    const key = await dpopKey();
    const login = await send("POST", "/api/v1/auth/login", { body: await credentials(), dpop: key });
    const token = stringField(login.data, "access_token");
    const li = document.createElement("li");
    li.dataset.testid = "tamper-dpop-result";
    li.dataset.status = String(login.status);
    li.textContent = `Sign in with a proof: ${login.status === 200 ? `token_type ${stringField(login.data, "token_type") ?? "?"}, cnf.jkt ${stringField(jwtParts(token ?? "").payload.cnf, "jkt") ?? "?"}` : problem(login)} → ${login.status}`;
    results.replaceChildren(li);
    bound = login.status === 200 && token ? { key, token } : null;
  }));
  for (const button of partsAs(demo, "dpop-preset", HTMLButtonElement)) {
    const preset = presets[button.dataset.preset ?? ""];
    if (!preset) throw new Error(`no DPoP preset ${JSON.stringify(button.dataset.preset)}`);
    button.addEventListener("click", guarded(demo, async () => {
      if (!bound) {
        results.textContent = "First get a DPoP-bound token (the button above).";
        return;
      }
      const [label, headers] = await preset(bound);
      await sendWith(label, headers);
    }));
  }
}

whenHydrated(() => {
  showGoal();
  const demo = bind("tamper");
  if (demo) startTamper(demo);
});
