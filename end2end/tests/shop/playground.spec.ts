import { test, expect, claimsOf } from "../../fixtures";
import { hydrated } from "../../pages/shop";
import { PlaygroundPage } from "../../pages/playground";

test("the playground shows the real tokens, their decoded claims, a countdown and each call's headers", async ({ page, account }) => {
  await page.goto("/");
  await hydrated(page);
  // Reached by client-side navigation, the page's script still starts.
  await page.getByRole("link", { name: "API playground" }).click();
  const playground = new PlaygroundPage(page);
  await playground.ready();

  await playground.logInAs(account);
  const raw = (await playground.accessToken.textContent())!;
  const shown = JSON.parse((await playground.claims.textContent())!);
  expect(shown).toEqual(claimsOf(raw));
  expect(shown.kind).toBe("access");
  expect(shown.aud).toBe("tokenshop-api");
  const header = JSON.parse((await playground.header.textContent())!);
  expect(header).toMatchObject({ alg: "EdDSA", typ: "at+jwt" });
  await expect(playground.refreshToken).toHaveText(/^[\w-]{43}$/);

  const seconds = async () => parseInt((await playground.countdown.textContent())!, 10);
  const start = await seconds();
  expect(start).toBeGreaterThan(0);
  await expect.poll(seconds, { timeout: 5_000 }).toBeLessThan(start);

  const latest = playground.latest;
  await playground.me.click();
  await expect(latest).toContainText("GET /api/v1/me → 200");
  await expect(latest).toContainText(`Authorization: Bearer ${raw}`);
  await expect(latest).toContainText("content-type: application/json");

  // Log out: the refresh token dies at once, the access token keeps working until exp.
  await playground.logOut.click();
  await expect(latest).toContainText("POST /api/v1/auth/logout → 200");
  await playground.me.click();
  await expect(latest).toContainText("GET /api/v1/me → 200");
  await playground.refresh.click();
  await expect(latest).toContainText("POST /api/v1/auth/refresh → 401");
  // Revoke now: the denylist refuses the same access token from the next call on.
  await playground.revoke.click();
  await expect(latest).toContainText("POST /api/v1/auth/logout → 200");
  await playground.me.click();
  await expect(latest).toContainText("GET /api/v1/me → 401");
  await expect(playground.responseBody(latest)).toContainText("token-revoked");
});

test("with DPoP the playground's tokens are bound to its key: each call carries a fresh proof, and the token alone is refused", async ({ page, account, request }) => {
  const playground = new PlaygroundPage(page);
  await playground.goto();
  await playground.logInAs(account, { bound: true });
  const raw = (await playground.accessToken.textContent())!;
  expect((claimsOf(raw).cnf as { jkt?: string } | undefined)?.jkt).toMatch(/^[\w-]{43}$/);
  await expect(playground.latest).toContainText("POST /api/v1/auth/login → 200");
  await expect(playground.latest).toContainText("DPoP: ey");
  await expect(playground.responseBody(playground.latest)).toContainText('"token_type": "DPoP"');

  await playground.me.click();
  await expect(playground.latest).toContainText("GET /api/v1/me → 200");
  await expect(playground.latest).toContainText(`Authorization: DPoP ${raw}`);
  await playground.refresh.click();
  await expect(playground.latest).toContainText("POST /api/v1/auth/refresh → 200");

  // The same token copied to another client (the test's own), as a bearer token: refused.
  const copied = await request.get("/api/v1/me", { headers: { Authorization: `Bearer ${raw}` } });
  expect(copied.status()).toBe(401);
  expect(copied.headers()["www-authenticate"]).toContain('DPoP realm="tokenshop"');
});
