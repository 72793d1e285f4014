import { test, expect, claimsOf, partnerURL } from "../../fixtures";
import { hydrated } from "../../pages/shop";
import { PartnerSite } from "../../pages/partner";

test("the partner site on another origin logs in, fills a guest cart by Cart-Token, and never sends the shop's cookie", async ({ page, context, baseURL, shop, account, api }) => {
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
  // Nothing is filled in on load; asked, the form gets this tab's own lab account, never a shared
  // demo account.
  await expect(partner.email).toHaveValue("");
  await partner.fillLabAccount.click();
  await expect(partner.email).toHaveValue(/^learner-[a-z0-9_-]+@lab\.example\.com$/);
  await expect(partner.labAccount).toHaveText(/^Filled in with this browser's lab account, learner-[a-z0-9_-]+@lab\.example\.com\.$/);
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

  // Log in with a bearer token, as this worker's account (its cart emptied by `api`): the guest
  // cart merges, and the page verifies the JWT itself.
  await partner.logInAs(account);
  await expect(partner.loginStatus).toContainText("Logged in with a bearer token");
  await expect(partner.loginStatus).toContainText("Merged your guest cart");
  await expect(partner.verification).toContainText("valid signature and claims");
  await expect(partner.cart).toContainText("2 item(s)");
  await expect(partner.cart).toContainText("user cart");
  await expect(partner.countdown).toHaveText(/^\d+ s$/);
  // The account's cart, asked through the shop's own API, holds what the guest cart held.
  expect((await (await api.get("/api/v1/cart")).json()).item_count).toBe(2);

  await partner.checkCookies.click();
  await expect(partner.receivedCookies).toHaveText("none");
  await expect(partner.shopSawCookie).toHaveText("no: the session cookie was not sent");

  // Every request the partner page made to the shop went without the shop's cookie.
  expect(toShop.length).toBeGreaterThanOrEqual(6);
  for (const r of toShop) expect(r.headers["cookie"], r.url).toBeUndefined();
  expect(toShop.some((r) => r.headers["authorization"]?.startsWith("Bearer "))).toBe(true);
  expect(toShop.some((r) => r.headers["cart-token"] === cartToken)).toBe(true);
});

test("the partner site creates an account through the API and is signed in by tokens, keeping its guest cart", async ({ page, newAccount }) => {
  const partner = new PartnerSite(page);
  await partner.goto();
  await partner.addFirstProduct(1);
  await partner.email.fill(newAccount.email);
  await partner.password.fill(newAccount.password);
  await partner.register.click();
  await expect(partner.loginStatus).toContainText("Account created, and logged in with a bearer token");
  await expect(partner.verification).toContainText("valid signature and claims");
  await expect(partner.cart).toContainText("1 item(s)");
  await expect(partner.cart).toContainText("user cart");
  // The same email again: the shop's sentence, not a code.
  await partner.logOut.click();
  await partner.register.click();
  await expect(partner.loginStatus).toContainText("already");
});
