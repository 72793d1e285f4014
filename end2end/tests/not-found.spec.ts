import { test, expect } from "@playwright/test";

test("unknown pages and products are real 404 pages", async ({ page }) => {
  for (const path of ["/no-such-page", "/products/no-such-thing"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
    await page.getByRole("link", { name: "Back to the shop" }).click();
    await expect(page.getByTestId("result-count")).toHaveText("25 products");
  }
});

test("pages hydrate under the strict Content-Security-Policy, each with every island in its bundle", async ({ page }) => {
  const violations: string[] = [];
  const missingIslands: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") violations.push(msg.text());
    if (msg.text().includes("Could not find WASM function")) missingIslands.push(`${page.url()}: ${msg.text()}`);
  });
  // Several full loads: the page's nonce once went missing from the header about one load in 30.
  for (const path of ["/", "/products/earl-grey", "/login", "/cart", "/playground", "/api-reference", "/", "/register", "/no-such-page", "/learn", "/account", "/orders", "/"]) {
    await page.goto(path);
    await expect(page.locator("body"), path).toHaveAttribute("data-hydrated", "true");
  }
  expect(violations.filter((v) => v.includes("Content Security Policy"))).toEqual([]);
  expect(missingIslands).toEqual([]);
});
