import { test, expect } from "../../fixtures";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

/** The table both sides are tested against: Rust's unit tests read the same file. */
const cases = JSON.parse(readFileSync(resolve(__dirname, "../../../src/browser/cases.json"), "utf8")) as {
  human_duration: [number, string][];
  jwt_parts: { token: string; header: unknown; payload: unknown }[];
};

test("the browser's kit says durations and reads a JWT's parts exactly as the Rust side does (src/browser/cases.json)", async ({ page }) => {
  await page.goto("/learn");
  // The overview's module sits beside kit.js in the one folder the build serves them from.
  const kit = await page.locator('script[type="module"][src$="/learn/path.js"]').evaluate((s) => new URL("../browser/kit.js", (s as HTMLScriptElement).src).href);
  const said = await page.evaluate(async ({ kit, cases }) => {
    const { humanDuration, jwtParts } = await import(kit);
    return {
      durations: cases.human_duration.map(([secs]) => humanDuration(secs)),
      jwts: cases.jwt_parts.map(({ token }) => {
        const { header, payload } = jwtParts(token);
        return { header, payload };
      }),
    };
  }, { kit, cases });
  expect(said.durations).toEqual(cases.human_duration.map(([, text]) => text));
  expect(said.jwts).toEqual(cases.jwt_parts.map(({ header, payload }) => ({ header, payload })));
});
