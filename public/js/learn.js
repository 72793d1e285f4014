// Learn demos that run in the browser against the real API. Starts once the page has hydrated, so
// it never races Leptos for the DOM; wrapped so a client-side revisit can run it again.
(function () {
  "use strict";

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

  function start() {
    startTimers();
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
