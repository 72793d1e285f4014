import { test, expect } from "@playwright/test";
import { resolve } from "node:path";
import { demoURL, partnerURL, waitForHydration } from "./helpers";

// The README's "Learn in 5 minutes" pictures, retaken on every run so they never go stale.
const shot = (name: string) => resolve(__dirname, "../tour", `${name}.png`);

test("tour screenshots for the README", async ({ page }) => {
  await page.setViewportSize({ width: 1100, height: 800 });
  await page.goto("/learn");
  await waitForHydration(page);
  await expect(page.getByTestId("path-lesson")).toHaveCount(12);
  await page.screenshot({ path: shot("1-learn") });

  await page.goto("/learn/two-carriers");
  await expect(page.getByTestId("inspector")).toHaveAttribute("data-ready", "true");
  await page.getByTestId("inspector-start").click();
  await expect(page.getByTestId("inspector-state")).toContainText("recording");
  await page.getByTestId("inspector-show-labs").check();
  await page.getByTestId("inspector-api-call").click();
  // The tab's lab account (made on this first call), its API login, and the call to /me.
  await expect(page.getByTestId("inspector-row")).toHaveCount(3, { timeout: 5_000 });
  await page.getByTestId("inspector").screenshot({ path: shot("5-inspector") });

  await page.goto("/learn/steal-a-refresh-token");
  await expect(page.getByTestId("theft-demo")).toHaveAttribute("data-ready", "true");
  await page.getByTestId("theft-run-thief-first").click();
  await expect(page.getByTestId("theft-demo")).toHaveAttribute("data-done", "true");
  await page.getByTestId("theft-demo").screenshot({ path: shot("2-refresh-theft") });

  await page.goto("/learn/where-to-keep-it?csp=off");
  await expect(page.getByTestId("xss")).toHaveAttribute("data-ready", "true");
  await page.getByTestId("xss-signin").click();
  await expect(page.getByTestId("xss-inject")).toBeEnabled();
  await page.getByTestId("xss-inject").click();
  await expect(page.locator('[data-store="memory"] [data-testid="xss-sent"]')).toContainText("the access token", { timeout: 10_000 });
  await page.getByTestId("xss-replay").click();
  await expect(page.getByTestId("goal-status")).toContainText("Solved");
  await page.getByTestId("xss").screenshot({ path: shot("8-where-to-keep-it") });

  await page.goto("/learn/guest-carts");
  await expect(page.getByTestId("merge-demo")).toHaveAttribute("data-ready", "true");
  await page.getByTestId("merge-build").click();
  await expect(page.getByTestId("merge-login")).toBeEnabled();
  await page.getByTestId("merge-login").click();
  await expect(page.getByTestId("merge-demo")).toHaveAttribute("data-done", "true");
  await page.getByTestId("merge-demo").screenshot({ path: shot("7-cart-merge") });

  // Mid-race on the demo-mode shop: the cookie already refused, the token still accepted.
  await page.goto(`${demoURL}/learn/replay-after-logout`);
  await expect(page.getByTestId("race-demo")).toHaveAttribute("data-ready", "true");
  await page.getByTestId("race-run").click();
  await expect(page.getByTestId("race-countdown")).toContainText("still accepted");
  await page.getByTestId("race-demo").screenshot({ path: shot("6-logout-race") });

  await page.goto("/playground");
  await expect(page.locator("#playground")).toHaveAttribute("data-ready", "true");
  await page.getByTestId("pg-login").click();
  await expect(page.getByTestId("pg-access-raw")).toHaveText(/^eyJ/);
  await page.getByTestId("pg-logout").click();
  await page.getByTestId("pg-me").click();
  await expect(page.getByTestId("pg-exchange").first()).toContainText("GET /api/v1/me → 200");
  await page.screenshot({ path: shot("3-playground"), fullPage: true });

  await page.goto(partnerURL);
  await expect(page.locator("body")).toHaveAttribute("data-ready", "true");
  await page.locator('[data-testid^="partner-add-"]').first().click();
  await expect(page.getByTestId("partner-cart-summary")).toContainText("1 item(s)");
  await page.getByTestId("partner-login").click();
  await expect(page.getByTestId("local-verification")).toContainText("valid signature");
  await page.getByTestId("check-cookies").click();
  await expect(page.getByTestId("shop-saw-cookie")).toContainText("no");
  await page.screenshot({ path: shot("4-partner"), fullPage: true });
});
