import { test, expect } from "@playwright/test";
import { waitForHydration } from "./helpers";

for (const width of [390, 1280]) {
  test(`the Learn comparison shows measured values and fits a ${width}px screen`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    await page.goto("/learn");
    await waitForHydration(page);
    await expect(page.getByTestId("cost-session")).toHaveText(/^\d+\.\d µs$/);
    await expect(page.getByTestId("cost-jwt")).toHaveText(/^\d+\.\d µs$/);
    const jwtBytes = Number(await page.getByTestId("jwt-bytes").textContent());
    expect(jwtBytes).toBeGreaterThan(300);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, "no sideways scrolling").toBeLessThanOrEqual(0);
  });
}
