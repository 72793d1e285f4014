import { test, expect } from "../../fixtures";
import { hydrated } from "../../pages/shop";

// The whole shopping trip, twice: with JavaScript (the islands update the cart badge, the notice and
// the cart in place; moving between pages, logging in and out are page loads) and without it.
for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled });

    test("browse, filter, add as guest, log in, merge, check out, log out", async ({ page, context, shop, account, api }) => {
      // The account already holds one Earl Grey (put there through the API), for the login to merge
      // with; its orders from earlier tests stay, so the new one is counted from here.
      const earlGreyId = 22;
      await api.addToCart(earlGreyId, 1);
      const ordersBefore = await api.orderCount();

      await shop.catalog.goto();
      if (javaScriptEnabled) await hydrated(page);
      await expect(shop.catalog.resultCount).toHaveText("25 products");

      // Filter by category through the form: the URL carries it.
      await shop.catalog.filterBy("tea");
      await expect(page).toHaveURL(/category=tea/);
      await expect(shop.catalog.resultCount).toHaveText("5 products");

      await shop.catalog.productLink("Earl Grey").click();
      await expect(page).toHaveURL(/\/products\/earl-grey$/);
      await expect(shop.product.price).toHaveText("$7.99");
      expect(await context.cookies(), "browsing sets no cookie").toHaveLength(0);

      await shop.product.quantity.fill("2");
      await shop.product.addToCart.click();
      await expect(shop.product.notice).toContainText("Added 2 × Earl Grey");
      await expect(shop.header.cartCount).toHaveText("2");
      const cookies = await context.cookies();
      expect(cookies.map((c) => c.name)).toEqual(["tokenshop_session"]);
      expect(cookies[0].httpOnly).toBe(true);
      expect(cookies[0].sameSite).toBe("Lax");

      await shop.header.cartLink.click();
      await expect(shop.cart.loginToCheckout).toBeVisible();
      await shop.cart.loginToCheckout.click();
      await expect(page).toHaveURL(/\/login\?next=\/cart/);
      await shop.login.logIn(account);

      await expect(page).toHaveURL(/\/cart$/);
      await expect(shop.cart.notice).toContainText("2 × Earl Grey (now 3 in your cart)");
      await expect(shop.header.signedInAs(account.email)).toBeVisible();
      await expect(shop.cart.quantityOf("Earl Grey")).toHaveValue("3");
      await expect(shop.cart.total).toHaveText("$23.97");
      await expect(shop.header.cartCount).toHaveText("3");

      await shop.cart.placeOrder.click();
      await expect(page).toHaveURL(/\/orders\/\d+$/);
      await expect(shop.order.heading).toContainText("Order #");
      await expect(shop.order.total).toHaveText("$23.97");
      await expect(shop.header.cartCount).toHaveText("0");

      await shop.header.orders.click();
      await expect(shop.orders.rows).toHaveCount(ordersBefore + 1);

      await shop.header.logOut.click();
      await expect(shop.header.logIn).toBeVisible();
      await expect(shop.header.cartCount).toHaveText("0");
      // Logout clears the session cookie; the device cookie the login set stays, so this browser's
      // own failed logins later count against it alone (the throttle's device cookies).
      const left = await context.cookies();
      expect(left.map((c) => c.name), "logout clears the session cookie").toEqual(["tokenshop_device"]);
      expect(left[0].httpOnly).toBe(true);
      expect(left[0].sameSite).toBe("Lax");

      await shop.cart.goto();
      await expect(shop.cart.empty).toBeVisible();
      await shop.orders.goto();
      await expect(page).toHaveURL(/\/login\?next=\/orders$/);
    });
  });
}
