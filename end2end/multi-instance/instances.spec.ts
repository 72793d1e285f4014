import { test, expect, request as newRequest, type APIRequestContext } from "@playwright/test";
import { writeFileSync, readFileSync } from "node:fs";
import { cpus, totalmem, arch } from "node:os";
import { createUser } from "./accounts";

// Several shops on one PostgreSQL database behind nginx (scripts/multi-instance starts them). Every
// check talks to each instance directly as well as through the balancer, so "valid on the others"
// means exactly that, and records what it measured for the Learn page.

const balancer = process.env.MULTI_LB ?? "";
const instances = (process.env.MULTI_INSTANCES ?? "").split(",").filter(Boolean);
const adminToken = process.env.MULTI_ADMIN_TOKEN ?? "";
const INSTANCE = "x-tokenshop-instance";

type Check = { id: string; claim: string; result: string; ms?: number };
const checks: Check[] = [];
/** Each instance's name, as it gives it in X-Tokenshop-Instance. */
const names = new Map<string, string>();
const nameOf = (base: string) => names.get(base) ?? base;

test.beforeAll(async () => {
  expect(balancer, "MULTI_LB: run this through scripts/multi-instance --test").not.toBe("");
  expect(instances.length).toBeGreaterThanOrEqual(2);
  const api = await newRequest.newContext();
  for (const base of instances) names.set(base, (await api.get(`${base}/health`)).headers()[INSTANCE]);
});

test.afterAll(() => {
  const out = process.env.MULTI_RESULTS;
  if (!out || checks.length === 0) return;
  const os = readFileSync("/etc/os-release", "utf8").match(/^PRETTY_NAME="?([^"\n]*)/m)?.[1] ?? "Linux";
  writeFileSync(
    out,
    JSON.stringify(
      {
        date: new Date().toISOString().slice(0, 16) + "Z",
        machine: `${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, ${arch()}, ${os}`,
        setup: `${instances.length} instances of the release build on one PostgreSQL database, behind nginx (round-robin)`,
        checks,
      },
      null,
      2,
    ) + "\n",
  );
});

/** Polls `ok` every 5 ms until it holds or `limitMs` passes; returns the milliseconds it took. */
async function within(limitMs: number, ok: () => Promise<boolean>): Promise<number> {
  const start = performance.now();
  while (performance.now() - start < limitMs) {
    if (await ok()) return performance.now() - start;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`still not true after ${limitMs} ms`);
}

/** Who the pages' session says this cookie belongs to, asked of one instance. */
async function signedInAs(api: APIRequestContext, base: string, cookie: string): Promise<string | null> {
  const res = await api.post(`${base}/fn/nav`, { headers: { cookie } });
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()).user?.email ?? null;
}

async function apiLogin(api: APIRequestContext, base: string, user: { email: string; password: string }) {
  const res = await api.post(`${base}/api/v1/auth/login`, { data: user });
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()) as { access_token: string; refresh_token: string };
}

const kidOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split(".")[0], "base64url").toString()).kid as string;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

test("the balancer sends consecutive requests to every instance in turn", async () => {
  const api = await newRequest.newContext();
  const seen: string[] = [];
  for (let i = 0; i < instances.length * 3; i++) {
    const res = await api.get(`${balancer}/health`);
    expect(res.status()).toBe(200);
    seen.push(res.headers()[INSTANCE]);
  }
  const distinct = [...new Set(seen)].sort();
  expect(distinct).toHaveLength(instances.length);
  checks.push({
    id: "round-robin",
    claim: "Consecutive requests through the balancer land on different instances",
    result: `${seen.length} requests answered by ${distinct.join(", ")}, each ${seen.length / distinct.length} times`,
  });
});

