#!/usr/bin/env node
// The load generator of scripts/faults and bench/soak (Node, no packages): N clients, each with its
// own account, adding to its cart and checking out through the JSON API, one request at a time.
// Each client keeps a model of its own cart and orders, so an add whose answer was lost (a killed
// shop, a 502, a timeout) is resolved afterwards by re-reading the cart: it either landed once or
// not at all, and anything else is reported. Every acknowledged add and order is appended to the
// journal as it happens; at the end the models are written out and compared with the database's
// rows by `verify`.
//
//   node bench/load.mjs run --base URL --clients N --seconds S [--mix faults|soak] [--rate R]
//        [--products 6,7,8] [--prefix NAME] [--journal FILE] [--out FILE] [--expected FILE]
//        [--pid PID] [--window SECS] [--settle SECS] [--max-p99-ms MS]
//   node bench/load.mjs verify --expected FILE --rows FILE [--stock-base N] [--extra-guest-items N]
//
// --rate 0 (the default) is as fast as the clients can go; --pid samples that process's RSS per window.
// Rows for verify are `kind|user_id|order_id|product_id|quantity` (see scripts/lib.sh db_rows_sql).
import http from "node:http";
import fs from "node:fs";

const args = parseArgs(process.argv.slice(2));

function parseArgs(argv) {
  const out = { _: [] };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i].startsWith("--")) out[argv[i].slice(2)] = argv[++i];
    else out._.push(argv[i]);
  }
  return out;
}

