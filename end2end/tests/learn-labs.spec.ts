import { test, expect, type Page } from "@playwright/test";
import { demoURL, waitForHydration } from "./helpers";

async function openDemo(page: Page, url: string, testid: string) {
  await page.goto(url);
  await waitForHydration(page);
  const demo = page.getByTestId(testid);
  await expect(demo).toHaveAttribute("data-ready", "true");
  await demo.scrollIntoViewIfNeeded();
  return demo;
}

async function expectNoSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, "no sideways scrolling").toBeLessThanOrEqual(0);
}

const statuses = (page: Page, testid: string) =>
  page.getByTestId(testid).evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.status));

test("the request inspector shows this browser's own requests, and none of another's", async ({ page, browser }) => {
  await openDemo(page, "/learn/two-carriers", "inspector");
  await page.getByTestId("inspector-start").click();
  await expect(page.getByTestId("inspector-state")).toContainText("recording");

  // A page, a server function (add to cart) and an API call from the playground.
  await page.goto("/products/earl-grey");
  await waitForHydration(page);
  await page.getByTestId("add-to-cart").click();
  await expect(page.getByTestId("flash")).toContainText("Added");
  await page.goto("/playground");
  await waitForHydration(page);
  await expect(page.locator("#playground")).toHaveAttribute("data-ready", "true");
  await page.getByTestId("pg-login").click();
  await expect(page.getByTestId("pg-exchange").first()).toContainText("→ 200");
  await page.getByTestId("pg-me").click();
  await expect(page.getByTestId("pg-exchange").first()).toContainText("/api/v1/me → 200");

  // Read on a phone-sized screen: the filled table must still fit.
  await page.setViewportSize({ width: 390, height: 800 });
  await openDemo(page, "/learn/two-carriers", "inspector");
  const rows = page.getByTestId("inspector-row");
  const row = (path: string) => rows.filter({ has: page.locator(`td:first-child`, { hasText: `${path} (` }) });
  await expect(row("GET /products/earl-grey").first()).toBeVisible();
  await expect(row("POST /api/v1/auth/login").first()).toContainText("none");
  const me = row("GET /api/v1/me").first();
  await expect(me).toHaveAttribute("data-carriers", "bearer JWT");
  await expect(me).toContainText("valid: user");
  // The add to cart ran with no cookie yet; the page loads after it carried the new session cookie.
  await expect(rows.filter({ hasText: "(server function)" }).first()).toBeVisible();
  await expect(rows.filter({ hasText: "record found: a guest with cart" }).first()).toBeVisible();
  await expectNoSidewaysScroll(page);
  // The lab's own requests are listed apart, and shown on request.
  await page.getByTestId("inspector-api-call").click();
  await expect(page.getByTestId("goal-status")).toContainText("Solved");
  await expect(page.getByTestId("inspector-state")).toContainText("from the labs (hidden)");
  expect(await rows.evaluateAll((els) => els.filter((e) => (e as HTMLElement).dataset.group === "lab").length)).toBe(0);
  await page.getByTestId("inspector-show-labs").check();
  await expect(page.locator('[data-testid="inspector-row"][data-group="lab"]').first()).toBeVisible();

  // Another visitor turns it on too and sees only its own requests.
  const other = await browser.newContext();
  const theirs = await other.newPage();
  await openDemo(theirs, "/learn/two-carriers", "inspector");
  await theirs.getByTestId("inspector-start").click();
  await expect(theirs.getByTestId("inspector-state")).toContainText("recording");
  await theirs.goto("/cart");
  await openDemo(theirs, "/learn/two-carriers", "inspector");
  await expect(theirs.getByTestId("inspector-row").first()).toBeVisible();
  const theirPaths = await theirs.getByTestId("inspector-row").evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.path));
  expect(theirPaths).toContain("/cart");
  expect(theirPaths).not.toContain("/products/earl-grey");
  expect(theirPaths).not.toContain("/api/v1/me");
  await other.close();
});

