import { test, expect } from "../../fixtures";
import { hydrated } from "../../pages/shop";

// The shop's forms refuse what they must, in words, with and without JavaScript.
for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled });

    test("register a fresh user, with a form error first", async ({ page, shop, newAccount }) => {
      await shop.register.goto();
      if (javaScriptEnabled) await hydrated(page);
      await shop.register.register(newAccount.email, newAccount.password, "not the same");
      await expect(shop.register.error).toContainText("do not match");

      await shop.register.register(newAccount.email, newAccount.password);
      await expect(page).toHaveURL(/\/account$/);
      await expect(shop.account.email).toHaveText(newAccount.email);
    });

    test("a wrong password shows a form error and sets no session", async ({ page, context, shop, account }) => {
      await shop.login.goto();
      if (javaScriptEnabled) await hydrated(page);
      await shop.login.logIn({ email: account.email, password: "definitely-wrong" });
      await expect(shop.login.error).toHaveText("Email or password is incorrect.");
      expect(await context.cookies()).toHaveLength(0);
    });

    test("a bad quantity gets a clear message and the cart is unchanged", async ({ page, shop }) => {
      await shop.product.goto("oolong");
      if (javaScriptEnabled) await hydrated(page);
      // The browser's own min/max check would stop the form; remove it to reach the server's.
      await shop.product.unguardQuantity();
      await shop.product.quantity.fill("0");
      await shop.product.addToCart.click();
      await expect(shop.product.error).toHaveText("Quantity must be at least 1.");
      await expect(shop.header.cartCount).toHaveText("0");
    });
  });
}
