import { test, expect } from "../../fixtures";
import { hydrated } from "../../pages/shop";

// A brand-new account (`freshAccount`, signed in nowhere), so the page lists exactly the sign-ins
// this test makes.
test("the account page lists cookie and API sign-ins and ends one at once", async ({ page, request, shop, freshAccount }) => {
  // Another browser's sign-in (the request context keeps its own cookies) and an app's.
  expect((await request.post("/fn/login", { form: freshAccount })).status()).toBe(200);
  const login = await request.post("/api/v1/auth/login", { data: freshAccount });
  expect(login.status()).toBe(200);
  const { refresh_token } = await login.json();

  // This browser's, through the login page.
  await shop.login.goto();
  await hydrated(page);
  await shop.login.logIn(freshAccount);
  await expect(shop.header.signedInAs(freshAccount.email)).toBeVisible();
  await shop.account.goto();
  await hydrated(page);
  await expect(shop.account.signIns).toHaveCount(3);
  await expect(shop.account.thisBrowser).toHaveCount(1);
  await shop.account.end("token");
  await expect(shop.account.signIns).toHaveCount(2);
  const refresh = await request.post("/api/v1/auth/refresh", { data: { refresh_token } });
  expect(refresh.status()).toBe(401);
  await shop.account.endOthers.click();
  await expect(shop.account.signIns).toHaveCount(1);
  await expect(shop.account.thisBrowser).toHaveText("This browser");
});
