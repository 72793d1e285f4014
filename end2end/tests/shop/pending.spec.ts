import { test, expect } from "../../fixtures";
import { hydrated, shopPages } from "../../pages/shop";

// Every action button is disabled while its action runs, so a double click sends once.
test("a double click on Add to cart adds one, and on Place order places one order", async ({ signedInPage: page, account, api }) => {
  const shop = shopPages(page);
  const ordersBefore = await api.orderCount();

  await shop.product.goto("earl-grey");
  await hydrated(page);
  await expect(shop.header.signedInAs(account.email)).toBeVisible();
  await shop.product.addToCart.dblclick();
  await expect(shop.product.notice).toContainText("Added 1 × Earl Grey");
  await expect(shop.header.cartCount).toHaveText("1");
  await shop.cart.goto();
  await hydrated(page);
  await expect(shop.cart.lines).toHaveCount(1);
  await expect(shop.cart.quantityOf("Earl Grey")).toHaveValue("1");

  await shop.cart.placeOrder.dblclick();
  await expect(page).toHaveURL(/\/orders\/\d+$/);
  await shop.orders.goto();
  await expect(shop.orders.rows).toHaveCount(ordersBefore + 1);
});
