import { test, expect, claimsOf, partnerURL } from "../../fixtures";
import { hydrated } from "../../pages/shop";
import { PartnerSite } from "../../pages/partner";

test("the partner site on another origin signs in through the shop (code + PKCE), merges its Cart-Token cart, and never sends the shop's cookie", async ({ page, context, baseURL, shop, account, api }) => {
  // This browser has a shop session cookie before it visits the partner.
  await shop.product.goto("oolong");
  await hydrated(page);
  await shop.product.addToCart.click();
  await expect(shop.product.notice).toContainText("Added 1 ×");
  expect((await context.cookies(baseURL)).map((c) => c.name)).toContain("tokenshop_session");

  const toShop: { url: string; headers: Record<string, string> }[] = [];
  page.on("request", async (r) => {
    if (r.url().startsWith(baseURL!)) toShop.push({ url: r.url(), headers: await r.allHeaders() });
  });
  const partner = new PartnerSite(page);
  await partner.goto();
  await expect(partner.origin).toHaveText(partnerURL);
  // No password field: the partner signs in only through the shop (RFC 9700 §2.4, OAuth 2.1).
  await expect(page.locator('input[type="password"]')).toHaveCount(0);
  // It says it is another site from what the browser sent its server, which held a shop cookie.
  await expect(page.getByTestId("partner-site-note")).toHaveAttribute("data-cookie-arrived", "false");
  await expect(page.getByTestId("partner-site-note")).toContainText("another site");

  // As a guest: the first add returns a Cart-Token, which the page reads from the response header.
  await partner.addFirstProduct(1);
  await expect(partner.cart).toContainText("guest cart");
  const cartToken = (await partner.cartToken.textContent())!;
  expect(cartToken).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
  expect(claimsOf(cartToken).kind).toBe("cart");
  await partner.addFirstProduct(2);

  // Sign in through the shop as this worker's account (its cart emptied by `api`): the shop's own
  // login page (this browser's shop session is a guest's), its consent page, Allow, and back with
  // a code the page trades with its PKCE verifier. The guest cart merges; the page verifies the JWT.
  await partner.signInThroughShop(account);
  await expect(page).toHaveURL(`${partnerURL}/`);
  await expect(partner.loginStatus).toContainText("Signed in through the shop, allowed: profile cart. This page never saw your password.");
  await expect(partner.loginStatus).toContainText("Merged your guest cart");
  // RFC 9449: the tokens are bound to a key the page made and cannot export.
  await expect(partner.loginStatus).toContainText("Its tokens are bound to a key only this tab holds (DPoP).");
  await expect(partner.verification).toContainText("valid signature and claims");
  // Two carts met the account: the shop's own guest cart (its cookie session, merged by the shop's
  // login page) and the partner's (its Cart-Token, merged at the token endpoint).
  await expect(partner.cart).toContainText("3 item(s)");
  await expect(partner.cart).toContainText("user cart");
  await expect(partner.countdown).toHaveText(/^\d+ s$/);
  // The account's cart, asked through the shop's own API, holds what both guest carts held.
  expect((await (await api.get("/api/v1/cart")).json()).item_count).toBe(3);
  // What the user did not allow, the token cannot do (RFC 6750 §3.1).
  await partner.tryOrders.click();
  await expect(partner.ordersResult).toContainText("403");
  await expect(partner.ordersResult).toContainText('error="insufficient_scope", scope="orders"');

  await partner.checkCookies.click();
  await expect(partner.receivedCookies).toHaveText("none");
  await expect(partner.shopSawCookie).toHaveText("no: the session cookie was not sent");

  // Every call the partner's script made to the shop went without the shop's cookie (the visits to
  // the shop's login and consent pages are the browser's own navigations, on the shop's site).
  const calls = toShop.filter((r) => /\/api\/v1\/|\/oauth\/token|jwks/.test(r.url));
  expect(calls.length).toBeGreaterThanOrEqual(6);
  for (const r of calls) expect(r.headers["cookie"], r.url).toBeUndefined();
  // Bound tokens: every call that carried one says DPoP and brings a fresh proof, and so did the
  // token request that bound them.
  const withToken = calls.filter((r) => r.headers["authorization"]);
  expect(withToken.length).toBeGreaterThanOrEqual(2);
  for (const r of withToken) {
    expect(r.headers["authorization"], r.url).toMatch(/^DPoP /);
    expect(r.headers["dpop"], r.url).toMatch(/^ey[\w-]+\.ey[\w-]+\.[\w-]+$/);
  }
  expect(new Set(withToken.map((r) => r.headers["dpop"])).size, "one proof per request").toBe(withToken.length);
  expect(calls.find((r) => r.url.endsWith("/oauth/token"))?.headers["dpop"]).toBeTruthy();
  expect(calls.some((r) => r.headers["cart-token"] === cartToken)).toBe(true);
});

// A brand-new account (`freshAccount`), so its account page lists exactly the grant this test makes.
test("with a session on the shop the partner goes straight to consent; Deny says so; ending the grant on the account page stops the partner at once", async ({ page, shop, freshAccount: account }) => {
  await shop.login.goto();
  await hydrated(page);
  await shop.login.logIn(account);
  await expect(shop.header.signedInAs(account.email)).toBeVisible();
  const partner = new PartnerSite(page);
  await partner.goto();
  await partner.signIn.click();
  // Signed in on the shop already: no login page, the consent page names the site and each scope.
  await expect(page.getByRole("heading", { name: "Let Partner site use your account?" })).toBeVisible();
  await expect(page.getByText(account.email)).toBeVisible();
  await expect(page.getByRole("listitem")).toHaveText(["see your email address profile", "see and change your cart cart"]);
  await page.getByRole("button", { name: "Deny" }).click();
  await expect(partner.loginStatus).toContainText("Not signed in: the shop answered access_denied");

  await partner.signInThroughShop();
  await expect(partner.loginStatus).toContainText("Signed in through the shop");
  await partner.addFirstProduct(1);

  // The shop's account page lists the grant beside the cookie session; ending it is immediate.
  const shopTab = await page.context().newPage();
  await shopTab.goto("/account");
  const grant = shopTab.getByRole("row").filter({ hasText: "Partner site — profile, cart" });
  await expect(grant).toHaveCount(1);
  await grant.getByRole("button", { name: "End" }).click();
  await expect(shopTab.getByRole("row").filter({ hasText: "Partner site" })).toHaveCount(0);
  await shopTab.close();

  await partner.adds.first().click();
  await expect(partner.cart).toContainText("revoked");
  await expect(partner.calls.getByRole("listitem").first()).toContainText("POST /api/v1/cart/items → 401");
});
