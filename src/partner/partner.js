// @ts-check
// The partner site's page (page.html, on the partner origin): uses Tokenshop only through its JSON
// API, with tokens kept in this page's memory and a guest cart carried by a Cart-Token. The access
// token is verified here with the shop's JWKS and WebCrypto, never by asking the shop. It also
// shows which cookies travel, and says whether the forged form of section 5 is on the shop's site.

import { base64urlDecode, bind, jwtParts, numberField, part, partAs, send, stringField } from "../browser/kit.js";

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
 * This browser's lab account, as this origin's /lab-account makes it.
 * @typedef {{ email: string, password: string, expires_at: number }} LabAccount
 */

/**
 * What this page holds, in memory only.
 * @typedef {object} State
 * @property {string | null} access
 * @property {string | null} refresh
 * @property {string | null} cartToken a guest cart's token, until a login merges the cart
 * @property {number | null} exp the access token's `exp`
 * @property {Jwks | null} jwks the shop's keys, as last fetched
 */

const LAB_ACCOUNT = "partner.lab-account";

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
  const state = { access: null, refresh: null, cartToken: null, exp: null, jwks: null };
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
      reply = await send(method, path, { body, token, cartToken, base: shop });
    } catch (e) {
      log(method, path, "network error", String(e));
      throw e;
    }
    const got = reply.res.headers.get("Cart-Token");
    if (got) {
      state.cartToken = got;
      cartTokenShown.textContent = got;
    }
    const sent = [token && "Authorization", cartToken && "Cart-Token"].filter(Boolean).join(", ") || "no credentials";
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

  const loginForm = partAs(page, "login-form", HTMLFormElement);
  const registerButton = partAs(page, "register", HTMLButtonElement);

  /**
   * Log in, or create an account here (the submit button says which): both answer with tokens.
   * @param {SubmitEvent} event
   */
  async function login(event) {
    event.preventDefault();
    const form = new FormData(loginForm);
    const creating = event.submitter === registerButton;
    const path = creating ? "/api/v1/auth/register" : "/api/v1/auth/login";
    const { res, data } = await api("POST", path, { email: form.get("email"), password: form.get("password") });
    const access = stringField(data, "access_token");
    if (!res.ok || !access) {
      loginStatus.textContent = stringField(data, "detail") ?? `Error ${res.status}`;
      return;
    }
    state.access = access;
    state.refresh = stringField(data, "refresh_token") ?? null;
    state.exp = numberField(jwtParts(access).payload, "exp") ?? null;
    state.cartToken = null; // merged into the account's cart by the login
    cartTokenShown.textContent = "none (merged into the account's cart)";
    const merged = stringField(data, "merged");
    loginStatus.textContent = `${creating ? "Account created, and logged" : "Logged"} in with a bearer token.${merged ? " " + merged : ""}`;
    logoutButton.disabled = false;
    verification.textContent = await verifyLocally(access);
    tick();
    showCart((await api("GET", "/api/v1/cart")).data);
  }

  async function logout() {
    const { data } = await api("POST", "/api/v1/auth/logout", { refresh_token: state.refresh });
    Object.assign(state, { access: null, refresh: null, exp: null });
    loginStatus.textContent = stringField(data, "message") ?? "Logged out.";
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
      saw.textContent = "log in first: the shop's introspection answers bearer calls";
      return;
    }
    const { data } = await api("GET", "/api/v1/auth/introspect");
    saw.textContent = data?.cookie_session_sent ? "yes" : "no: the session cookie was not sent";
  }

  /**
   * When asked (a button, never on load, so a page a test opens makes no account and never
   * overwrites what was typed), this browser's own lab account fills the login form: made by this
   * origin's server, kept in this origin's localStorage (shared by its tabs) until shortly before
   * it expires, never a shared demo account.
   */
  async function fillLabAccount() {
    /** @type {LabAccount | null} */
    let account = null;
    try {
      account = JSON.parse(localStorage.getItem(LAB_ACCOUNT) ?? "null");
    } catch {
      account = null;
    }
    if (!account || account.expires_at - Date.now() / 1000 < 300) {
      /** @type {Response} */
      let res;
      try {
        res = await fetch("/lab-account", { method: "POST" });
      } catch (e) {
        part(page, "lab-account").textContent = `No lab account: this page could not reach its server (${e instanceof Error ? e.message : String(e)}). Type an account's email and password.`;
        return;
      }
      if (!res.ok) {
        const refused = await res.json().catch(() => ({}));
        part(page, "lab-account").textContent =
          `No lab account: ${stringField(refused, "detail") ?? `the server answered ${res.status}; try again in a minute.`} Meanwhile, type an account's email and password.`;
        return;
      }
      account = /** @type {LabAccount} */ (await res.json());
      try {
        localStorage.setItem(LAB_ACCOUNT, JSON.stringify(account));
      } catch {
        // Storage refused: the account still fills this form; the next click makes another.
      }
    }
    partAs(page, "email", HTMLInputElement).value = account.email;
    partAs(page, "password", HTMLInputElement).value = account.password;
    part(page, "lab-account").textContent = `Filled in with this browser's lab account, ${account.email}.`;
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

  loginForm.addEventListener("submit", login);
  logoutButton.addEventListener("click", logout);
  part(page, "check-cookies").addEventListener("click", () => checkCookies().catch((e) => {
    part(page, "received-cookies").textContent = `could not ask this page's server: ${e instanceof Error ? e.message : String(e)}`;
  }));
  receivedHere().then(siteNote, (e) => {
    part(page, "site-note").textContent = `Could not ask this page's server which cookies arrived (${e instanceof Error ? e.message : String(e)}).`;
  });
  part(page, "use-lab-account").addEventListener("click", fillLabAccount);
  setInterval(tick, 1000);
  // Ready even when the products cannot load (this origin may not be on the shop's CORS list).
  loadProducts().finally(() => document.body.setAttribute("data-ready", "true"));
}

// No Leptos on this page, so nothing to wait for: a module runs once the document is parsed.
const page = bind("partner");
if (page) startPartner(page);
