import { test, expect } from "@playwright/test";
import { badge, waitForHydration } from "./helpers";

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled });

    test("update and remove cart lines as a guest", async ({ page }) => {
      await page.goto("/?category=keys");
      if (javaScriptEnabled) await waitForHydration(page);
      const card = (name: string) => page.getByTestId("product-card").filter({ hasText: name });
      await card("Skeleton Key").getByRole("button", { name: "Add to cart" }).click();
      await expect(badge(page)).toHaveText("1");
      await card("Combination Padlock").getByRole("button", { name: "Add to cart" }).click();
      await expect(badge(page)).toHaveText("2");

      await page.getByRole("link", { name: "Cart" }).click();
      await expect(page.getByTestId("cart-line")).toHaveCount(2);
      const keyLine = page.getByTestId("cart-line").filter({ hasText: "Skeleton Key" });
      await keyLine.getByTestId("line-quantity").fill("4");
      await keyLine.getByRole("button", { name: "Update" }).click();
      await expect(keyLine.getByTestId("line-total")).toHaveText("$35.96");
      await expect(badge(page)).toHaveText("5");
      await expect(page.getByTestId("cart-total")).toHaveText("$51.95");

      await page.getByTestId("cart-line").filter({ hasText: "Combination Padlock" }).getByRole("button", { name: "Remove" }).click();
      await expect(page.getByTestId("cart-line")).toHaveCount(1);
      await expect(page.getByTestId("cart-total")).toHaveText("$35.96");
      await expect(badge(page)).toHaveText("4");

      await keyLine.getByRole("button", { name: "Remove" }).click();
      await expect(page.getByTestId("cart-empty")).toBeVisible();
      await expect(badge(page)).toHaveText("0");
    });
  });
}