function fail(msg) {
  console.error(msg);
  process.exit(2);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function run() {
  const base = new URL(args.base ?? fail("--base is required"));
  const clients = Number(args.clients ?? 8);
  const seconds = Number(args.seconds ?? 10);
  const rate = Number(args.rate ?? 0);
  const mix = args.mix ?? "faults";
  const products = (args.products ?? "6,7,8,19").split(",").map(Number);
  const prefix = args.prefix ?? `load${Date.now().toString(36)}`;
  const windowMs = Number(args.window ?? 1) * 1000;
  const settleMs = Number(args.settle ?? 60) * 1000;
  const journal = args.journal ? fs.openSync(args.journal, "a") : null;
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients * 2 });
  const stats = new Stats(windowMs, args.pid);

  // One request; resolves to {status, json, headers} or {status: 0, error} when no answer came.
  function request(method, path, { token, cartToken, body, timeout = 10000 } = {}) {
    return new Promise((resolve) => {
      const headers = { accept: "application/json" };
      let data;
      if (body !== undefined) {
        data = JSON.stringify(body);
        headers["content-type"] = "application/json";
        headers["content-length"] = Buffer.byteLength(data);
      }
      if (token) headers.authorization = `Bearer ${token}`;
      if (cartToken) headers["cart-token"] = cartToken;
      const started = performance.now();
      const req = http.request(
        { host: base.hostname, port: base.port, path, method, headers, agent, timeout },
        (res) => {
          const chunks = [];
          res.on("data", (c) => chunks.push(c));
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString();
            let json = null;
            try { json = JSON.parse(text); } catch { /* pages are HTML */ }
            stats.record(performance.now() - started, res.statusCode);
            resolve({ status: res.statusCode, json, headers: res.headers });
          });
          res.on("error", (error) => { stats.record(performance.now() - started, 0); resolve({ status: 0, error }); });
        },
      );
      req.on("timeout", () => req.destroy(new Error("timeout")));
      req.on("error", (error) => { stats.record(performance.now() - started, 0); resolve({ status: 0, error }); });
      if (data) req.write(data);
      req.end();
    });
  }

  const note = (entry) => { if (journal) fs.writeSync(journal, JSON.stringify({ t: Date.now(), ...entry }) + "\n"); };

  const guests = [];
  let guestLost = 0;
  const counts = { acked_adds: 0, acked_orders: 0, acked_changes: 0, lost_answers: 0, landed_without_answer: 0,
    not_landed: 0, logins: 0, guest_adds: 0, reads: 0, pages: 0, anomalies: [] };
  const anomaly = (c, what) => { counts.anomalies.push(`${c.email}: ${what}`); };
  const cartOf = (json) => new Map((json?.lines ?? []).map((l) => [l.product_id, l.quantity]));
  const sameCart = (a, b) => a.size === b.size && [...a].every(([p, q]) => b.get(p) === q);
  const sum = (m) => [...m.values()].reduce((x, y) => x + y, 0);

  class Client {
    constructor(i, email, password, token, id, product) {
      Object.assign(this, { i, email, password, token, id, product });
      this.cart = new Map();
      this.orders = new Map();
      this.pending = null; // a write whose answer was lost: {kind, cart (before), orders (ids before)}
      this.guest = null;
    }

    lost(kind, status) {
      counts.lost_answers++;
      this.pending = { kind, cart: new Map(this.cart), status };
    }

    // Re-reads the cart (and the orders, for a checkout) to learn whether a lost write landed.
    async resolve() {
      const cart = await request("GET", "/api/v1/cart", { token: this.token });
      if (cart.status !== 200) return false;
      const now = cartOf(cart.json);
      const p = this.pending;
      if (p.kind === "checkout") {
        const list = await request("GET", "/api/v1/orders", { token: this.token });
        if (list.status !== 200) return false;
        const fresh = list.json.filter((o) => !this.orders.has(o.id));
        if (fresh.length === 1 && now.size === 0) {
          this.orders.set(fresh[0].id, p.cart);
          counts.landed_without_answer++;
          note({ k: "order_landed", u: this.id, id: fresh[0].id });
        } else if (fresh.length === 0 && sameCart(now, p.cart)) counts.not_landed++;
        else anomaly(this, `after a lost checkout: ${fresh.length} new orders, cart ${JSON.stringify([...now])}`);
      } else {
        const before = sum(p.cart), after = sum(now);
        if (p.kind === "add" && after === before + p.quantity) {
          counts.landed_without_answer++;
          note({ k: "add_landed", u: this.id, p: p.product, q: p.quantity });
        } else if (sameCart(now, p.cart)) counts.not_landed++;
        else if (p.kind !== "add") counts.landed_without_answer++; // a set or remove: the cart says which
        else anomaly(this, `after a lost add: cart ${JSON.stringify([...now])}, before ${JSON.stringify([...p.cart])}`);
      }
      this.cart = now;
      this.pending = null;
      return true;
    }

    async add(product, quantity) {
      const r = await request("POST", "/api/v1/cart/items", { token: this.token, body: { product_id: product, quantity } });
      if (r.status !== 200) { this.lost("add", r.status); Object.assign(this.pending, { product, quantity }); return; }
      const now = cartOf(r.json);
      const want = (this.cart.get(product) ?? 0) + quantity;
      if (now.get(product) !== want) anomaly(this, `add acknowledged, the cart shows ${now.get(product)} of ${product}, expected ${want}`);
      this.cart = now;
      counts.acked_adds++;
      note({ k: "add", u: this.id, p: product, q: quantity });
    }

    async checkout() {
      const r = await request("POST", "/api/v1/checkout", { token: this.token });
      if (r.status !== 201) { this.lost("checkout", r.status); return; }
      const qty = r.json.lines.reduce((s, l) => s + l.quantity, 0);
      if (qty !== sum(this.cart)) anomaly(this, `order ${r.json.id} has ${qty} items, the cart had ${sum(this.cart)}`);
      if (this.orders.has(r.json.id)) anomaly(this, `order ${r.json.id} acknowledged twice`);
      this.orders.set(r.json.id, this.cart);
      this.cart = new Map();
      counts.acked_orders++;
      note({ k: "order", u: this.id, id: r.json.id, q: qty });
    }

    async change() {
      const lines = [...this.cart.keys()];
      if (lines.length === 0) return this.add(this.product, 1);
      const product = lines[this.i % lines.length];
      const quantity = 1 + Math.floor(Math.random() * 3);
      const remove = Math.random() < 0.3;
      const r = remove
        ? await request("DELETE", `/api/v1/cart/items/${product}`, { token: this.token })
        : await request("PUT", `/api/v1/cart/items/${product}`, { token: this.token, body: { quantity } });
      if (r.status !== 200) { this.lost(remove ? "remove" : "set", r.status); return; }
      const now = cartOf(r.json);
      if ((now.get(product) ?? 0) !== (remove ? 0 : quantity)) anomaly(this, `change acknowledged, cart shows ${now.get(product)}`);
      this.cart = now;
      counts.acked_changes++;
    }

    // A guest's add with the Cart-Token it was given; a new guest every 30 adds.
    async guestAdd() {
      if (!this.guest || this.guest.adds >= 30) {
        if (this.guest) guests.push(this.guest.qty);
        this.guest = { token: null, qty: 0, adds: 0 };
      }
      const product = products[(this.i + this.guest.adds) % products.length];
      const r = await request("POST", "/api/v1/cart/items", { cartToken: this.guest.token ?? undefined, body: { product_id: product, quantity: 1 } });
      this.guest.adds++;
      if (r.status !== 200) { guestLost++; return; }
      this.guest.token = r.headers["cart-token"];
      const total = r.json.lines.reduce((s, l) => s + l.quantity, 0);
      if (total !== this.guest.qty + 1) anomaly(this, `guest add acknowledged, guest cart holds ${total}, expected ${this.guest.qty + 1}`);
      this.guest.qty = total;
      counts.guest_adds++;
      note({ k: "guest_add", p: product, q: 1 });
    }

    async signIn() {
      const r = await request("POST", "/api/v1/auth/login", { body: { email: this.email, password: this.password } });
      if (r.status === 200) { this.token = r.json.access_token; counts.logins++; }
    }

    // One step of the mix.
    async step() {
      if (this.pending) { if (!(await this.resolve())) await sleep(100); return; }
      if (mix === "faults") return sum(this.cart) >= 5 ? this.checkout() : this.add(this.product, 1);
      const x = Math.random() * 100;
      if (x < 30) { counts.pages++; await request("GET", x < 15 ? "/" : "/products/earl-grey"); }
      else if (x < 45) await this.guestAdd();
      else if (x < 70) { counts.reads++; await request("GET", x < 57 ? "/api/v1/me" : "/api/v1/cart", { token: this.token }); }
      else if (x < 85) await this.add(products[Math.floor(Math.random() * products.length)], 1);
      else if (x < 92) await this.change();
      else if (x < 99.8) { if (this.cart.size) await this.checkout(); else await this.add(this.product, 1); }
      else await this.signIn();
    }
  }

  // Accounts first, each client its own, so its cart and orders are its alone. Four sign-ups at a
  // time (each is one argon2id hash); a 503 or 429 is retried after its Retry-After.
  async function signUp(i) {
    const email = `${prefix}-${i}@example.com`;
    const password = `${prefix}-password`;
    for (let attempt = 0; attempt < 30; attempt++) {
      const r = await request("POST", "/api/v1/auth/register", { body: { email, password } });
      if (r.status === 201) {
        const me = await request("GET", "/api/v1/me", { token: r.json.access_token });
        return new Client(i, email, password, r.json.access_token, me.json.id, products[i % products.length]);
      }
      await sleep(Math.min(5000, 1000 * Number(r.headers?.["retry-after"] ?? 0.2)));
    }
    fail(`could not sign up ${email}`);
  }
  const users = [];
  for (let i = 0; i < clients; i += 4)
    users.push(...(await Promise.all(Array.from({ length: Math.min(4, clients - i) }, (_, k) => signUp(i + k)))));
  stats.reset();

  const started = Date.now();
  const stopAt = started + seconds * 1000;
  const interval = rate > 0 ? (clients * 1000) / rate : 0;
  await Promise.all(users.map(async (c) => {
    let next = Date.now() + Math.random() * interval;
    while (Date.now() < stopAt) {
      if (interval) {
        const wait = next - Date.now();
        if (wait > 0) await sleep(wait);
        next = Math.max(next + interval, Date.now() - 1000);
      }
      await c.step();
    }
    // Settle: every lost answer is resolved by re-reading, for up to --settle seconds.
    const settleUntil = Date.now() + settleMs;
    while (c.pending && Date.now() < settleUntil) if (!(await c.resolve())) await sleep(200);
  }));
  stats.close();
  for (const c of users) if (c.guest) guests.push(c.guest.qty);
  const unresolved = users.filter((c) => c.pending).length;
  const summary = {
    mix, clients, seconds, rate, elapsed_s: (Date.now() - started) / 1000, ...counts,
    guest_adds_lost: guestLost, unresolved, totals: stats.totals(), windows: stats.windows,
  };
  const expected = {
    users: users.map((c) => ({ id: c.id, email: c.email, pending: c.pending?.kind ?? null,
      cart: Object.fromEntries(c.cart), orders: Object.fromEntries([...c.orders].map(([id, m]) => [id, Object.fromEntries(m)])) })),
    guest_quantity: guests.reduce((a, b) => a + b, 0), guest_adds_lost: guestLost,
    acked_adds: counts.acked_adds, acked_orders: counts.acked_orders, landed_without_answer: counts.landed_without_answer,
  };
  if (args.expected) fs.writeFileSync(args.expected, JSON.stringify(expected));
  if (args.out) fs.writeFileSync(args.out, JSON.stringify(summary, null, 1));
  const t = summary.totals;
  console.log(`load: ${t.requests} requests in ${summary.elapsed_s.toFixed(1)} s (${t.rps.toFixed(0)}/s), ` +
    `${t.errors} without a 2xx, p99 ${t.p99_ms.toFixed(1)} ms; acknowledged: ${counts.acked_adds} adds, ` +
    `${counts.acked_orders} orders, ${counts.guest_adds} guest adds; answers lost: ${counts.lost_answers} ` +
    `(${counts.landed_without_answer} had landed, ${counts.not_landed} had not, ${unresolved} unresolved)`);
  for (const a of counts.anomalies.slice(0, 10)) console.log(`  ANOMALY ${a}`);
  process.exit(counts.anomalies.length || unresolved ? 1 : 0);
}

