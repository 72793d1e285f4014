import { test, expect } from "../../fixtures";
import { hydrated } from "../../pages/shop";

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled });

    test("update and remove cart lines as a guest", async ({ page, shop }) => {
      const { catalog, cart, header } = shop;
      await catalog.goto("?category=keys");
      if (javaScriptEnabled) await hydrated(page);
      await catalog.addToCart("Skeleton Key").click();
      await expect(header.cartCount).toHaveText("1");
      await catalog.addToCart("Combination Padlock").click();
      await expect(header.cartCount).toHaveText("2");

      await header.cartLink.click();
      await expect(cart.lines).toHaveCount(2);
      await cart.setQuantity("Skeleton Key", 4);
      await expect(cart.lineTotal("Skeleton Key")).toHaveText("$35.96");
      await expect(header.cartCount).toHaveText("5");
      await expect(cart.total).toHaveText("$51.95");

      await cart.remove("Combination Padlock");
      await expect(cart.lines).toHaveCount(1);
      await expect(cart.total).toHaveText("$35.96");
      await expect(header.cartCount).toHaveText("4");

      await cart.remove("Skeleton Key");
      await expect(cart.empty).toBeVisible();
      await expect(header.cartCount).toHaveText("0");
    });
  });
}