for (const width of [390, 1280]) {
  test(`after logout the old cookie is refused at once; the access token works until exp, or not at all with revoke-now (${width} px)`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    test.setTimeout(120_000);
    const demo = await openDemo(page, `${demoURL}/learn/replay-after-logout`, "race-demo");
    await page.getByTestId("race-run").click();
    await expect(page.getByTestId("race-cookie-status")).toHaveText("401");
    await expect(page.getByTestId("race-token-status")).toHaveText("200");
    await expect(page.getByTestId("race-countdown")).toContainText(/still accepted: exp at \d\d:\d\d:\d\d, in \d+ s/);
    await expect(page.getByTestId("goal-status")).toContainText("the old access token answered 200 until its exp");
    // Demo mode: the access token lives 20 s (plus 2 s of leeway).
    await expect(page.getByTestId("race-token-status")).toHaveText("401", { timeout: 40_000 });
    await expect(demo).toHaveAttribute("data-done", "true");
    expect(await statuses(page, "race-step")).toEqual(["200", "200", "200", "200", "204", "200", "401", "401"]);
    await expect(page.getByTestId("race-step").last()).toContainText("s after logout");
    await expectNoSidewaysScroll(page);

    await page.getByTestId("race-revoke").check();
    await page.getByTestId("race-run").click();
    await expect(demo).toHaveAttribute("data-done", "true", { timeout: 10_000 });
    await expect(page.getByTestId("race-cookie-status")).toHaveText("401");
    await expect(page.getByTestId("race-token-status")).toHaveText("401");
    await expect(page.getByTestId("race-countdown")).toContainText("revoked");
  });
}

for (const width of [390, 1280]) {
  test(`a guest cart built through the pages and through the API merges at login as previewed (${width} px)`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    const demo = await openDemo(page, "/learn/guest-carts", "merge-demo");
    await page.getByTestId("merge-build").click();
    await expect(page.getByTestId("merge-login")).toBeEnabled();
    const rows = page.getByTestId("merge-row");
    await expect(rows).toHaveCount(2);
    const preview = await page.getByTestId("merge-preview").allTextContents();
    // Two of the first product and one of the second, once through each carrier.
    expect(preview).toEqual(["4", "2"]);
    await expect(page.getByTestId("merge-actual").first()).toHaveText("—");
    await page.getByTestId("merge-login").click();
    await expect(demo).toHaveAttribute("data-done", "true");
    expect(await page.getByTestId("merge-actual").allTextContents()).toEqual(preview);
    await expectNoSidewaysScroll(page);
    expect(await statuses(page, "merge-step")).toEqual(["200", "200", "200", "200", "200", "200", "200", "200", "200"]);
    await expect(page.getByTestId("goal-status")).toContainText("holds exactly that");
  });
}

test("after a key rotation old tokens still verify by kid, new ones use the new key, and the JWKS changes (390 px; the 1280 px run is the next test)", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 900 });
  const demo = await openDemo(page, `${demoURL}/learn/rotate-the-key`, "rotation-demo");
  await page.getByTestId("rotation-run").click();
  await expect(demo).toHaveAttribute("data-done", "true");
  expect(await statuses(page, "rotation-step")).toEqual(["200", "200", "200", "200", "200", "200", "200"]);
  const { oldKid, newKid, jwksBefore, jwksAfter } = await demo.evaluate((el) => ({ ...(el as HTMLElement).dataset }));
  expect(newKid).toBeTruthy();
  expect(newKid).not.toBe(oldKid);
  expect(jwksBefore!.split(",")).not.toContain(newKid);
  expect(jwksAfter!.split(",")).toEqual(expect.arrayContaining([oldKid, newKid]));
  await expectNoSidewaysScroll(page);
});

test("outside demo mode the page rotates the key too, at most once every 10 s for the whole shop", async ({ page }) => {
  const demo = await openDemo(page, "/learn/rotate-the-key", "rotation-demo");
  await page.getByTestId("rotation-run").click();
  await expect(demo).toHaveAttribute("data-done", "true");
  expect(await statuses(page, "rotation-step")).toEqual(["200", "200", "200", "200", "200", "200", "200"]);
  await expect(page.getByTestId("goal-status")).toContainText("still answered 200");
  await page.getByTestId("rotation-run").click();
  await expect(page.getByTestId("rotation-step").nth(2)).toContainText("Try again in");
  expect((await statuses(page, "rotation-step"))[2]).toBe("429");
});