// Latencies and statuses per window, with the shop's RSS sampled at each window's end.
class Stats {
  constructor(windowMs, pid) {
    Object.assign(this, { windowMs, pid });
    this.reset();
  }
  // Starts counting afresh (after the sign-ups), windows aligned to now.
  reset() {
    clearInterval(this.timer);
    this.start = this.flushed = Date.now();
    this.cur = []; this.curErrors = 0; this.curStatuses = {}; this.all = []; this.errors = 0; this.statuses = {}; this.windows = [];
    this.timer = setInterval(() => this.flush(), this.windowMs);
  }
  record(ms, status) {
    this.cur.push(ms);
    this.all.push(ms);
    const ok = status >= 200 && status < 300;
    if (!ok) { this.curErrors++; this.errors++; }
    this.curStatuses[status] = (this.curStatuses[status] ?? 0) + 1;
    this.statuses[status] = (this.statuses[status] ?? 0) + 1;
  }
  // VmRSS, and its anonymous and file-backed parts (a growing database file is not a leak).
  rss() {
    if (!this.pid) return {};
    try {
      const status = fs.readFileSync(`/proc/${this.pid}/status`, "utf8");
      const kib = (name) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)[1]);
      return { rss_kib: kib("VmRSS"), rss_anon_kib: kib("RssAnon"), rss_file_kib: kib("RssFile") + kib("RssShmem") };
    } catch { return {}; }
  }
  flush() {
    const now = Date.now(), secs = (now - this.flushed) / 1000;
    this.flushed = now;
    this.windows.push({ t_s: Math.round((Date.now() - this.start) / 1000), requests: this.cur.length,
      rps: this.cur.length / secs, errors: this.curErrors, statuses: this.curStatuses,
      p50_ms: pct(this.cur, 0.5), p99_ms: pct(this.cur, 0.99), ...this.rss() });
    this.cur = []; this.curErrors = 0; this.curStatuses = {};
  }
  // A last partial window of less than half a window is left out (its requests are in the totals).
  close() { clearInterval(this.timer); if (this.cur.length && Date.now() - this.flushed > this.windowMs / 2) this.flush(); }
  totals() {
    const secs = (Date.now() - this.start) / 1000;
    return { requests: this.all.length, rps: this.all.length / secs, errors: this.errors, statuses: this.statuses,
      p50_ms: pct(this.all, 0.5), p99_ms: pct(this.all, 0.99) };
  }
}

