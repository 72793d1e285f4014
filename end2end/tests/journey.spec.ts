import { test, expect, request as newRequest } from "@playwright/test";
import { addToAccountCart, badge, createUser, waitForHydration } from "./helpers";

// The whole shopping trip, twice: with JavaScript (the islands update the cart badge, the notice and
// the cart in place; moving between pages, logging in and out are page loads) and without it.
for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled });

    test("browse, filter, add as guest, log in, merge, check out, log out", async ({ page, context, baseURL }) => {
      const api = await newRequest.newContext({ baseURL });
      const user = await createUser(api);
      const earlGreyId = 22;
      await addToAccountCart(api, user, earlGreyId, 1);

      await page.goto("/");
      if (javaScriptEnabled) await waitForHydration(page);
      await expect(page.getByTestId("result-count")).toHaveText("25 products");

      // Filter by category through the form: the URL carries it.
      await page.getByTestId("category-select").selectOption("tea");
      await page.getByRole("button", { name: "Filter" }).click();
      await expect(page).toHaveURL(/category=tea/);
      await expect(page.getByTestId("result-count")).toHaveText("5 products");

      await page.getByRole("link", { name: "Earl Grey" }).click();
      await expect(page).toHaveURL(/\/products\/earl-grey$/);
      await expect(page.getByTestId("price")).toHaveText("$7.99");
      expect(await context.cookies(), "browsing sets no cookie").toHaveLength(0);

      await page.getByTestId("quantity").fill("2");
      await page.getByTestId("add-to-cart").click();
      await expect(page.getByTestId("flash")).toContainText("Added 2 × Earl Grey");
      await expect(badge(page)).toHaveText("2");
      const cookies = await context.cookies();
      expect(cookies.map((c) => c.name)).toEqual(["tokenshop_session"]);
      expect(cookies[0].httpOnly).toBe(true);
      expect(cookies[0].sameSite).toBe("Lax");

      await page.getByRole("link", { name: "Cart" }).click();
      await expect(page.getByTestId("login-to-checkout")).toBeVisible();
      await page.getByRole("link", { name: "Log in to check out" }).click();
      await expect(page).toHaveURL(/\/login\?next=\/cart/);
      await page.getByLabel("Email").fill(user.email);
      await page.getByLabel("Password").fill(user.password);
      await page.getByRole("button", { name: "Log in" }).click();

      await expect(page).toHaveURL(/\/cart$/);
      await expect(page.getByTestId("flash")).toContainText("2 × Earl Grey (now 3 in your cart)");
      await expect(page.getByTestId("signed-in-as")).toHaveText(user.email);
      await expect(page.getByTestId("line-quantity")).toHaveValue("3");
      await expect(page.getByTestId("cart-total")).toHaveText("$23.97");
      await expect(badge(page)).toHaveText("3");

      await page.getByTestId("checkout").click();
      await expect(page).toHaveURL(/\/orders\/\d+$/);
      await expect(page.getByTestId("order-heading")).toContainText("Order #");
      await expect(page.getByTestId("order-total")).toHaveText("$23.97");
      await expect(badge(page)).toHaveText("0");

      await page.getByRole("link", { name: "Orders", exact: true }).click();
      await expect(page.getByTestId("order-row")).toHaveCount(1);

      await page.getByRole("button", { name: "Log out" }).first().click();
      await expect(page.getByRole("link", { name: "Log in" })).toBeVisible();
      await expect(badge(page)).toHaveText("0");
      // Logout clears the session cookie; the device cookie the login set stays, so this browser's
      // own failed logins later count against it alone (the throttle's device cookies).
      const left = await context.cookies();
      expect(left.map((c) => c.name), "logout clears the session cookie").toEqual(["tokenshop_device"]);
      expect(left[0].httpOnly).toBe(true);
      expect(left[0].sameSite).toBe("Lax");

      await page.goto("/cart");
      await expect(page.getByTestId("cart-empty")).toBeVisible();
      await page.goto("/orders");
      await expect(page).toHaveURL(/\/login\?next=\/orders$/);
      await api.dispose();
    });

    test("register a fresh user, with a form error first", async ({ page }) => {
      const email = `fresh-${Date.now()}-${javaScriptEnabled ? "js" : "nojs"}@example.com`;
      await page.goto("/register");
      if (javaScriptEnabled) await waitForHydration(page);
      await page.getByLabel("Email").fill(email);
      await page.getByLabel("Password (at least 8 characters)").fill("long enough");
      await page.getByLabel("Repeat password").fill("not the same");
      await page.getByRole("button", { name: "Create account" }).click();
      await expect(page.getByRole("alert")).toContainText("do not match");

      await page.getByLabel("Email").fill(email);
      await page.getByLabel("Password (at least 8 characters)").fill("long enough");
      await page.getByLabel("Repeat password").fill("long enough");
      await page.getByRole("button", { name: "Create account" }).click();
      await expect(page).toHaveURL(/\/account$/);
      await expect(page.getByTestId("account-email")).toHaveText(email);
    });

    test("a wrong password shows a form error and sets no session", async ({ page, context }) => {
      await page.goto("/login");
      if (javaScriptEnabled) await waitForHydration(page);
      await page.getByLabel("Email").fill("alice@example.com");
      await page.getByLabel("Password").fill("definitely-wrong");
      await page.getByRole("button", { name: "Log in" }).click();
      await expect(page.getByRole("alert")).toHaveText("Email or password is incorrect.");
      expect(await context.cookies()).toHaveLength(0);
    });

    test("a bad quantity gets a clear message and the cart is unchanged", async ({ page }) => {
      await page.goto("/products/oolong");
      if (javaScriptEnabled) await waitForHydration(page);
      // The browser's own min/max check would stop the form; remove it to reach the server's.
      await page.getByTestId("quantity").evaluate((el: HTMLInputElement) => { el.removeAttribute("max"); el.removeAttribute("min"); el.type = "text"; });
      await page.getByTestId("quantity").fill("0");
      await page.getByTestId("add-to-cart").click();
      await expect(page.getByTestId("action-error")).toHaveText("Quantity must be at least 1.");
      await expect(badge(page)).toHaveText("0");
    });
  });
}
