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
    }

    async function call(method, path, body, withToken = true) {
      const headers = {};
      if (body !== undefined) headers["Content-Type"] = "application/json";
      if (withToken && tokens.access) headers["Authorization"] = `Bearer ${tokens.access}`;
      // credentials: "omit" keeps the session cookie out: the API would ignore it anyway.
      const res = await fetch(path, {
        method, headers, credentials: "omit",
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      let data = null;
      try { data = await res.json(); } catch { /* no body */ }
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


  async function post(path, body, token) {
    const headers = { "Content-Type": "application/json" };
    if (token) headers.Authorization = `Bearer ${token}`;
    const res = await fetch(path, { method: "POST", headers, credentials: "omit", body: JSON.stringify(body) });
    let data = null;
    try { data = await res.json(); } catch { /* no body */ }
    return { status: res.status, data };
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
        el.textContent = left > 0 ? `${left} s` : "ended";
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
    const step = (who, text, status) => {
      const li = document.createElement("li");
      li.dataset.testid = "theft-step";
      li.dataset.status = String(status);
      li.textContent = `${who}: ${text} → ${status}`;
      steps.append(li);
    };

    demo.querySelector('[data-testid="theft-run"]').addEventListener("click", async () => {
      steps.replaceChildren();
      const login = await post("/api/v1/auth/login", { email: "alice@example.com", password: "alice-tokenshop" });
      step("Client", `logs in, gets refresh token R1 (${short(login.data?.refresh_token)})`, login.status);
      if (login.status !== 200) return;
      const r1 = login.data.refresh_token;
      const second = await post("/api/v1/auth/refresh", { refresh_token: r1 });
      step("Client", `refreshes with R1, gets R2 (${short(second.data?.refresh_token)}); R1 is now spent`, second.status);
      const r2 = second.data?.refresh_token;
      const thief = await post("/api/v1/auth/refresh", { refresh_token: r1 });
      step("Thief", `replays the stolen R1: ${thief.data?.type ?? ""}`, thief.status);
      const victim = await post("/api/v1/auth/refresh", { refresh_token: r2 });
      step("Client", `refreshes with its own R2, which the replay revoked: ${victim.data?.type ?? ""}`, victim.status);
      const access = second.data?.access_token;
      const me = await fetch("/api/v1/me", { headers: { Authorization: `Bearer ${access}` }, credentials: "omit" });
      step("Client", "calls /api/v1/me with its last access token, which lives until it expires", me.status);
      demo.dataset.done = "true";
    });
    demo.dataset.ready = "true";
  }

  function start() {
    startPlayground();
    startTimers();
    startTheftDemo();
  }

  if (document.body.dataset.hydrated === "true") {
    start();
  } else {
    new MutationObserver((_, observer) => {
      if (document.body.dataset.hydrated === "true") {
        observer.disconnect();
        start();
      }
    }).observe(document.body, { attributes: true, attributeFilter: ["data-hydrated"] });
  }
})();