function pct(xs, p) {
  if (!xs.length) return 0;
  const s = Float64Array.from(xs).sort();
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
}

// Compares the models with the database's rows: each user's orders (ids and lines) and cart exactly,
// no order without lines, the guests' quantities, and stock: never negative, and what was sold taken once.
function verify() {
  const expected = JSON.parse(fs.readFileSync(args.expected, "utf8"));
  const rows = fs.readFileSync(args.rows, "utf8").trim().split("\n").filter(Boolean).map((l) => l.split("|"));
  const db = new Map(), problems = [];
  let guestQty = 0, emptyOrders = 0;
  const stock = new Map(), sold = new Map();
  for (const [kind, user, order, product, qty] of rows) {
    const u = db.get(user) ?? { cart: {}, orders: {} };
    db.set(user, u);
    if (kind === "cart") u.cart[product] = Number(qty);
    else if (kind === "order") (u.orders[order] ??= {})[product] = Number(qty);
    else if (kind === "empty_order") emptyOrders++;
    else if (kind === "guest") guestQty += Number(qty);
    else if (kind === "stock") stock.set(product, Number(qty));
    else if (kind === "sold") sold.set(product, Number(qty));
  }
  // Guest items added outside the load (scripts/faults' request in flight at SIGTERM).
  expected.guest_quantity += Number(args["extra-guest-items"] ?? 0);
  const same = (a, b) => JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());
  let foundAdds = 0, foundOrders = 0, expectedAdds = 0;
  for (const u of expected.users) {
    const d = db.get(String(u.id)) ?? { cart: {}, orders: {} };
    if (u.pending) problems.push(`${u.email}: a lost answer was never resolved (${u.pending})`);
    if (!same(d.cart, u.cart)) problems.push(`${u.email}: cart in the database ${JSON.stringify(d.cart)}, expected ${JSON.stringify(u.cart)}`);
    for (const [id, lines] of Object.entries(u.orders)) {
      if (!d.orders[id]) problems.push(`${u.email}: acknowledged order ${id} is missing`);
      else if (!same(d.orders[id], lines)) problems.push(`${u.email}: order ${id} has ${JSON.stringify(d.orders[id])}, expected ${JSON.stringify(lines)}`);
    }
    for (const id of Object.keys(d.orders)) if (!u.orders[id]) problems.push(`${u.email}: order ${id} in the database was never acknowledged or confirmed`);
    const qty = (m) => Object.values(m).reduce((a, b) => a + b, 0);
    foundOrders += Object.keys(d.orders).length;
    foundAdds += qty(d.cart) + Object.values(d.orders).reduce((s, l) => s + qty(l), 0);
    expectedAdds += qty(u.cart) + Object.values(u.orders).reduce((s, l) => s + qty(l), 0);
  }
  if (emptyOrders) problems.push(`${emptyOrders} orders without lines`);
  if (guestQty !== expected.guest_quantity && !expected.guest_adds_lost)
    problems.push(`guest carts hold ${guestQty} items, the acknowledged guest adds were ${expected.guest_quantity}`);
  for (const [p, s] of stock) {
    if (s < 0) problems.push(`product ${p}: stock ${s}`);
    if (args["stock-base"] && s + (sold.get(p) ?? 0) !== Number(args["stock-base"]))
      problems.push(`product ${p}: stock ${s} + sold ${sold.get(p) ?? 0} is not the ${args["stock-base"]} it started with`);
  }
  const result = { acked_adds: expected.acked_adds, acked_orders: expected.acked_orders,
    landed_without_answer: expected.landed_without_answer, items_expected: expectedAdds, items_found: foundAdds,
    orders_expected: expected.users.reduce((s, u) => s + Object.keys(u.orders).length, 0), orders_found: foundOrders,
    guest_items_expected: expected.guest_quantity, guest_items_found: guestQty, problem_count: problems.length,
    problems: problems.slice(0, 20) };
  console.log(JSON.stringify(result));
  process.exit(problems.length ? 1 : 0);
}

// Last, so every class above is defined when it runs.
const command = args._[0];
if (command === "run") await run();
else if (command === "verify") verify();
else fail("usage: load.mjs run|verify ... (see the top of bench/load.mjs)");
