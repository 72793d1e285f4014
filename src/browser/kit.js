// @ts-check
// The one small toolkit every hand-written browser script imports: the Learn labs, the API
// playground and the partner site. It owns base64url and a JWT's parts, how times read (kept
// identical to src/domain/time_fmt.rs, checked against src/browser/cases.json), finding a page's
// elements by their data-lab attributes, waiting for hydration, and the one way a script calls the
// shop. Importing it does nothing: no globals, no listeners, no timers.

// ---------------------------------------------------------------------------------------------
// base64url (RFC 4648 §5, unpadded, as JOSE uses it): the only decoder in the codebase, so a
// token shown by a lab and a token verified by the partner site are read the same way.

const BASE64URL = /^[A-Za-z0-9_-]*$/;

/**
 * Decodes unpadded base64url. Throws on anything else (standard base64's `+`, `/` or `=`, or a
 * length no encoder produces), since a lab that shows a tampered token must not quietly repair it.
 * @param {string} text
 * @returns {Uint8Array}
 */
export function base64urlDecode(text) {
  if (!BASE64URL.test(text) || text.length % 4 === 1) {
    throw new Error(`not base64url: ${JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text)}`);
  }
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/") + "==".slice(0, (4 - (text.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/**
 * Decodes base64url to UTF-8 text. Invalid UTF-8 throws rather than turning into U+FFFD, so a
 * claim is never shown with characters the token does not hold.
 * @param {string} text
 * @returns {string}
 */
export function base64urlDecodeText(text) {
  return new TextDecoder("utf-8", { fatal: true }).decode(base64urlDecode(text));
}

/**
 * Encodes bytes as unpadded base64url.
 * @param {Uint8Array | ArrayBuffer} bytes
 * @returns {string}
 */
export function base64urlEncode(bytes) {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  // A loop, not String.fromCharCode(...view): spreading a large buffer overflows the call stack.
  let binary = "";
  for (const byte of view) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/**
 * Encodes text (as UTF-8) as unpadded base64url.
 * @param {string} text
 * @returns {string}
 */
export function base64urlEncodeText(text) {
  return base64urlEncode(new TextEncoder().encode(text));
}

// ---------------------------------------------------------------------------------------------
// JWTs, read without a key: what the labs show and what the partner checks before verifying.

/**
 * A parsed JSON object. Its values are `unknown` because a token's payload is whatever its sender
 * wrote (the tamper lab writes it by hand): read them with `numberField` / `stringField`.
 * @typedef {Record<string, unknown>} JsonObject
 */

/**
 * @typedef {object} JwtParts
 * @property {JsonObject} header the JOSE header, decoded and parsed
 * @property {JsonObject} payload the claims, decoded and parsed
 * @property {string} signature the third part exactly as in the token (still base64url)
 */

/**
 * Splits a compact JWS into its header, payload and signature. Throws an Error saying which part
 * is wrong when the token is not three dot-separated parts whose first two are base64url JSON
 * objects; the signature is not checked, nor even decoded.
 * @param {string} token
 * @returns {JwtParts}
 */
export function jwtParts(token) {
  const pieces = token.split(".");
  if (pieces.length !== 3) {
    throw new Error(`not a JWT: ${pieces.length} part${pieces.length === 1 ? "" : "s"} where a JWT has 3 (header.payload.signature)`);
  }
  const [header, payload, signature] = pieces;
  return { header: jsonPart(header, "header"), payload: jsonPart(payload, "payload"), signature };
}

/**
 * @param {string} part
 * @param {string} name
 * @returns {JsonObject}
 */
function jsonPart(part, name) {
  /** @type {unknown} */
  let value;
  try {
    value = JSON.parse(base64urlDecodeText(part));
  } catch (e) {
    throw new Error(`not a JWT: its ${name} is not base64url-encoded JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  if (!isJsonObject(value)) throw new Error(`not a JWT: its ${name} is JSON but not an object`);
  return value;
}

/**
 * @param {unknown} value
 * @returns {value is JsonObject}
 */
function isJsonObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * `object[key]` when `object` is a JSON object and that value is a finite number, else undefined:
 * how a script reads a claim (`exp`, `iat`) or a reply's field without a type cast.
 * @param {unknown} object
 * @param {string} key
 * @returns {number | undefined}
 */
export function numberField(object, key) {
  const value = isJsonObject(object) ? object[key] : undefined;
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/**
 * `object[key]` when `object` is a JSON object and that value is a string, else undefined.
 * @param {unknown} object
 * @param {string} key
 * @returns {string | undefined}
 */
export function stringField(object, key) {
  const value = isJsonObject(object) ? object[key] : undefined;
  return typeof value === "string" ? value : undefined;
}

// ---------------------------------------------------------------------------------------------
// Times as people read them. humanDuration must say exactly what the Rust human_duration says
// (the same page can show both); src/browser/cases.json is the table both are tested against.

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86_400;

/**
 * Whole seconds, never negative: a countdown computed from two clocks can be a little off either way.
 * @param {number} secs
 * @returns {number}
 */
function wholeSeconds(secs) {
  // NaN would otherwise print as "NaN s": a missing claim is the caller's bug, so say so.
  if (!Number.isFinite(secs)) throw new RangeError(`not a number of seconds: ${secs}`);
  return Math.max(0, Math.round(secs));
}

/**
 * @param {number} n
 * @param {string} unit
 * @returns {string}
 */
const plural = (n, unit) => `${n} ${unit}${n === 1 ? "" : "s"}`;

/**
 * A span of time as people say it: "45 s", "15 min", "14 min 59 s", "2 h", "2 h 30 min",
 * "1 day", "14 days", "1 day and 3 h". Rounded to whole seconds; below 0 reads as "0 s".
 * Throws a RangeError for NaN or an infinity.
 * @param {number} secs
 * @returns {string}
 */
export function humanDuration(secs) {
  const s = wholeSeconds(secs);
  if (s < MINUTE) return `${s} s`;
  if (s < HOUR) return s % MINUTE ? `${Math.floor(s / MINUTE)} min ${s % MINUTE} s` : `${s / MINUTE} min`;
  if (s < DAY) return s % HOUR ? `${Math.floor(s / HOUR)} h ${Math.floor((s % HOUR) / MINUTE)} min` : `${s / HOUR} h`;
  const days = plural(Math.floor(s / DAY), "day");
  return s % DAY ? `${days} and ${Math.floor((s % DAY) / HOUR)} h` : days;
}

/**
 * A ticking countdown: below a day it keeps its seconds at every scale ("1 h 2 min 3 s",
 * "14 min 59 s", "45 s") so the reader sees it move; from a day on, as `humanDuration`.
 * @param {number} secs
 * @returns {string}
 */
export function countdown(secs) {
  const s = wholeSeconds(secs);
  if (s < MINUTE || s >= DAY) return humanDuration(s);
  const h = Math.floor(s / HOUR);
  const m = Math.floor((s % HOUR) / MINUTE);
  return h ? `${h} h ${m} min ${s % MINUTE} s` : `${m} min ${s % MINUTE} s`;
}

/**
 * A moment as a clock shows it, in this browser's time zone: "at 14:05:31". en-GB with hourCycle
 * h23, so it is 24-hour everywhere (hour12: false alone can print midnight as "24:00:00").
 * @param {number} unix seconds since the epoch, as in a JWT's `exp`
 * @param {string} [timeZone] an IANA zone; the browser's own when left out (tests pass "UTC")
 * @returns {string}
 */
export function clock(unix, timeZone) {
  const time = new Date(unix * 1000).toLocaleTimeString("en-GB", {
    hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23", timeZone,
  });
  return `at ${time}`;
}

/**
 * A date and time nobody can misread whatever their locale: "5 Dec 2026, 14:05" (day, short
 * month, year, 24-hour time), in this browser's time zone. Assembled from Intl's parts so the
 * layout is fixed even where a browser's en-GB pattern differs (e.g. "5 Dec 2026 at 14:05").
 * @param {number} ms milliseconds since the epoch, as Date.now() gives
 * @param {string} [timeZone] an IANA zone; the browser's own when left out (tests pass "UTC")
 * @returns {string}
 */
export function formatDate(ms, timeZone) {
  const parts = new Intl.DateTimeFormat("en-GB", {
    day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone,
  }).formatToParts(new Date(ms));
  /** @param {Intl.DateTimeFormatPartTypes} type */
  const get = (type) => parts.find((p) => p.type === type)?.value ?? "";
  return `${get("day")} ${get("month")} ${get("year")}, ${get("hour")}:${get("minute")}`;
}

// ---------------------------------------------------------------------------------------------
// Finding elements. Scripts find what they drive by data-lab="<name>" (a lab's root) and
// data-lab-part="<name>" (an element inside it); data-testid is the tests' alone, so renaming a
// test id never breaks a page, and a script never reads one.

const NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * An attribute selector for a lowercase-kebab name; any other name throws, which both keeps the
 * selector safe without CSS.escape and keeps the names greppable between Rust and JS.
 * @param {string} attribute
 * @param {string} name
 * @returns {string}
 */
function byName(attribute, name) {
  if (!NAME.test(name)) throw new Error(`${attribute} names are lowercase-kebab-case, not ${JSON.stringify(name)}`);
  return `[${attribute}="${name}"]`;
}

/**
 * An element's constructor, such as HTMLInputElement: what `partAs` checks a part against.
 * @template {Element} T
 * @typedef {{ new (): T, prototype: T }} ElementType
 */

/**
 * The page's `[data-lab="<name>"]`, once: marks it `data-bound="true"` and returns it; null when
 * the page has none or a script already bound it, so a script loaded twice starts its lab once.
 * @param {string} name
 * @returns {HTMLElement | null}
 */
export function bind(name) {
  const el = document.querySelector(byName("data-lab", name));
  if (!(el instanceof HTMLElement) || el.dataset.bound === "true") return null;
  el.dataset.bound = "true";
  return el;
}

/**
 * Says where a part was looked for, for error messages.
 * @param {ParentNode} root
 * @returns {string}
 */
function where(root) {
  if (root instanceof HTMLElement && root.dataset.lab) return `[data-lab="${root.dataset.lab}"]`;
  return root instanceof Element ? `<${root.localName}>` : "the document";
}

/**
 * The `[data-lab-part="<name>"]` inside `root`, checked to be a `type` (HTMLButtonElement,
 * HTMLInputElement, HTMLTextAreaElement, …) so the caller gets that type without a cast.
 * Throws an Error naming the part when it is missing or of another kind: a lab whose page lost a
 * part is broken, and should say which part at once rather than fail later on a null.
 * @template {Element} T
 * @param {ParentNode} root
 * @param {string} name
 * @param {ElementType<T>} type
 * @returns {T}
 */
export function partAs(root, name, type) {
  const el = root.querySelector(byName("data-lab-part", name));
  if (!el) throw new Error(`missing part [data-lab-part="${name}"] in ${where(root)}`);
  if (!(el instanceof type)) {
    throw new Error(`part [data-lab-part="${name}"] in ${where(root)} is a <${el.localName}>, not the ${type.name} the script expects`);
  }
  return el;
}

/**
 * The `[data-lab-part="<name>"]` inside `root`; throws an Error naming the part when it is missing.
 * @param {ParentNode} root
 * @param {string} name
 * @returns {HTMLElement}
 */
export function part(root, name) {
  return partAs(root, name, HTMLElement);
}

/**
 * Every `[data-lab-part="<name>"]` inside `root`, each checked to be a `type`; may be empty.
 * Throws an Error when one is of another kind.
 * @template {Element} T
 * @param {ParentNode} root
 * @param {string} name
 * @param {ElementType<T>} type
 * @returns {T[]}
 */
export function partsAs(root, name, type) {
  return Array.from(root.querySelectorAll(byName("data-lab-part", name)), (el) => {
    if (!(el instanceof type)) {
      throw new Error(`part [data-lab-part="${name}"] in ${where(root)} is a <${el.localName}>, not the ${type.name} the script expects`);
    }
    return el;
  });
}

/**
 * Every `[data-lab-part="<name>"]` inside `root`, as HTMLElements; may be empty.
 * @param {ParentNode} root
 * @param {string} name
 * @returns {HTMLElement[]}
 */
export function parts(root, name) {
  return partsAs(root, name, HTMLElement);
}

/**
 * Runs `fn` once the page has hydrated (at once if it already has): Leptos sets
 * `<body data-hydrated="true">` when its last island is live, and a script that touched the DOM
 * before that would race it.
 * @param {() => void} fn
 * @returns {void}
 */
export function whenHydrated(fn) {
  const body = document.body;
  if (body.dataset.hydrated === "true") {
    fn();
    return;
  }
  new MutationObserver((_, observer) => {
    if (body.dataset.hydrated === "true") {
      observer.disconnect();
      fn();
    }
  }).observe(body, { attributes: true, attributeFilter: ["data-hydrated"] });
}

// ---------------------------------------------------------------------------------------------
// Calling the shop.

/**
 * @typedef {object} SendOptions
 * @property {unknown} [body] sent as JSON when given (even null); no body when left out
 * @property {string | null} [token] an access token, sent as `Authorization: Bearer`
 * @property {string | null} [cartToken] a guest cart's token, sent as `Cart-Token`
 * @property {string | null} [labCookie] the lab's own cookie jar (`name=value`), sent as `X-Lab-Cookie`
 * @property {"lab" | "you"} [group] how the inspector lists the request: a lab's own ("lab", the
 *   default) or the learner's ("you": the playground, lesson 1's API call)
 * @property {string} [base] an origin to prefix to `path` ("https://shop.example"), for a page
 *   served from another origin than the shop's
 * @property {DpopKey | null} [dpop] the client's DPoP key: every request then carries a fresh proof
 *   by it, and `token` goes as `Authorization: DPoP` (RFC 9449)
 */

// ---------------------------------------------------------------------------------------------
// DPoP (RFC 9449): a key pair the page makes with WebCrypto, whose private half the page itself
// cannot export (`extractable: false`): a script can ask it to sign, never take it away.

/**
 * A client's DPoP key, and the last nonce the shop gave it (RFC 9449 §8).
 * @typedef {object} DpopKey
 * @property {CryptoKeyPair} pair
 * @property {JsonWebKey} jwk the public half, as every proof's header carries it
 * @property {string | null} nonce
 */

/**
 * A new ES256 key pair for DPoP; the private key is not extractable.
 * @returns {Promise<DpopKey>}
 */
export async function dpopKey() {
  const pair = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, false, ["sign", "verify"]);
  const { kty, crv, x, y } = await crypto.subtle.exportKey("jwk", pair.publicKey);
  return { pair, jwk: { kty, crv, x, y }, nonce: null };
}

/**
 * One DPoP proof (RFC 9449 §4.2) for `method` `url` (its query and fragment left out), with `ath`
 * when it goes with an access token, and the shop's nonce when it gave one.
 * @param {DpopKey} key
 * @param {string} method
 * @param {string} url absolute
 * @param {string | null} [accessToken]
 * @param {(claims: Record<string, unknown>) => void} [edit] changes the claims before signing (the
 *   tamper lab's broken proofs)
 * @returns {Promise<string>}
 */
export async function dpopProof(key, method, url, accessToken, edit) {
  const u = new URL(url);
  /** @type {Record<string, unknown>} */
  const claims = {
    jti: randomId(),
    htm: method,
    htu: `${u.origin}${u.pathname}`,
    iat: Math.floor(Date.now() / 1000),
  };
  if (accessToken) {
    claims.ath = base64urlEncode(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(accessToken)));
  }
  if (key.nonce) claims.nonce = key.nonce;
  edit?.(claims);
  const input = `${base64urlEncodeText(JSON.stringify({ typ: "dpop+jwt", alg: "ES256", jwk: key.jwk }))}.${base64urlEncodeText(JSON.stringify(claims))}`;
  // WebCrypto's ECDSA signature is r and s side by side, as JWS's ES256 wants it (RFC 7518 §3.4).
  const signature = await crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, key.pair.privateKey, new TextEncoder().encode(input));
  return `${input}.${base64urlEncode(signature)}`;
}

/**
 * Whether a reply asks for a new nonce (RFC 9449 §8): a 401 with `DPoP error="use_dpop_nonce"`,
 * or a token endpoint's 400 `use_dpop_nonce`. Keeps the nonce it carries on `key`.
 * @param {DpopKey} key
 * @param {Response} res
 * @param {unknown} data
 * @returns {boolean}
 */
export function tookNonce(key, res, data) {
  const nonce = res.headers.get("DPoP-Nonce");
  if (nonce) key.nonce = nonce;
  const asked = (res.headers.get("WWW-Authenticate") ?? "").includes("use_dpop_nonce") || stringField(data, "error") === "use_dpop_nonce";
  return Boolean(nonce) && asked;
}

/**
 * What the shop answered.
 * @typedef {object} Reply
 * @property {number} status
 * @property {any} data the parsed JSON body, or null when there was none or it was not JSON. `any`
 *   as from `Response.json()`: it is whatever the server sent, so a caller either reads it through
 *   `numberField` / `stringField`, or assigns it to a variable annotated with the reply's
 *   documented shape (from `any` that needs no cast)
 * @property {Response} res the response itself, for its headers
 * @property {Record<string, string>} sent the headers this page set on the request (a DPoP proof
 *   included), as the playground shows them
 */

/**
 * The inspector's id for this browser, when it turned the inspector on: API calls carry no
 * cookies, so the scripts name the browser in a header instead (see src/learn/inspector).
 * @returns {string | null}
 */
function inspectorId() {
  const m = document.cookie.match(/(?:^|;\s*)tokenshop_inspector=([^;]+)/);
  return m ? m[1] : null;
}

/**
 * Sends one request the way every demo does: with no cookies (`credentials: "omit"`: the API
 * ignores them, and the labs bring their own jar in X-Lab-Cookie), never from the HTTP cache, with
 * only the credentials named in `options`. Never throws for an HTTP error status, only when the
 * request could not be made at all (network, CORS).
 * @param {string} method
 * @param {string} path an absolute path ("/api/v1/me"), prefixed with `options.base` when given
 * @param {SendOptions} [options]
 * @returns {Promise<Reply>}
 */
export async function send(method, path, { body, token, cartToken, labCookie, group = "lab", base, dpop } = {}) {
  /** @type {Record<string, string>} */
  const headers = {};
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (token) headers.Authorization = `${dpop ? "DPoP" : "Bearer"} ${token}`;
  if (cartToken) headers["Cart-Token"] = cartToken;
  if (labCookie) headers["X-Lab-Cookie"] = labCookie;
  // Only to this page's own origin: the inspector lives there, and the shop's CORS policy does not
  // allow these headers, so sending them across origins would fail the preflight.
  const id = !base || base === location.origin ? inspectorId() : null;
  if (id) {
    headers["X-Inspector"] = id;
    headers["X-Inspector-Group"] = group;
  }
  const url = new URL(`${base ?? ""}${path}`, location.href).href;
  // With a DPoP key: a fresh proof each time, and once more with the shop's nonce if it asks.
  for (let attempt = 0; ; attempt++) {
    if (dpop) headers.DPoP = await dpopProof(dpop, method, url, token);
    const res = await fetch(url, {
      method, headers, credentials: "omit", cache: "no-store",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    let data = null;
    try {
      data = await res.json();
    } catch {
      // No body, or not JSON: data stays null.
    }
    if (dpop && attempt === 0 && tookNonce(dpop, res, data)) continue;
    return { status: res.status, data, res, sent: { ...headers } };
  }
}

/**
 * A reply in words for a lab's log: a problem document's detail sentence (RFC 9457), or its
 * title, never its type URI; "accepted" for a 200 without one, else "HTTP <status>".
 * @param {Pick<Reply, "status" | "data">} reply
 * @returns {string}
 */
export function problem(reply) {
  return stringField(reply.data, "detail") ?? stringField(reply.data, "title")
    ?? (reply.status === 200 ? "accepted" : `HTTP ${reply.status}`);
}

/**
 * A fresh random name (128 bits, as 32 lowercase hex characters) for one run of a lab, which its
 * server side records under: unguessable, so one learner cannot read another's run.
 * @returns {string}
 */
export function randomId() {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
}
