// The pages' live demos, in plain JavaScript so the lesson's requests are exactly what a browser's
// fetch sends: the API playground, and on /learn the countdowns and the refresh-theft demo. Each part
// binds only where its page is shown. Starts once the page has hydrated, so it never races Leptos for
// the DOM; wrapped so that a client-side visit, which inserts the script again, can run it again.
(function () {
  "use strict";

  function startPlayground() {
    const root = document.getElementById("playground");
    if (!root || root.dataset.bound === "true") return;
    root.dataset.bound = "true";
    const el = (id) => root.querySelector(`[data-testid="${id}"]`);
    const tokens = { access: null, refresh: null, exp: null };

    const decode = (part) => {
      const b64 = part.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((part.length + 3) % 4);
      return JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))));
    };

    function showTokens() {
      el("pg-access-raw").textContent = tokens.access ?? "—";
      el("pg-access-bytes").textContent = tokens.access ? new TextEncoder().encode(tokens.access).length : 0;
      el("pg-refresh-raw").textContent = tokens.refresh ?? "—";
      if (tokens.access) {
        const [h, p] = tokens.access.split(".");
        el("pg-header").textContent = JSON.stringify(decode(h), null, 2);
        const claims = decode(p);
        el("pg-claims").textContent = JSON.stringify(claims, null, 2);
        tokens.exp = claims.exp;
      } else {
        el("pg-header").textContent = "—";
        el("pg-claims").textContent = "—";
      }
      tick();
    }

    function tick() {
      if (!tokens.exp) { el("pg-countdown").textContent = "no token yet"; return; }
      const left = tokens.exp - Math.floor(Date.now() / 1000);
      el("pg-countdown").textContent = left > 0 ? `${left} s` : `expired ${-left} s ago`;
    }

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
      el("pg-exchanges").prepend(li);
      el("pg-last").textContent = `${method} ${path} answered ${res.status}.`;
    }

    async function call(method, path, body, withToken = true) {
      const headers = {};
      if (body !== undefined) headers["Content-Type"] = "application/json";
      if (withToken && tokens.access) headers["Authorization"] = `Bearer ${tokens.access}`;
      // No cookies go (credentials: "omit"): the API would ignore the session cookie anyway.
      const { res, data } = await send(method, path, { body, token: withToken ? tokens.access : null, group: "you" });
      record(method, path, headers, res, data);
      return { res, data };
    }

    function keep(data) {
      tokens.access = data.access_token;
      tokens.refresh = data.refresh_token;
      showTokens();
    }

    root.querySelector("#pg-login").addEventListener("submit", async (event) => {
      event.preventDefault();
      const form = new FormData(event.target);
      const { res, data } = await call("POST", "/api/v1/auth/login",
        { email: form.get("email"), password: form.get("password") }, false);
      if (res.ok) keep(data);
    });
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
    root.querySelectorAll("[data-pg]").forEach((button) =>
      button.addEventListener("click", () => actions[button.dataset.pg]()));
    setInterval(tick, 1000);
    root.dataset.ready = "true";
  }


  // The inspector's id, when this browser turned it on: API calls carry no cookies, so the page's
  // scripts name the browser in a header instead (see server/inspector.rs).
  function inspectorId() {
    const m = document.cookie.match(/(?:^|;\s*)tokenshop_inspector=([^;]+)/);
    return m ? m[1] : null;
  }

  // Every demo request: no cookies (the API ignores them, and the labs bring their own jar).
  // A lab's own requests are listed apart in the inspector (group "lab"); the learner's own calls
  // (the playground, lesson 1's API call) are "you".
  async function send(method, path, { body, token, cartToken, labCookie, group = "lab" } = {}) {
    const headers = {};
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (token) headers.Authorization = `Bearer ${token}`;
    if (cartToken) headers["Cart-Token"] = cartToken;
    if (labCookie) headers["X-Lab-Cookie"] = labCookie;
    const id = inspectorId();
    if (id) {
      headers["X-Inspector"] = id;
      headers["X-Inspector-Group"] = group;
    }
    const res = await fetch(path, {
      method, headers, credentials: "omit", cache: "no-store",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    let data = null;
    try { data = await res.json(); } catch { /* no body */ }
    return { status: res.status, data, res };
  }

  const post = (path, body, token) => send("POST", path, { body, token });
  // A problem document in words: its detail sentence, never its type URI.
  const problem = (r) => r.data?.detail ?? r.data?.title ?? (r.status === 200 ? "accepted" : `HTTP ${r.status}`);

  // This learner's lab account: a throwaway the shop made for this tab, never a shared demo
  // account, so one learner's labs can neither sign out, lock out nor fill the cart of another's.
  // Kept in sessionStorage until shortly before it expires; the shop deletes it after that.
  const LAB_ACCOUNT = "tokenshop.lab-account";
  async function labAccount() {
    try {
      const kept = JSON.parse(sessionStorage.getItem(LAB_ACCOUNT) ?? "null");
      if (kept && kept.expires_at - Date.now() / 1000 > 300) return kept;
    } catch (_) { /* unreadable: make a new one */ }
    const made = await send("POST", "/learn/lab/account");
    if (made.status !== 200) throw new Error(made.data?.detail ?? `no lab account (${made.status})`);
    sessionStorage.setItem(LAB_ACCOUNT, JSON.stringify(made.data));
    return made.data;
  }
  const credentials = async () => {
    const { email, password } = await labAccount();
    return { email, password };
  };

  // The lab's cookie jar: what the session layer set, as `name=value`, or null when it cleared it.
  function labCookieFrom(res, current) {
    const raw = res.headers.get("x-lab-set-cookie");
    if (!raw) return current;
    const pair = raw.split(",")[0].split(";")[0].trim();
    return /max-age=0/i.test(raw) || pair.endsWith("=") ? null : pair;
  }

  // A time span as people say it ("14 min 59 s"), and a moment as a clock shows it ("at 14:05:31").
  // A ticking countdown (precise) keeps its seconds at every scale below a day.
  function human(secs, precise = false) {
    secs = Math.max(0, Math.round(secs));
    if (precise && secs >= 60 && secs < 86400) {
      const [h, m, s] = [Math.floor(secs / 3600), Math.floor((secs % 3600) / 60), secs % 60];
      return [h && `${h} h`, (h || m) && `${m} min`, `${s} s`].filter(Boolean).join(" ");
    }
    if (secs < 60) return `${secs} s`;
    if (secs < 3600) return secs % 60 ? `${Math.floor(secs / 60)} min ${secs % 60} s` : `${secs / 60} min`;
    if (secs < 86400) return secs % 3600 ? `${Math.floor(secs / 3600)} h ${Math.floor((secs % 3600) / 60)} min` : `${secs / 3600} h`;
    const days = Math.floor(secs / 86400);
    return `${days} day${days === 1 ? "" : "s"}`;
  }
  const clock = (unix) => `at ${new Date(unix * 1000).toLocaleTimeString([], { hour12: false })}`;

  // A lab reached its lesson's goal: public/js/labs.js keeps the mark and shows it.
  const solved = (lesson, how) =>
    document.dispatchEvent(new CustomEvent("tokenshop:solved", { detail: { lesson, how } }));

  function stepper(list, prefix) {
    return (who, text, status) => {
      const li = document.createElement("li");
      li.dataset.testid = `${prefix}-step`;
      li.dataset.status = String(status);
      li.textContent = `${who}: ${text} → ${status}`;
      list.append(li);
    };
  }

  // Countdowns to Unix times the server wrote, corrected for the difference between its clock and ours.
  function startTimers() {
    const panel = document.getElementById("timers");
    if (!panel || panel.dataset.bound === "true") return;
    panel.dataset.bound = "true";
    const skew = Number(panel.dataset.serverNow) - Date.now() / 1000;
    const tick = () => {
      const now = Date.now() / 1000 + skew;
      panel.querySelectorAll("[data-countdown-to]").forEach((el) => {
        const left = Math.floor(Number(el.dataset.countdownTo) - now);
        el.textContent = left > 0 ? human(left, true) : "ended";
      });
    };
    tick();
    setInterval(tick, 1000);
  }

  function startTheftDemo() {
    const demo = document.querySelector('[data-testid="theft-demo"]');
    if (!demo || demo.dataset.bound === "true") return;
    demo.dataset.bound = "true";
    const steps = demo.querySelector('[data-testid="theft-steps"]');
    const short = (t) => (t ? `${t.slice(0, 8)}…` : "none");
    const step = stepper(steps, "theft");

    async function run(thiefFirst) {
      steps.replaceChildren();
      demo.dataset.done = "false";
      const account = await credentials();
      const login = await post("/api/v1/auth/login", account);
      step("Client", `logs in as ${account.email}, gets refresh token R1 (${short(login.data?.refresh_token)})`, login.status);
      if (login.status !== 200) return;
      const r1 = login.data.refresh_token;
      if (thiefFirst) {
        const thief = await post("/api/v1/auth/refresh", { refresh_token: r1 });
        step("Thief", `uses the stolen R1 first: new tokens, R2 (${short(thief.data?.refresh_token)}), now the thief's`, thief.status);
        const victim = await post("/api/v1/auth/refresh", { refresh_token: r1 });
        step("Client", `refreshes with R1, which the thief spent: ${problem(victim)}`, victim.status);
        const after = await post("/api/v1/auth/refresh", { refresh_token: thief.data?.refresh_token ?? "" });
        step("Thief", `tries its R2 again: ${problem(after)}`, after.status);
        if (thief.status === 200) {
          solved("steal-a-refresh-token", `the stolen refresh token worked for the thief (200); when the client came back with it, the shop revoked the sign-in and the thief's R2 answered ${after.status}`);
        }
      } else {
        const second = await post("/api/v1/auth/refresh", { refresh_token: r1 });
        step("Client", `refreshes with R1, gets R2 (${short(second.data?.refresh_token)}); R1 is now spent`, second.status);
        const thief = await post("/api/v1/auth/refresh", { refresh_token: r1 });
        step("Thief", `replays the stolen R1, too late: ${problem(thief)}`, thief.status);
        const victim = await post("/api/v1/auth/refresh", { refresh_token: second.data?.refresh_token ?? "" });
        step("Client", `refreshes with its own R2, which the replay revoked: ${problem(victim)}`, victim.status);
        const me = await send("GET", "/api/v1/me", { token: second.data?.access_token });
        step("Client", "calls /api/v1/me with its last access token, which lives until it expires", me.status);
      }
      demo.dataset.done = "true";
    }
    demo.querySelector('[data-testid="theft-run"]').addEventListener("click", () => run(false));
    demo.querySelector('[data-testid="theft-run-thief-first"]').addEventListener("click", () => run(true));
    demo.dataset.ready = "true";
  }

  const bind = (testid) => {
    const el = document.querySelector(`[data-testid="${testid}"]`);
    if (!el || el.dataset.bound === "true") return null;
    el.dataset.bound = "true";
    return el;
  };
  // Rows and cells say their roles: under 600 px the CSS lays these tables out as grids, and a
  // browser may then stop exposing a table (style/main.css).
  const cell = (text) => {
    const td = document.createElement("td");
    td.setAttribute("role", "cell");
    td.textContent = text;
    return td;
  };
  const row = () => {
    const tr = document.createElement("tr");
    tr.setAttribute("role", "row");
    return tr;
  };

  function startInspector() {
    const demo = bind("inspector");
    if (!demo) return;
    const rows = demo.querySelector('[data-testid="inspector-rows"]');
    const state = demo.querySelector('[data-testid="inspector-state"]');
    const showLabs = demo.querySelector('[data-testid="inspector-show-labs"]');
    let timer = null;

    async function refresh() {
      const res = await fetch("/learn/inspector", { cache: "no-store" });
      const list = await res.json();
      const yours = list.requests.filter((r) => !r.from_lab);
      const shown = showLabs.checked ? list.requests : yours;
      const hidden = list.requests.length - yours.length;
      const said = list.recording
        ? `recording: ${yours.length} of your requests` + (hidden ? `, and ${hidden} from the labs (${showLabs.checked ? "shown" : "hidden"})` : "")
        : "off";
      // A live region: written only when it changes, so a refresh that found nothing new is silent.
      if (state.textContent !== said) state.textContent = said;
      const carried = (name) => yours.some((r) => r.credentials.some((c) => c.carrier === name));
      if (carried("session cookie") && carried("bearer JWT")) {
        solved("two-carriers", "the server recorded a request of yours with the session cookie and one with a bearer token");
      }
      rows.replaceChildren(...shown.map((r) => {
        const tr = row();
        tr.dataset.testid = "inspector-row";
        tr.dataset.path = r.path;
        tr.dataset.carriers = r.credentials.map((c) => c.carrier).join(",");
        tr.dataset.group = r.from_lab ? "lab" : "you";
        tr.append(
          cell(`${r.method} ${r.path} (${r.kind})`),
          cell(r.credentials.map((c) => c.carrier).join(" + ")),
          cell(r.credentials.map((c) => c.check).join(" | ")),
          cell(r.credentials.map((c) => c.found).join(" | ")),
          cell(String(r.status)),
        );
        return tr;
      }));
      if (!list.recording && timer) { clearInterval(timer); timer = null; }
      if (list.recording && !timer) timer = setInterval(refresh, 2000);
    }
    demo.querySelector('[data-testid="inspector-start"]').addEventListener("click", async () => {
      await fetch("/learn/inspector/start", { method: "POST" });
      await refresh();
    });
    showLabs.addEventListener("change", refresh);
    demo.querySelector('[data-testid="inspector-api-call"]').addEventListener("click", async () => {
      const login = await post("/api/v1/auth/login", await credentials());
      if (login.status === 200) await send("GET", "/api/v1/me", { token: login.data.access_token, group: "you" });
      await refresh();
    });
    demo.querySelector('[data-testid="inspector-stop"]').addEventListener("click", async () => {
      await fetch("/learn/inspector/stop", { method: "POST" });
      await refresh();
    });
    refresh().finally(() => { demo.dataset.ready = "true"; });
  }

  function startRaceDemo() {
    const demo = bind("race-demo");
    if (!demo) return;
    const out = (id) => demo.querySelector(`[data-testid="${id}"]`);
    const step = stepper(out("race-steps"), "race");
    const button = out("race-run");
    button.addEventListener("click", async () => {
      button.disabled = true;
      demo.dataset.done = "false";
      demo.dataset.solvedNoted = "false";
      out("race-steps").replaceChildren();
      out("race-cookie-status").textContent = "—";
      out("race-token-status").textContent = "—";
      out("race-countdown").textContent = "";
      const revoke = out("race-revoke").checked;
      try {
        const account = await credentials();
        const pages = await send("POST", "/learn/lab/cookie/login", { body: account });
        const cookie = labCookieFrom(pages.res, null);
        step("Pages", `log in as ${account.email}: the server sets the cookie ${cookie ? cookie.slice(0, 24) + "…" : "(none)"}`, pages.status);
        const api = await post("/api/v1/auth/login", account);
        step("API", "log in: an access token and a refresh token", api.status);
        if (!cookie || api.status !== 200) return;
        const access = api.data.access_token;
        const exp = JSON.parse(atob(access.split(".")[1].replace(/-/g, "+").replace(/_/g, "/"))).exp;
        const before = await send("GET", "/learn/lab/cookie/whoami", { labCookie: cookie });
        step("Pages", "who am I, with the cookie", before.status);
        const meBefore = await send("GET", "/api/v1/me", { token: access });
        step("API", "GET /api/v1/me, with the access token", meBefore.status);
        const out1 = await send("POST", "/learn/lab/cookie/logout", { labCookie: cookie });
        step("Pages", "log out: the session record is deleted", out1.status);
        const out2 = await post("/api/v1/auth/logout", { refresh_token: api.data.refresh_token, revoke_access: revoke }, access);
        step("API", revoke ? "log out with revoke-now: refresh revoked, access token denylisted" : "log out: the refresh token is revoked", out2.status);
        // Replay both old credentials every second until the token, too, is refused.
        const started = Date.now();
        for (;;) {
          const c = await send("GET", "/learn/lab/cookie/whoami", { labCookie: cookie });
          const t = await send("GET", "/api/v1/me", { token: access });
          out("race-cookie-status").textContent = String(c.status);
          out("race-token-status").textContent = String(t.status);
          const left = exp - Math.floor(Date.now() / 1000);
          out("race-countdown").textContent = t.status === 200
            ? `still accepted: exp ${clock(exp)}, in ${human(left)} (plus up to 2 s of clock leeway)`
            : `refused: ${t.data?.detail ?? ""}`;
          if (t.status === 200 && c.status === 401 && demo.dataset.solvedNoted !== "true") {
            demo.dataset.solvedNoted = "true";
            solved("replay-after-logout", `after logout the old cookie answered ${c.status}, but the old access token answered 200 until its exp`);
          }
          if (t.status !== 200 || Date.now() - started > 10 * 60 * 1000) {
            step("Replay", "the old cookie", c.status);
            step("Replay", `the old access token, ${Math.round((Date.now() - started) / 1000)} s after logout`, t.status);
            break;
          }
          await new Promise((r) => setTimeout(r, 1000));
        }
      } finally {
        button.disabled = false;
        demo.dataset.done = "true";
      }
    });
    demo.dataset.ready = "true";
  }

  function startMergeDemo() {
    const demo = bind("merge-demo");
    if (!demo) return;
    const out = (id) => demo.querySelector(`[data-testid="${id}"]`);
    const step = stepper(out("merge-steps"), "merge");
    const build = out("merge-build");
    const login = out("merge-login");
    let lab = null;

    function show(preview, actual) {
      out("merge-rows").replaceChildren(...preview.map((p) => {
        const tr = row();
        tr.dataset.testid = "merge-row";
        tr.dataset.product = String(p.product_id);
        const now = actual?.find((l) => l.product_id === p.product_id)?.quantity ?? null;
        const cells = [p.name, p.saved, p.incoming[0], p.incoming[1], p.after, now ?? "—"].map((v) => cell(String(v)));
        cells[4].dataset.testid = "merge-preview";
        cells[5].dataset.testid = "merge-actual";
        tr.append(...cells);
        return tr;
      }));
    }

    build.addEventListener("click", async () => {
      build.disabled = true;
      login.disabled = true;
      out("merge-steps").replaceChildren();
      try {
        const account = await send("POST", "/learn/lab/account");
        step("Lab", `a new account, ${account.data?.email}, with an empty cart`, account.status);
        const products = await send("GET", "/api/v1/products?per_page=2");
        const [a, b] = products.data?.items ?? products.data?.products ?? [];
        if (account.status !== 200 || !a || !b) return;
        const lines = [[a, 2], [b, 1]];
        let cookie = null;
        let cartToken = null;
        for (const [p, quantity] of lines) {
          const viaPages = await send("POST", "/learn/lab/cookie/cart", { body: { product_id: p.id, quantity }, labCookie: cookie });
          cookie = labCookieFrom(viaPages.res, cookie);
          step("Pages (cookie)", `add ${quantity} × ${p.name}`, viaPages.status);
          const viaApi = await send("POST", "/api/v1/cart/items", { body: { product_id: p.id, quantity }, cartToken });
          cartToken = viaApi.res.headers.get("cart-token") ?? cartToken;
          step("API (Cart-Token)", `add ${quantity} × ${p.name}`, viaApi.status);
        }
        const preview = await send("GET", "/learn/lab/cookie/merge-preview", { labCookie: cookie, cartToken });
        step("Lab", "preview: the rule the login merge uses, applied to both carts", preview.status);
        if (preview.status !== 200) return;
        show(preview.data.after_both_logins, null);
        lab = { account: account.data, cookie, cartToken, preview: preview.data.after_both_logins };
        login.disabled = false;
      } finally {
        build.disabled = false;
      }
    });

    login.addEventListener("click", async () => {
      if (!lab) return;
      login.disabled = true;
      const creds = { email: lab.account.email, password: lab.account.password };
      const pages = await send("POST", "/learn/lab/cookie/login", { body: creds, labCookie: lab.cookie });
      step("Pages", "log in with the cookie: its guest cart merges", pages.status);
      const api = await send("POST", "/api/v1/auth/login", { body: creds, cartToken: lab.cartToken });
      step("API", "log in with the Cart-Token: its guest cart merges", api.status);
      const cart = await send("GET", "/api/v1/cart", { token: api.data?.access_token });
      step("API", "the account's cart", cart.status);
      const lines = cart.data?.lines ?? [];
      show(lab.preview, lines);
      const matches = lab.preview.every((p) => lines.find((l) => l.product_id === p.product_id)?.quantity === p.after);
      if (cart.status === 200 && matches) {
        solved("guest-carts", `the preview said ${lab.preview.map((p) => `${p.after} × ${p.name}`).join(", ")}, and the account's cart holds exactly that`);
      }
      lab = null;
      demo.dataset.done = "true";
    });
    demo.dataset.ready = "true";
  }

  function startRotationDemo() {
    const demo = bind("rotation-demo");
    if (!demo) return;
    const list = demo.querySelector('[data-testid="rotation-steps"]');
    const step = stepper(list, "rotation");
    const kidOf = (token) => JSON.parse(atob(token.split(".")[0].replace(/-/g, "+").replace(/_/g, "/"))).kid;
    const kids = (jwks) => (jwks?.keys ?? []).map((k) => k.kid.slice(0, 8)).join(", ");
    demo.querySelector('[data-testid="rotation-run"]').addEventListener("click", async () => {
      list.replaceChildren();
      demo.dataset.done = "false";
      const before = await send("GET", "/.well-known/jwks.json");
      step("JWKS", `keys published: ${kids(before.data)}`, before.status);
      const account = await credentials();
      const first = await post("/api/v1/auth/login", account);
      if (first.status !== 200) { step("API", "log in", first.status); return; }
      const oldKid = kidOf(first.data.access_token);
      step("API", `log in: token A signed by ${oldKid.slice(0, 8)}`, first.status);
      const rotated = await send("POST", "/learn/lab/rotate-key");
      step("Lab", rotated.status === 200 ? `rotate: the new key is ${rotated.data.new_kid.slice(0, 8)}` : `rotate refused: ${problem(rotated)}`, rotated.status);
      if (rotated.status !== 200) { demo.dataset.done = "true"; return; }
      const after = await send("GET", "/.well-known/jwks.json");
      step("JWKS", `keys published now: ${kids(after.data)}`, after.status);
      const oldStill = await send("GET", "/api/v1/me", { token: first.data.access_token });
      step("API", `token A (old key ${oldKid.slice(0, 8)}) still verifies`, oldStill.status);
      const second = await post("/api/v1/auth/login", account);
      const newKid = second.status === 200 ? kidOf(second.data.access_token) : "";
      step("API", `log in again: token B signed by ${newKid.slice(0, 8)}`, second.status);
      const newWorks = await send("GET", "/api/v1/me", { token: second.data?.access_token });
      step("API", "token B verifies", newWorks.status);
      if (oldStill.status === 200 && newWorks.status === 200 && newKid && newKid !== oldKid) {
        solved("rotate-the-key", `token A, signed by key ${oldKid.slice(0, 8)} before the rotation, still answered 200; token B was signed by ${newKid.slice(0, 8)}`);
      }
      demo.dataset.oldKid = oldKid;
      demo.dataset.newKid = newKid;
      demo.dataset.jwksBefore = (before.data?.keys ?? []).map((k) => k.kid).join(",");
      demo.dataset.jwksAfter = (after.data?.keys ?? []).map((k) => k.kid).join(",");
      demo.dataset.done = "true";
    });
    demo.dataset.ready = "true";
  }

  // Runs `fn` once the page has hydrated (now, if it has).
  function whenHydrated(fn) {
    if (document.body.dataset.hydrated === "true") {
      fn();
      return;
    }
    new MutationObserver((_, observer) => {
      if (document.body.dataset.hydrated === "true") {
        observer.disconnect();
        fn();
      }
    }).observe(document.body, { attributes: true, attributeFilter: ["data-hydrated"] });
  }

  // What public/js/labs.js shares with these demos.
  window.tokenshopLab = { send, post, credentials, labCookieFrom, stepper, human, clock, solved, problem, bind, whenHydrated };

  function start() {
    startPlayground();
    startTimers();
    startTheftDemo();
    startInspector();
    startRaceDemo();
    startMergeDemo();
    startRotationDemo();
  }

  whenHydrated(start);
})();
