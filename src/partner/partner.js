// @ts-check
// The partner site's page (page.html, on the partner origin): uses Tokenshop only through its JSON
// API, with tokens kept in this page's memory and a guest cart carried by a Cart-Token. It signs in
// through the shop (OAuth 2.1's authorization code flow with PKCE): it never sees a password. The
// access token is verified here with the shop's JWKS and WebCrypto, never by asking the shop. It
// also shows which cookies travel, and says whether the forged form of section 5 is on the shop's
// site. The steps are the lesson, so each names the RFC section it follows.

import { base64urlDecode, base64urlEncode, bind, dpopKey, dpopProof, jwtParts, numberField, part, partAs, send, stringField, tookNonce } from "../browser/kit.js";

/** @typedef {import("../browser/kit.js").Reply} Reply */

/**
 * A key of the shop's JWKS, as much of it as this page reads.
 * @typedef {{ kid: string, x: string }} Jwk
 */

/** @typedef {{ keys: Jwk[] }} Jwks */

/**
 * A cart as the API returns it.
 * @typedef {object} Cart
 * @property {number} item_count
 * @property {string} owner "guest" or "user"
 * @property {string} total
 * @property {{ quantity: number, name: string }[]} lines
 */

/**
 * A product as the API lists it.
 * @typedef {{ id: number, slug: string, name: string, price: string, image_url: string }} Product
 */

/**
 * What this page keeps for the round trip through the shop, and only for it (sessionStorage, this
 * tab): the PKCE verifier, the state, and the guest cart's token to merge once signed in.
 * @typedef {{ verifier: string, state: string, cartToken: string | null }} Pending
 */

/**
 * What this page holds, in memory only.
 * @typedef {object} State
 * @property {string | null} access
 * @property {string | null} refresh
 * @property {string | null} cartToken a guest cart's token, until a login merges the cart
 * @property {number | null} exp the access token's `exp`
 * @property {Jwks | null} jwks the shop's keys, as last fetched
 * @property {import("../browser/kit.js").DpopKey | null} dpop the key the tokens are bound to
 *   (RFC 9449): made at sign-in with WebCrypto, its private half not extractable, kept in memory
 *   only, like the tokens
 */

const PENDING = "partner.pending-sign-in";
/** What this site asks the shop for: the scopes it needs, and no more. */
const SCOPE = "profile cart";

/**
 * What the server wrote into the page's `<meta name="…">`: the shop's origin, its session
 * cookie's name, the partner's configured origin.
 * @param {string} name
 * @returns {string}
 */
function meta(name) {
  const el = document.querySelector(`meta[name="${name}"]`);
  if (!(el instanceof HTMLMetaElement) || !el.content) throw new Error(`the page names no ${name}`);
  return el.content;
}

/**
 * The names of the cookies this origin's own server received with a request (fetch sends this
 * origin's cookies by default): what the browser actually sent here.
 * @returns {Promise<string[]>}
 */
async function receivedHere() {
  /** @type {unknown} */
  const names = await (await fetch("/received-cookies", { cache: "no-store" })).json();
  return Array.isArray(names) ? names.filter((n) => typeof n === "string") : [];
}

/**
 * @param {HTMLElement} page the `[data-lab="partner"]` body
 * @returns {void}
 */