test("a session cookie made on one instance is valid on the others, and a logout on one ends it on all at once", async ({ page }) => {
  const api = await newRequest.newContext();
  const user = await createUser(api);

  // A real browser logs in through the balancer, then opens its account page on each instance
  // directly: a cookie belongs to the host, whatever the port, so localhost:<instance> gets it too.
  await page.goto(`${balancer}/login`);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByTestId("signed-in-as")).toHaveText(user.email);
  const servedBy = new Set<string>();
  for (const base of instances) {
    const res = await page.goto(`${base.replace("127.0.0.1", "localhost")}/account`);
    servedBy.add(res!.headers()[INSTANCE]);
    await expect(page.getByTestId("account-email")).toHaveText(user.email);
  }
  expect(servedBy.size, "the page came from every instance").toBe(instances.length);

  // The same cookie, presented to each instance directly.
  const session = (await page.context().cookies()).find((c) => c.name === "tokenshop_session");
  expect(session).toBeDefined();
  const cookie = `tokenshop_session=${session!.value}`;
  for (const base of instances) expect(await signedInAs(api, base, cookie)).toBe(user.email);

  // Log out on the last instance; the very next request to each instance is already anonymous.
  const last = instances[instances.length - 1];
  const logout = await api.post(`${last}/fn/logout`, { headers: { cookie } });
  expect(logout.status()).toBe(200);
  const start = performance.now();
  for (const base of instances) expect(await signedInAs(api, base, cookie), `${base} after logout`).toBeNull();
  const ms = performance.now() - start;
  await page.goto(`${balancer}/account`);
  await expect(page).toHaveURL(/\/login/);
  checks.push({
    id: "cookie-session",
    claim: "A session cookie made on one instance is valid on the others",
    result: `logged in through the balancer in Chromium; its account page opened on ${[...servedBy].sort().join(", ")} directly, and the cookie sent to each instance by a plain HTTP client: signed in on all`,
  });
  checks.push({
    id: "cookie-logout",
    claim: "A logout on one instance is seen by all at once",
    result: `logged out on ${nameOf(last)}; the first request to each of the ${instances.length} instances afterwards was already anonymous (no retry, ${ms.toFixed(0)} ms for all of them): the session row is gone from the shared database`,
    ms,
  });
});

test("a JWT issued by one instance verifies on all, and logout and revoke-now on one reach all", async () => {
  const api = await newRequest.newContext();
  const user = await createUser(api);
  const [first, ...others] = instances;
  const tokens = await apiLogin(api, first, user);
  for (const base of instances) {
    const me = await api.get(`${base}/api/v1/me`, { headers: bearer(tokens.access_token) });
    expect(me.status(), base).toBe(200);
    expect((await me.json()).email).toBe(user.email);
  }
  checks.push({
    id: "jwt-verifies",
    claim: "A JWT issued by one instance verifies on all",
    result: `issued by ${nameOf(first)}; GET /api/v1/me answered 200 on all ${instances.length} instances, each checking the signature with the shared keys and no session lookup`,
  });

  const logout = await api.post(`${first}/api/v1/auth/logout`, {
    headers: bearer(tokens.access_token),
    data: { revoke_access: true },
  });
  const loggedOut = performance.now();
  expect(logout.status(), await logout.text()).toBe(200);
  // The access token is refused once the revocation reaches each instance's in-memory denylist.
  let slowest = 0;
  for (const base of others) {
    await within(2_000, async () => (await api.get(`${base}/api/v1/me`, { headers: bearer(tokens.access_token) })).status() === 401);
    slowest = performance.now() - loggedOut;
  }
  // The refresh family is revoked in the shared database: refused everywhere.
  for (const base of instances) {
    const refresh = await api.post(`${base}/api/v1/auth/refresh`, { data: { refresh_token: tokens.refresh_token } });
    expect(refresh.status(), base).toBe(401);
  }
  checks.push({
    id: "jwt-revoke-now",
    claim: "A logout with revoke-now on one instance stops the access token on all",
    result: `logged out on ${nameOf(first)}; ${slowest.toFixed(0)} ms after the logout answered, every other instance had refused the access token (PostgreSQL NOTIFY updates each instance's in-memory denylist; a reload every second is the fallback), and the refresh token was refused on all`,
    ms: slowest,
  });
});

