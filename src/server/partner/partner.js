// The partner site: uses Tokenshop only through its JSON API. Tokens live in this page's memory;
// the access token is verified here with the shop's JWKS and WebCrypto, never by asking the shop.
"use strict";

const shop = document.querySelector('meta[name="shop-origin"]').content;
const el = (id) => document.querySelector(`[data-testid="${id}"]`);
const state = { access: null, refresh: null, cartToken: null, exp: null, jwks: null };

function b64urlBytes(s) {
  const b64 = s.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((s.length + 3) % 4);
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
}
const b64urlJson = (s) => JSON.parse(new TextDecoder().decode(b64urlBytes(s)));

function log(method, path, status, note) {
  const li = document.createElement("li");
  li.textContent = `${method} ${path} → ${status}${note ? " · " + note : ""}`;
  el("partner-log").prepend(li);
}

// Every call: bearer token when logged in, else the guest Cart-Token; never cookies.
async function api(method, path, body) {
  const headers = {};
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (state.access) headers["Authorization"] = "Bearer " + state.access;
  if (state.cartToken && !state.access) headers["Cart-Token"] = state.cartToken;
  let res;
  try {
    res = await fetch(shop + path, {
      method, headers, credentials: "omit", mode: "cors",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    log(method, path, "network error", String(e));
    throw e;
  }
  const cartToken = res.headers.get("Cart-Token");
  if (cartToken) {
    state.cartToken = cartToken;
    el("partner-cart-token").textContent = cartToken;
  }
  let data = null;
  try { data = await res.json(); } catch { /* empty body */ }
  const sent = Object.keys(headers).filter((h) => h !== "Content-Type").join(", ") || "no credentials";
  log(method, path, res.status, `sent: ${sent}${cartToken ? " · got Cart-Token" : ""}`);
  return { res, data };
}

async function keyFor(kid) {
  for (let attempt = 0; attempt < 2; attempt++) {
    if (!state.jwks || attempt > 0) {
      const res = await fetch(shop + "/.well-known/jwks.json", { credentials: "omit" });
      state.jwks = await res.json();
      log("GET", "/.well-known/jwks.json", res.status, `${state.jwks.keys.length} key(s)`);
    }
    const jwk = state.jwks.keys.find((k) => k.kid === kid);
    if (jwk) return jwk;
  }
  return null;
}

// Signature with the published Ed25519 key, then the claims a resource server must check.
async function verifyLocally(token) {
  const [h, p, s] = token.split(".");
  const header = b64urlJson(h);
  const claims = b64urlJson(p);
  el("token-kid").textContent = header.kid || "none";
  if (header.alg !== "EdDSA" || header.typ !== "at+jwt") return `refused: alg ${header.alg}, typ ${header.typ}`;
  const jwk = await keyFor(header.kid);
  if (!jwk) return "refused: no published key with this kid";
  let ok;
  try {
    const key = await crypto.subtle.importKey("jwk", { kty: "OKP", crv: "Ed25519", x: jwk.x }, { name: "Ed25519" }, false, ["verify"]);
    ok = await crypto.subtle.verify({ name: "Ed25519" }, key, b64urlBytes(s), new TextEncoder().encode(`${h}.${p}`));
  } catch (e) {
    return `this browser cannot verify Ed25519 (${e.name})`;
  }
  if (!ok) return "refused: the signature does not verify";
  const now = Math.floor(Date.now() / 1000);
  if (claims.iss !== shop || claims.aud !== "tokenshop-api" || claims.kind !== "access") return "refused: issuer, audience or kind";
  if (claims.exp <= now) return "refused: expired";
  return `valid signature and claims: user ${claims.sub}, issued by ${claims.iss}`;
}

function tick() {
  if (!state.exp) { el("token-countdown").textContent = "—"; return; }
  const left = state.exp - Math.floor(Date.now() / 1000);
  el("token-countdown").textContent = left > 0 ? `${left} s` : "expired";
}

function showCart(cart) {
  if (!cart) return;
  el("partner-cart-summary").textContent = cart.item_count === 0
    ? `Empty (${cart.owner} cart).`
    : `${cart.item_count} item(s), ${cart.total} (${cart.owner} cart): ` +
      cart.lines.map((l) => `${l.quantity} × ${l.name}`).join(", ");
}

async function loadProducts() {
  const { data } = await api("GET", "/api/v1/products?per_page=6");
  const list = el("partner-products");
  list.replaceChildren();
  for (const p of data?.items ?? []) {
    const li = document.createElement("li");
    const img = document.createElement("img");
    img.src = p.image_url;
    img.alt = "";
    const name = document.createElement("strong");
    name.textContent = `${p.name} · ${p.price}`;
    const add = document.createElement("button");
    add.type = "button";
    add.textContent = "Add to cart";
    add.dataset.testid = `partner-add-${p.slug}`;
    add.addEventListener("click", async () => {
      const { res, data: cart } = await api("POST", "/api/v1/cart/items", { product_id: p.id, quantity: 1 });
      if (res.ok) showCart(cart);
      else el("partner-cart-summary").textContent = cart?.detail ?? `Error ${res.status}`;
    });
    li.append(img, name, add);
    list.append(li);
  }
}

// Log in, or create an account here (the submit button says which): both answer with tokens.
async function login(event) {
  event.preventDefault();
  const form = new FormData(event.target);
  const creating = event.submitter?.dataset.testid === "partner-register";
  const path = creating ? "/api/v1/auth/register" : "/api/v1/auth/login";
  const { res, data } = await api("POST", path, { email: form.get("email"), password: form.get("password") });
  if (!res.ok) {
    el("login-status").textContent = data?.detail ?? `Error ${res.status}`;
    return;
  }
  state.access = data.access_token;
  state.refresh = data.refresh_token;
  state.exp = b64urlJson(data.access_token.split(".")[1]).exp;
  state.cartToken = null; // merged into the account's cart by the login
  el("partner-cart-token").textContent = "none (merged into the account's cart)";
  el("login-status").textContent = `${creating ? "Account created, and logged" : "Logged"} in with a bearer token.${data.merged ? " " + data.merged : ""}`;
  el("partner-logout").disabled = false;
  el("local-verification").textContent = await verifyLocally(data.access_token);
  tick();
  showCart((await api("GET", "/api/v1/cart")).data);
}

async function logout() {
  const { data } = await api("POST", "/api/v1/auth/logout", { refresh_token: state.refresh });
  Object.assign(state, { access: null, refresh: null, exp: null });
  el("login-status").textContent = data?.message ?? "Logged out.";
  el("partner-logout").disabled = true;
  el("local-verification").textContent = "—";
  tick();
}

async function checkCookies() {
  el("partner-document-cookie").textContent = document.cookie === "" ? "(empty)" : document.cookie;
  const mine = await (await fetch("/received-cookies")).json();
  el("partner-received-cookies").textContent = mine.length ? mine.join(", ") : "none";
  if (!state.access) {
    el("shop-saw-cookie").textContent = "log in first: the shop's introspection answers bearer calls";
    return;
  }
  const { data } = await api("GET", "/api/v1/auth/introspect");
  el("shop-saw-cookie").textContent = data?.cookie_session_sent ? "yes" : "no: the session cookie was not sent";
}

el("partner-origin").textContent = location.origin;
// A site is the scheme and host without the port (these hosts have no subdomains to collapse).
const sameSite = new URL(shop).hostname === location.hostname && new URL(shop).protocol === location.protocol;
el("forge-site").textContent = sameSite
  ? `You opened this page on the shop's own site (${location.hostname}, another port): your browser WILL attach the shop's cookie to this POST.`
  : `This page is on another site than the shop: your browser will not attach the shop's cookie to this POST.`;
el("shop-origin").textContent = shop;
// The login form gets this tab's own lab account (made by this origin's server, kept in the tab's
// sessionStorage until shortly before it expires), never a shared demo account.
async function fillLabAccount() {
  const KEY = "partner.lab-account";
  let account = null;
  try {
    account = JSON.parse(sessionStorage.getItem(KEY) ?? "null");
  } catch (_) { account = null; }
  if (!account || account.expires_at - Date.now() / 1000 < 300) {
    const res = await fetch("/lab-account", { method: "POST" });
    if (!res.ok) {
      const refused = await res.json().catch(() => ({}));
      el("partner-lab-account").textContent =
        `No lab account (${res.status}): ${refused.detail ?? refused.message ?? "try again shortly"}. Type an account's email and password.`;
      return;
    }
    account = await res.json();
    sessionStorage.setItem(KEY, JSON.stringify(account));
  }
  el("partner-email").value = account.email;
  el("partner-password").value = account.password;
}

document.getElementById("login-form").addEventListener("submit", login);
el("partner-logout").addEventListener("click", logout);
el("check-cookies").addEventListener("click", checkCookies);
setInterval(tick, 1000);
// Ready even when the products cannot load (this origin may not be on the shop's CORS list).
Promise.allSettled([loadProducts(), fillLabAccount()]).finally(() => document.body.setAttribute("data-ready", "true"));

// The forged-request lab (from the Learn lesson, with ?forge=<attempt>): simple POSTs at the
// learner's lab account, and what each target says happened, read back from this origin's server.
(function forgeLab() {
  const attempt = new URLSearchParams(location.search).get("forge");
  const lab = document.querySelector('[data-testid="partner-forge-lab"]');
  if (!attempt || !/^[0-9a-f]{16,64}$/.test(attempt) || !lab) return;
  lab.hidden = false;
  const results = lab.querySelector('[data-testid="forge-lab-results"]');
  lab.querySelector('[data-testid="forge-lab-site"]').textContent = sameSite
    ? `This page is on the shop's own site (${location.hostname}, another port): SameSite=Lax lets your browser attach the shop's cookies.`
    : "This page is on another site than the shop: SameSite=Lax keeps the shop's cookies off these POSTs.";
  lab.querySelector('[data-testid="forge-lab-back"]').href = `${shop}/learn/forge-a-request`;
  const say = (target, text, status) => {
    const li = document.createElement("li");
    li.dataset.testid = "forge-lab-result";
    li.dataset.target = target;
    li.dataset.status = String(status);
    li.textContent = text;
    results.append(li);
  };
  lab.querySelectorAll("[data-forge]").forEach((button) => button.addEventListener("click", async () => {
    const target = button.dataset.forge;
    const simple = { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "product_id=1&quantity=1" };
    if (target === "api") {
      // The API allows this origin by CORS, so the answer is readable here. It ignores cookies, so
      // the browser need not send any (and CORS without credentials would refuse to show them).
      const res = await fetch(`${shop}/api/v1/checkout`, { ...simple, credentials: "omit" });
      const body = await res.json().catch(() => ({}));
      say(target, `The API refused it (${res.status}): ${body.detail ?? ""} There is nothing for this page to forge: a browser never adds a bearer token by itself, cookies or not.`, res.status);
      return;
    }
    // The shop's lab targets do not answer this origin by CORS: the POST is sent, its answer is
    // opaque here, and the target's own record says what happened.
    await fetch(`${shop}/learn/lab/csrf/${target}/${attempt}`, { ...simple, mode: "no-cors", credentials: "include" }).catch(() => {});
    const seen = await (await fetch(`/csrf-attempts/${attempt}`, { cache: "no-store" })).json();
    const last = seen.filter((a) => a.target === target).pop();
    say(target, last ? `${last.said} (Sec-Fetch-Site: ${last.site}; cookie sent: ${last.cookie_sent ? "yes" : "no"})` : "The target recorded nothing.", last?.accepted ? 200 : 403);
  }));
})();

// The cross-site cookie lab (from the Learn lesson, with ?cookie=<attempt>): what it takes for a
// cookie to travel with this site's requests to the shop. Each line is what the browser did.
(function cookieLab() {
  const attempt = new URLSearchParams(location.search).get("cookie");
  const lab = document.querySelector('[data-testid="partner-elsewhere-lab"]');
  if (!attempt || !/^[0-9a-f]{16,64}$/.test(attempt) || !lab) return;
  lab.hidden = false;
  const results = lab.querySelector('[data-testid="elsewhere-results"]');
  lab.querySelector('[data-testid="elsewhere-back"]').href = `${shop}/learn/cookie-on-another-site`;
  const say = (step, text) => {
    const li = document.createElement("li");
    li.dataset.testid = "elsewhere-result";
    li.dataset.step = step;
    li.textContent = text;
    results.append(li);
  };
  const list = (arrived) => (arrived.length ? arrived.join(", ") : "none of them");
  const button = lab.querySelector('[data-testid="elsewhere-run"]');
  button.addEventListener("click", async () => {
    button.disabled = true;
    results.replaceChildren();
    const base = `${shop}/learn/lab/elsewhere`;
    try {
      const set = await fetch(`${base}/set/${attempt}`, { method: "POST", credentials: "include" });
      say("set", `The shop answered ${set.status} with four cookies (SameSite=Lax; SameSite=None without Secure; SameSite=None; Secure; the same, Partitioned), and CORS for exactly this origin with Allow-Credentials.`);
      const back = await (await fetch(`${base}/check/${attempt}`, { credentials: "include" })).json();
      say("check", `Asked with credentials: "include", the browser sent back: ${list(back.arrived)}.`);
      try {
        await fetch(`${base}/check-plain/${attempt}`, { credentials: "include" });
        say("check-plain", "The answer without Allow-Credentials was readable (unexpected).");
      } catch (e) {
        say("check-plain", `The same request, answered without Access-Control-Allow-Credentials: the browser sent it, then refused to let this page read the answer (${e.message}).`);
      }
      const omitted = await (await fetch(`${base}/check/${attempt}`, { credentials: "omit" })).json();
      say("omit", `Without credentials: "include" (a cross-origin fetch's default sends none): ${list(omitted.arrived)}.`);
    } finally {
      button.disabled = false;
      lab.dataset.done = "true";
    }
  });
})();