function startPartner(page) {
  const shop = meta("shop-origin");
  const shopCookie = meta("shop-cookie");
  /** @type {State} */
  const state = { access: null, refresh: null, cartToken: null, exp: null, jwks: null, dpop: null };
  const loginStatus = part(page, "login-status");
  const logoutButton = partAs(page, "logout", HTMLButtonElement);
  const verification = part(page, "verification");
  const countdown = part(page, "countdown");
  const cartSummary = part(page, "cart-summary");
  const cartTokenShown = part(page, "cart-token");

  /**
   * @param {string} method
   * @param {string} path
   * @param {number | string} status
   * @param {string} [note]
   */
  function log(method, path, status, note) {
    const li = document.createElement("li");
    li.textContent = `${method} ${path} → ${status}${note ? " · " + note : ""}`;
    part(page, "log").prepend(li);
  }

  /**
   * Every call: the bearer token when logged in, else the guest Cart-Token; never cookies.
   * @param {string} method
   * @param {string} path
   * @param {unknown} [body]
   * @returns {Promise<Reply>}
   */
  async function api(method, path, body) {
    const token = state.access;
    const cartToken = state.access ? null : state.cartToken;
    /** @type {Reply} */
    let reply;
    try {
      reply = await send(method, path, { body, token, cartToken, base: shop, dpop: token ? state.dpop : null });
    } catch (e) {
      log(method, path, "network error", String(e));
      throw e;
    }
    const got = reply.res.headers.get("Cart-Token");
    if (got) {
      state.cartToken = got;
      cartTokenShown.textContent = got;
    }
    const sent = [token && (state.dpop ? "Authorization: DPoP, a DPoP proof" : "Authorization"), cartToken && "Cart-Token"].filter(Boolean).join(", ") || "no credentials";
    log(method, path, reply.status, `sent: ${sent}${got ? " · got Cart-Token" : ""}`);
    return reply;
  }

  /**
   * The published key named `kid`, fetching the JWKS again once when it is not there (the shop
   * may have rotated its key since).
   * @param {string | undefined} kid
   * @returns {Promise<Jwk | null>}
   */
  async function keyFor(kid) {
    for (let attempt = 0; attempt < 2; attempt++) {
      if (!state.jwks || attempt > 0) {
        const res = await fetch(shop + "/.well-known/jwks.json", { credentials: "omit" });
        /** @type {Jwks} */
        const jwks = await res.json();
        state.jwks = jwks;
        log("GET", "/.well-known/jwks.json", res.status, `${jwks.keys.length} key(s)`);
      }
      const jwk = state.jwks.keys.find((k) => k.kid === kid);
      if (jwk) return jwk;
    }
    return null;
  }

  /**
   * The signature, with the published Ed25519 key, then the claims a resource server must check.
   * @param {string} token
   * @returns {Promise<string>} the verdict, in words
   */
  async function verifyLocally(token) {
    const [h, p] = token.split(".");
    const { header, payload: claims, signature } = jwtParts(token);
    const kid = stringField(header, "kid");
    part(page, "kid").textContent = kid || "none";
    if (header.alg !== "EdDSA" || header.typ !== "at+jwt") return `refused: alg ${header.alg}, typ ${header.typ}`;
    const jwk = await keyFor(kid);
    if (!jwk) return "refused: no published key with this kid";
    let ok;
    try {
      const key = await crypto.subtle.importKey("jwk", { kty: "OKP", crv: "Ed25519", x: jwk.x }, { name: "Ed25519" }, false, ["verify"]);
      // A copy, so the bytes sit in a plain ArrayBuffer as WebCrypto's types ask.
      ok = await crypto.subtle.verify({ name: "Ed25519" }, key, new Uint8Array(base64urlDecode(signature)), new TextEncoder().encode(`${h}.${p}`));
    } catch (e) {
      return `this browser cannot verify Ed25519 (${e instanceof Error ? e.name : String(e)})`;
    }
    if (!ok) return "refused: the signature does not verify";
    const now = Math.floor(Date.now() / 1000);
    if (claims.iss !== shop || claims.aud !== "tokenshop-api" || claims.kind !== "access") return "refused: issuer, audience or kind";
    if ((numberField(claims, "exp") ?? 0) <= now) return "refused: expired";
    return `valid signature and claims: user ${claims.sub}, issued by ${claims.iss}`;
  }

  // Whole seconds, as the token's exp counts them.
  function tick() {
    if (!state.exp) {
      countdown.textContent = "—";
      return;
    }
    const left = state.exp - Math.floor(Date.now() / 1000);
    countdown.textContent = left > 0 ? `${left} s` : "expired";
  }

  /** @param {Cart | null} cart */
  function showCart(cart) {
    if (!cart) return;
    cartSummary.textContent = cart.item_count === 0
      ? `Empty (${cart.owner} cart).`
      : `${cart.item_count} item(s), ${cart.total} (${cart.owner} cart): ` +
        cart.lines.map((l) => `${l.quantity} × ${l.name}`).join(", ");
  }

  async function loadProducts() {
    const { data } = await api("GET", "/api/v1/products?per_page=6");
    const list = part(page, "products");
    list.replaceChildren();
    /** @type {Product[]} */
    const products = data?.items ?? [];
    for (const p of products) {
      const li = document.createElement("li");
      const img = document.createElement("img");
      img.src = p.image_url;
      img.alt = "";
      const name = document.createElement("strong");
      name.textContent = `${p.name} · ${p.price}`;
      const add = document.createElement("button");
      add.type = "button";
      add.textContent = "Add to cart";
      // Six buttons that all read "Add to cart": the name says which product (and keeps the words
      // a speech user says, WCAG 2.5.3).
      add.setAttribute("aria-label", `Add to cart: ${p.name}`);
      add.dataset.testid = `partner-add-${p.slug}`;
      add.addEventListener("click", async () => {
        const { res, data: cart } = await api("POST", "/api/v1/cart/items", { product_id: p.id, quantity: 1 });
        if (res.ok) showCart(cart);
        else cartSummary.textContent = stringField(cart, "detail") ?? `Error ${res.status}`;
      });
      li.append(img, name, add);
      list.append(li);
    }
  }

  /** The redirect URI registered with the shop for this site: compared whole (RFC 9700 §4.1.3). */
  const redirectUri = `${meta("partner-origin")}/callback`;

  /**
   * Step 1 (RFC 6749 §4.1.1, RFC 7636 §4.1-4.3): a fresh secret verifier and its S256 challenge,
   * a fresh state, kept in this tab for the round trip; then to the shop's authorization endpoint.
   */
  async function signIn() {
    if (location.origin !== meta("partner-origin")) {
      loginStatus.textContent = `Sign in from the partner's registered address, ${meta("partner-origin")}: the shop sends its answer only there.`;
      return;
    }
    const verifier = base64urlEncode(crypto.getRandomValues(new Uint8Array(32)));
    const challenge = base64urlEncode(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)));
    const nonce = base64urlEncode(crypto.getRandomValues(new Uint8Array(16)));
    /** @type {Pending} */
    const pending = { verifier, state: nonce, cartToken: state.cartToken };
    sessionStorage.setItem(PENDING, JSON.stringify(pending));
    const query = new URLSearchParams({
      response_type: "code",
      client_id: "partner",
      redirect_uri: redirectUri,
      scope: SCOPE,
      state: nonce,
      code_challenge: challenge,
      code_challenge_method: "S256",
    });
    location.assign(`${shop}/oauth/authorize?${query}`);
  }

  /**
   * Step 2, back on /callback (RFC 6749 §4.1.2): the answer must name the shop as its issuer
   * (RFC 9207 §2.4) and carry this tab's state; then the code and the verifier go to the token
   * endpoint (§4.1.3). The code leaves the address bar at once.
   */
  async function finishSignIn() {
    const answer = new URLSearchParams(location.search);
    history.replaceState(null, "", "/");
    /** @type {Pending | null} */
    let pending = null;
    try {
      pending = JSON.parse(sessionStorage.getItem(PENDING) ?? "null");
    } catch {
      pending = null;
    }
    sessionStorage.removeItem(PENDING);
    if (answer.get("iss") !== shop) {
      loginStatus.textContent = `Refused the answer: it names ${answer.get("iss") ?? "no issuer"}, not the shop (${shop}) this page asked (RFC 9207).`;
      return;
    }
    if (!pending || answer.get("state") !== pending.state) {
      loginStatus.textContent = "Refused the answer: its state is not the one this tab sent, so this page did not ask for it.";
      return;
    }
    state.cartToken = pending.cartToken;
    if (answer.get("error")) {
      loginStatus.textContent = `Not signed in: the shop answered ${answer.get("error")} (${answer.get("error_description") ?? ""}).`;
      return;
    }
    /** @type {Record<string, string>} */
    const headers = { "Content-Type": "application/x-www-form-urlencoded" };
    if (state.cartToken) headers["Cart-Token"] = state.cartToken;
    const form = new URLSearchParams({
      grant_type: "authorization_code",
      client_id: "partner",
      code: answer.get("code") ?? "",
      redirect_uri: redirectUri,
      code_verifier: pending.verifier,
    });
    // RFC 9449 §5: a key made now, for this sign-in alone, and a proof of it with the token
    // request: the tokens come back bound to it, so a copy of them is useless without it.
    const key = await dpopKey();
    /** @returns {Promise<[Response, unknown]>} */
    const ask = async () => {
      headers.DPoP = await dpopProof(key, "POST", `${shop}/oauth/token`);
      const res = await fetch(`${shop}/oauth/token`, { method: "POST", headers, body: form, credentials: "omit", cache: "no-store" });
      return [res, await res.json().catch(() => null)];
    };
    let [res, data] = await ask();
    if (tookNonce(key, res, data)) [res, data] = await ask();
    log("POST", "/oauth/token", res.status, `sent: code, code_verifier, a DPoP proof${state.cartToken ? ", Cart-Token" : ""}`);
    const access = stringField(data, "access_token");
    if (!res.ok || !access) {
      loginStatus.textContent = `Not signed in: ${stringField(data, "error_description") ?? `the token endpoint answered ${res.status}`}`;
      return;
    }
    state.access = access;
    state.dpop = key;
    state.refresh = stringField(data, "refresh_token") ?? null;
    state.exp = numberField(jwtParts(access).payload, "exp") ?? null;
    if (state.cartToken) {
      state.cartToken = null; // merged into the account's cart
      cartTokenShown.textContent = "none (merged into the account's cart)";
    }
    const merged = stringField(data, "merged");
    loginStatus.textContent = `Signed in through the shop, allowed: ${stringField(data, "scope") ?? "?"}. This page never saw your password. Its tokens are bound to a key only this tab holds (${stringField(data, "token_type") ?? "?"}).${merged ? " " + merged : ""}`;
    logoutButton.disabled = false;
    verification.textContent = await verifyLocally(access);
    tick();
    showCart((await api("GET", "/api/v1/cart")).data);
  }

  /** Something this site was not allowed: the shop refuses the token for it (RFC 6750 §3.1). */
  async function tryOrders() {
    const result = part(page, "orders-result");
    if (!state.access) {
      result.textContent = "Sign in first: without a token the shop answers 401.";
      return;
    }
    const { status, data, res } = await api("GET", "/api/v1/orders");
    result.textContent = status === 403
      ? `403: ${stringField(data, "detail") ?? ""} (${res.headers.get("WWW-Authenticate") ?? ""})`
      : `${status}: ${stringField(data, "detail") ?? "answered"}`;
  }

  async function logout() {
    const { data } = await api("POST", "/api/v1/auth/logout", { refresh_token: state.refresh });
    Object.assign(state, { access: null, refresh: null, exp: null, dpop: null });
    loginStatus.textContent = stringField(data, "message") ?? "Signed out.";
    logoutButton.disabled = true;
    verification.textContent = "—";
    tick();
  }

  async function checkCookies() {
    part(page, "document-cookie").textContent = document.cookie === "" ? "(empty)" : document.cookie;
    // This origin's own server, with this origin's cookies (fetch's default): what it received.
    const mine = await receivedHere();
    part(page, "received-cookies").textContent = mine.length ? mine.join(", ") : "none";
    siteNote(mine);
    const saw = part(page, "shop-saw-cookie");
    if (!state.access) {
      saw.textContent = "sign in first: the shop's introspection answers bearer calls";
      return;
    }
    const { data } = await api("GET", "/api/v1/auth/introspect");
    saw.textContent = data?.cookie_session_sent ? "yes" : "no: the session cookie was not sent";
  }

  /**
   * Says whether this page is on the shop's site from what the browser sent this origin's server,
   * not from configuration: the shop's session cookie arriving here means the same site.
   * @param {string[]} arrived the cookie names this origin's server received
   */
  function siteNote(arrived) {
    const note = part(page, "site-note");
    const shopHost = new URL(shop).hostname;
    const got = arrived.includes(shopCookie);
    note.dataset.cookieArrived = String(got);
    if (got) {
      note.textContent = `Your browser sent the shop's session cookie (${shopCookie}) to this page's server: this page's host name, ${location.hostname}, is the shop's, `
        + "and cookies are kept per host name, not per port — so to your browser this is the shop's own site. "
        + `The partner's own address, another site, is ${meta("partner-origin")}.`;
    } else if (location.hostname === shopHost) {
      note.textContent = `Your browser sent none of the shop's cookies here, but only because it holds none yet: this page shares the shop's host name (${shopHost}), `
        + "so to the browser it is the shop's own site, and once the shop sets its cookie it will arrive here too (cookies do not separate by port).";
    } else {
      note.textContent = `Your browser sent none of the shop's cookies here: they belong to the shop's host name, ${shopHost}, and this page is at ${location.hostname}, another site.`;
    }
  }

  part(page, "origin").textContent = location.origin;
  // A site is the scheme and host without the port (these hosts have no subdomains to collapse).
  const sameSite = new URL(shop).hostname === location.hostname && new URL(shop).protocol === location.protocol;
  part(page, "forge-site").textContent = sameSite
    ? `You opened this page on the shop's own site (${location.hostname}, another port): your browser WILL attach the shop's cookie to this POST.`
    : `This page is on another site than the shop: your browser will not attach the shop's cookie to this POST.`;
  part(page, "shop").textContent = shop;

  part(page, "sign-in").addEventListener("click", () => signIn().catch((e) => {
    loginStatus.textContent = `Could not start the sign-in: ${e instanceof Error ? e.message : String(e)}`;
  }));
  logoutButton.addEventListener("click", logout);
  part(page, "try-orders").addEventListener("click", () => tryOrders().catch((e) => {
    part(page, "orders-result").textContent = `Could not ask: ${e instanceof Error ? e.message : String(e)}`;
  }));
  part(page, "check-cookies").addEventListener("click", () => checkCookies().catch((e) => {
    part(page, "received-cookies").textContent = `could not ask this page's server: ${e instanceof Error ? e.message : String(e)}`;
  }));
  receivedHere().then(siteNote, (e) => {
    part(page, "site-note").textContent = `Could not ask this page's server which cookies arrived (${e instanceof Error ? e.message : String(e)}).`;
  });
  setInterval(tick, 1000);
  const signingIn = location.pathname === "/callback"
    ? finishSignIn().catch((e) => {
      loginStatus.textContent = `Not signed in: ${e instanceof Error ? e.message : String(e)}`;
    })
    : Promise.resolve();
  // Ready even when the products cannot load (this origin may not be on the shop's CORS list).
  Promise.allSettled([loadProducts(), signingIn]).finally(() => document.body.setAttribute("data-ready", "true"));
}

// No Leptos on this page, so nothing to wait for: a module runs once the document is parsed.
const page = bind("partner");
if (page) startPartner(page);
