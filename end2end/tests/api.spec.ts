import { test, expect, request as newRequest } from "@playwright/test";
import { createUser, jwtClaims, partnerURL, waitForHydration } from "./helpers";

test("the partner site on another origin logs in, fills a guest cart by Cart-Token, and never sends the shop's cookie", async ({ page, context, baseURL }) => {
  // This browser has a shop session cookie before it visits the partner.
  await page.goto("/products/oolong");
  await waitForHydration(page);
  await page.getByTestId("add-to-cart").click();
  await expect(page.getByTestId("flash")).toContainText("Added 1 ×");
  expect((await context.cookies(baseURL)).map((c) => c.name)).toContain("tokenshop_session");

  const toShop: { url: string; headers: Record<string, string> }[] = [];
  page.on("request", async (r) => {
    if (r.url().startsWith(baseURL!)) toShop.push({ url: r.url(), headers: await r.allHeaders() });
  });
  await page.goto(partnerURL);
  await expect(page.locator("body")).toHaveAttribute("data-ready", "true");
  await expect(page.getByTestId("partner-origin")).toHaveText(partnerURL);
  // The login is filled with this tab's own lab account, never a shared demo account.
  await expect(page.getByTestId("partner-email")).toHaveValue(/^learner-[a-z0-9_-]+@lab\.example\.com$/);

  // As a guest: the first add returns a Cart-Token, which the page reads from the response header.
  await page.locator('[data-testid^="partner-add-"]').first().click();
  await expect(page.getByTestId("partner-cart-summary")).toContainText("1 item(s)");
  await expect(page.getByTestId("partner-cart-summary")).toContainText("guest cart");
  const cartToken = (await page.getByTestId("partner-cart-token").textContent())!;
  expect(cartToken).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
  expect(jwtClaims(cartToken).kind).toBe("cart");
  await page.locator('[data-testid^="partner-add-"]').first().click();
  await expect(page.getByTestId("partner-cart-summary")).toContainText("2 item(s)");

  // Log in with a bearer token: the guest cart merges, and the page verifies the JWT itself.
  const user = await createUser(await newRequest.newContext({ baseURL }));
  await page.getByTestId("partner-email").fill(user.email);
  await page.getByTestId("partner-password").fill(user.password);
  await page.getByTestId("partner-login").click();
  await expect(page.getByTestId("login-status")).toContainText("Logged in with a bearer token");
  await expect(page.getByTestId("login-status")).toContainText("Merged your guest cart");
  await expect(page.getByTestId("local-verification")).toContainText("valid signature and claims");
  await expect(page.getByTestId("partner-cart-summary")).toContainText("2 item(s)");
  await expect(page.getByTestId("partner-cart-summary")).toContainText("user cart");
  await expect(page.getByTestId("token-countdown")).toHaveText(/^\d+ s$/);

  await page.getByTestId("check-cookies").click();
  await expect(page.getByTestId("partner-received-cookies")).toHaveText("none");
  await expect(page.getByTestId("shop-saw-cookie")).toHaveText("no: the session cookie was not sent");

  // Every request the partner page made to the shop went without the shop's cookie.
  expect(toShop.length).toBeGreaterThanOrEqual(6);
  for (const r of toShop) expect(r.headers["cookie"], r.url).toBeUndefined();
  expect(toShop.some((r) => r.headers["authorization"]?.startsWith("Bearer "))).toBe(true);
  expect(toShop.some((r) => r.headers["cart-token"] === cartToken)).toBe(true);
});

