import { test, expect, request as newRequest } from "@playwright/test";
import { badge, createUser, waitForHydration } from "./helpers";

// Every action button is disabled while its action runs, so a double click sends once.
test("a double click on Add to cart adds one, and on Place order places one order", async ({ page, baseURL }) => {
  const user = await createUser(await newRequest.newContext({ baseURL }));
  await page.goto("/login");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByTestId("signed-in-as")).toHaveText(user.email);

  await page.goto("/products/earl-grey");
  await waitForHydration(page);
  await page.getByTestId("add-to-cart").dblclick();
  await expect(page.getByTestId("flash")).toContainText("Added 1 × Earl Grey");
  await expect(badge(page)).toHaveText("1");
  await page.goto("/cart");
  await waitForHydration(page);
  await expect(page.getByTestId("cart-line")).toHaveCount(1);
  await expect(page.getByTestId("line-quantity")).toHaveValue("1");

  await page.getByTestId("checkout").dblclick();
  await expect(page).toHaveURL(/\/orders\/\d+$/);
  await page.goto("/orders");
  await expect(page.getByTestId("order-row")).toHaveCount(1);
});
