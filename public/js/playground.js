// The API playground: calls the JSON API with fetch, shows raw and decoded tokens, a countdown to
// the access token's exp, and every request's and response's headers. Runs once the page has
// hydrated, so it never races Leptos for the DOM; wrapped so a client-side revisit can run it again.
(function () {
  "use strict";

  function start() {
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