test("the playground shows the real tokens, their decoded claims, a countdown and each call's headers", async ({ page }) => {
  await page.goto("/");
  await waitForHydration(page);
  // Reached by client-side navigation, the page's script still starts.
  await page.getByRole("link", { name: "API playground" }).click();
  await expect(page.locator("#playground")).toHaveAttribute("data-ready", "true");

  await page.getByTestId("pg-login").click();
  await expect(page.getByTestId("pg-access-raw")).toHaveText(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
  const raw = (await page.getByTestId("pg-access-raw").textContent())!;
  const shown = JSON.parse((await page.getByTestId("pg-claims").textContent())!);
  expect(shown).toEqual(jwtClaims(raw));
  expect(shown.kind).toBe("access");
  expect(shown.aud).toBe("tokenshop-api");
  const header = JSON.parse((await page.getByTestId("pg-header").textContent())!);
  expect(header).toMatchObject({ alg: "EdDSA", typ: "at+jwt" });
  await expect(page.getByTestId("pg-refresh-raw")).toHaveText(/^[\w-]{43}$/);

  const seconds = async () => parseInt((await page.getByTestId("pg-countdown").textContent())!, 10);
  const start = await seconds();
  expect(start).toBeGreaterThan(0);
  await expect.poll(seconds, { timeout: 5_000 }).toBeLessThan(start);

  const latest = page.getByTestId("pg-exchange").first();
  await page.getByTestId("pg-me").click();
  await expect(latest).toContainText("GET /api/v1/me → 200");
  await expect(latest).toContainText(`Authorization: Bearer ${raw}`);
  await expect(latest).toContainText("content-type: application/json");

  // Log out: the refresh token dies at once, the access token keeps working until exp.
  await page.getByTestId("pg-logout").click();
  await expect(latest).toContainText("POST /api/v1/auth/logout → 200");
  await page.getByTestId("pg-me").click();
  await expect(latest).toContainText("GET /api/v1/me → 200");
  await page.getByTestId("pg-refresh").click();
  await expect(latest).toContainText("POST /api/v1/auth/refresh → 401");
  // Revoke now: the denylist refuses the same access token from the next call on.
  await page.getByTestId("pg-revoke").click();
  await expect(latest).toContainText("POST /api/v1/auth/logout → 200");
  await page.getByTestId("pg-me").click();
  await expect(latest).toContainText("GET /api/v1/me → 401");
  await expect(latest.getByTestId("pg-response-body")).toContainText("token-revoked");
});

test("the API reference renders every endpoint of the OpenAPI document", async ({ page, request }) => {
  const doc = await (await request.get("/api/v1/openapi.json")).json();
  const operations = Object.values(doc.paths as Record<string, object>).reduce((n, item) => n + Object.keys(item).length, 0);
  await page.goto("/api-reference");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Tokenshop API");
  await expect(page.getByTestId("endpoint")).toHaveCount(operations);
  await expect(page.getByText("/api/v1/auth/refresh").first()).toBeVisible();
});

test("the account page lists cookie and API sign-ins and ends one at once", async ({ page, baseURL }) => {
  const api = await newRequest.newContext({ baseURL });
  const user = await createUser(api);
  const login = await api.post("/api/v1/auth/login", { data: { email: user.email, password: user.password } });
  expect(login.status()).toBe(200);
  const { refresh_token } = await login.json();

  await page.goto("/login");
  await waitForHydration(page);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByTestId("signed-in-as")).toHaveText(user.email);
  await page.goto("/account");
  await waitForHydration(page);
  // The registration's own browser session, this browser, and the API sign-in.
  await expect(page.getByTestId("signin-row")).toHaveCount(3);
  await expect(page.getByTestId("current-signin")).toHaveCount(1);
  const tokenRow = page.locator('[data-testid="signin-row"][data-kind="token"]');
  await tokenRow.getByTestId("end-signin").click();
  await expect(page.getByTestId("signin-row")).toHaveCount(2);
  const refresh = await api.post("/api/v1/auth/refresh", { data: { refresh_token } });
  expect(refresh.status()).toBe(401);
  await page.getByTestId("end-other-signins").click();
  await expect(page.getByTestId("signin-row")).toHaveCount(1);
  await expect(page.getByTestId("current-signin")).toHaveText("This browser");
  await api.dispose();
});

test("a forged form POST from the partner is refused with 403, from another site and from the same site", async ({ page, context, baseURL }) => {
  await page.goto("/products/earl-grey");
  await waitForHydration(page);
  await page.getByTestId("add-to-cart").click();
  await expect(page.getByTestId("cart-count")).toHaveText("1");

  const sameSitePartner = partnerURL.replace("localhost", "127.0.0.1");
  for (const [origin, cookieSent] of [[partnerURL, false], [sameSitePartner, true]] as const) {
    await page.goto(origin);
    await expect(page.locator("body")).toHaveAttribute("data-ready", "true");
    const posted = page.waitForRequest((r) => r.url() === `${baseURL}/fn/cart/add`);
    const answered = page.waitForResponse((r) => r.url() === `${baseURL}/fn/cart/add`);
    await page.getByTestId("forge-submit").click();
    const headers = await (await posted).allHeaders();
    // SameSite=Lax decides whether the cookie travels; the shop's check refuses the POST either way.
    expect(headers["cookie"]?.includes("tokenshop_session") ?? false, origin).toBe(cookieSent);
    expect((await answered).status(), origin).toBe(403);
    // The forged form's target says in words what each layer did, not a raw JSON error.
    await expect(page.locator("h1")).toHaveText("Refused: this request came from another site");
    await expect(page.getByTestId("layer-samesite")).toContainText(cookieSent ? "did attach" : "did not attach");
    await expect(page.getByTestId("layer-bearer")).toContainText("Nothing to forge");
  }
  await page.goto("/cart");
  await expect(page.getByTestId("cart-count")).toHaveText("1");
  expect((await context.cookies(baseURL)).map((c) => c.name)).toContain("tokenshop_session");
});

test("the partner site creates an account through the API and is signed in by tokens, keeping its guest cart", async ({ page }) => {
  await page.goto(partnerURL);
  await expect(page.locator("body")).toHaveAttribute("data-ready", "true");
  await page.locator('[data-testid^="partner-add-"]').first().click();
  await expect(page.getByTestId("partner-cart-summary")).toContainText("1 item(s)");
  const email = `partner-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;
  await page.getByTestId("partner-email").fill(email);
  await page.getByTestId("partner-password").fill("partner-pass");
  await page.getByTestId("partner-register").click();
  await expect(page.getByTestId("login-status")).toContainText("Account created, and logged in with a bearer token");
  await expect(page.getByTestId("local-verification")).toContainText("valid signature and claims");
  await expect(page.getByTestId("partner-cart-summary")).toContainText("1 item(s)");
  await expect(page.getByTestId("partner-cart-summary")).toContainText("user cart");
  // The same email again: the shop's sentence, not a code.
  await page.getByTestId("partner-logout").click();
  await page.getByTestId("partner-register").click();
  await expect(page.getByTestId("login-status")).toContainText("already");
});