test("a key rotated on one instance is picked up by all", async () => {
  expect(adminToken).not.toBe("");
  const api = await newRequest.newContext();
  const user = await createUser(api);
  const old = await apiLogin(api, instances[0], user);
  const rotator = instances[1];
  const rotated = await api.post(`${rotator}/api/v1/admin/rotate-key`, { headers: bearer(adminToken) });
  const rotatedAt = performance.now();
  expect(rotated.status(), await rotated.text()).toBe(200);
  const kid = (await rotated.json()).kid as string;
  expect(kid).not.toBe(kidOf(old.access_token));
  let slowest = 0;
  for (const base of instances) {
    await within(10_000, async () => {
      const jwks = await (await api.get(`${base}/.well-known/jwks.json`)).json();
      return jwks.keys[0].kid === kid;
    });
    slowest = Math.max(slowest, performance.now() - rotatedAt);
  }
  for (const base of instances) {
    const fresh = await apiLogin(api, base, user);
    expect(kidOf(fresh.access_token), `${base} signs with the new key`).toBe(kid);
    const me = await api.get(`${base}/api/v1/me`, { headers: bearer(old.access_token) });
    expect(me.status(), `${base} still accepts a token signed by the old key`).toBe(200);
  }
  checks.push({
    id: "key-rotation",
    claim: "A key rotation on one instance is picked up by all",
    result: `rotated on ${nameOf(rotator)}; every instance published the new key first within ${slowest.toFixed(0)} ms of the rotation answering (PostgreSQL NOTIFY; a check every 5 s is the fallback), signed new tokens with it, and still verified a token signed by the old key`,
    ms: slowest,
  });
});

/** A DPoP key pair made with WebCrypto (RFC 9449), its private half not extractable. */
async function dpopKey() {
  const pair = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, false, ["sign", "verify"]);
  const { kty, crv, x, y } = await crypto.subtle.exportKey("jwk", pair.publicKey);
  return { pair, jwk: { kty, crv, x, y } };
}

/** One proof by `key` for `method` on the balancer's `path` (the configured public origin). */
async function proof(key: Awaited<ReturnType<typeof dpopKey>>, method: string, path: string, token?: string) {
  const b64 = (bytes: ArrayBuffer | Uint8Array) => Buffer.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)).toString("base64url");
  const claims: Record<string, unknown> = { jti: crypto.randomUUID(), htm: method, htu: `${balancer}${path}`, iat: Math.floor(Date.now() / 1000) };
  if (token) claims.ath = b64(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(token)));
  const input = `${b64(Buffer.from(JSON.stringify({ typ: "dpop+jwt", alg: "ES256", jwk: key.jwk })))}.${b64(Buffer.from(JSON.stringify(claims)))}`;
  const signature = await crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, key.pair.privateKey, new TextEncoder().encode(input));
  return `${input}.${b64(signature)}`;
}

test("a DPoP proof accepted by one instance is refused by every other, and the bound token works on all with fresh proofs", async () => {
  const api = await newRequest.newContext();
  const user = await createUser(api);
  const [first, ...others] = instances;
  const key = await dpopKey();
  const login = await api.post(`${first}/api/v1/auth/login`, { data: user, headers: { dpop: await proof(key, "POST", "/api/v1/auth/login") } });
  expect(login.status(), await login.text()).toBe(200);
  const { access_token: token, token_type } = await login.json();
  expect(token_type).toBe("DPoP");
  const auth = { authorization: `DPoP ${token}` };
  // A fresh proof per request: accepted by every instance.
  for (const base of instances) {
    const me = await api.get(`${base}/api/v1/me`, { headers: { ...auth, dpop: await proof(key, "GET", "/api/v1/me", token) } });
    expect(me.status(), base).toBe(200);
  }
  // One proof, accepted by the first, then replayed to each other instance (RFC 9449 §11.1).
  const once = await proof(key, "GET", "/api/v1/me", token);
  expect((await api.get(`${first}/api/v1/me`, { headers: { ...auth, dpop: once } })).status()).toBe(200);
  for (const base of others) {
    const replayed = await api.get(`${base}/api/v1/me`, { headers: { ...auth, dpop: once } });
    expect(replayed.status(), base).toBe(401);
    expect(await replayed.text()).toContain("used before");
  }
  // The token alone, as a thief would send it, through the balancer.
  expect((await api.get(`${balancer}/api/v1/me`, { headers: bearer(token) })).status()).toBe(401);
  checks.push({
    id: "dpop-replay",
    claim: "A DPoP proof accepted by one instance is refused by the others",
    result: `a proof accepted by ${nameOf(first)} was refused (401, "used before") by ${others.map(nameOf).join(", ")}: the proofs seen are shared in PostgreSQL; the bound token was accepted on all ${instances.length} with a fresh proof each time, and refused without one`,
  });
});
