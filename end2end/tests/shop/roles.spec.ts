import { test, expect, partnerURL } from "../../fixtures";
import { hydrated } from "../../pages/shop";

// What a suite written with getByRole and getByLabel meets, one friction each: every control and
// every result has a name of its own, and no name is a part of another's.

test("the cart badge is a status named 'Items in cart', beside a link named just 'Cart'", async ({ shop, page }) => {
  await shop.product.goto("earl-grey");
  await hydrated(page);
  await expect(shop.header.cartLink).toHaveCount(1);
  await expect(shop.header.cartCount).toHaveText("0");
  await shop.product.add(2);
  await expect(page.getByRole("status", { name: "Items in cart" })).toHaveText("2");
});

test("on the sign-up form, getByLabel('Password') is one field, and the repeat has a name of its own", async ({ shop }) => {
  await shop.register.goto();
  await expect(shop.register.password).toHaveCount(1);
  await expect(shop.register.password).toHaveAttribute("type", "password");
  await expect(shop.register.password).toHaveAccessibleDescription("At least 8 characters.");
  await expect(shop.register.again).toHaveAttribute("name", "password_confirm");
});

test("the account page has one 'Log out' button and its email is labelled 'Email'", async ({ signedInPage, account }) => {
  await signedInPage.goto("/account");
  await expect(signedInPage.getByRole("button", { name: "Log out" })).toHaveCount(1);
  await expect(signedInPage.getByLabel("Email")).toHaveText(account.email);
  // ARIA gives a definition (a `dd`) no name of its own (naming it is prohibited), so
  // getByRole("definition", { name: "Email" }) finds nothing: it is the definition labelled "Email".
  await expect(signedInPage.getByRole("definition").and(signedInPage.getByLabel("Email"))).toHaveText(account.email);
});

test("the partner's buttons say which product they add, and its results are a status and a log", async ({ page }) => {
  await page.goto(partnerURL);
  await expect(page.locator("body")).toHaveAttribute("data-ready", "true");
  const adds = page.getByRole("button", { name: /^Add to cart: / });
  expect(await adds.count()).toBeGreaterThanOrEqual(6);
  const names = await adds.evaluateAll((buttons) => buttons.map((b) => b.getAttribute("aria-label")));
  expect(new Set(names).size, "every button names its own product").toBe(names.length);
  await page.getByRole("button", { name: names[0]! }).click();
  await expect(page.getByRole("status", { name: "The cart" })).toContainText("1 item(s)");
  await expect(page.getByRole("log", { name: "Calls made" }).getByRole("listitem").first()).toContainText("POST /api/v1/cart/items → 200");
});
