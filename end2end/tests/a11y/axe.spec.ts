import { test, expect, partnerURL } from "../../fixtures";
import type { Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { LearnOverview } from "../../pages/lesson";

// Every page, as a guest and signed in, scanned by axe-core: zero violations of any impact.
const guestPages = [
  "/", "/?category=tea", "/products/earl-grey", "/cart", "/login", "/register", "/no-such-page",
  "/learn", "/learn/glossary", "/playground", "/api-reference", "/learn/where-to-keep-it?csp=off",
];
// The labs' own pages on the partner origin (the attacker's page, the cookie experiment's page).
const partnerPages = [partnerURL, `${partnerURL}/learn/forge-a-request/attacker`, `${partnerURL}/learn/cookie-on-another-site/partner`];
const signedInPages = ["/account", "/orders", "/cart"];

async function violations(page: Page, path: string): Promise<string[]> {
  await page.goto(path);
  await page.waitForLoadState("networkidle");
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations.map((v) => `${path}: ${v.impact} ${v.id} (${v.nodes.length}): ${v.nodes[0]?.target}`);
}

for (const javaScriptEnabled of [true, false]) {
  for (const width of [390, 1280]) {
    test.describe(`${javaScriptEnabled ? "with" : "without"} the pages' scripts at ${width} px`, () => {
      test("axe finds nothing on any page", async ({ page, signedInPage, api }) => {
        test.setTimeout(240_000);
        // axe runs as a script in the page, so "without JavaScript" is the pages without their own
        // scripts: every script and wasm file refused, the server-rendered HTML as it stands.
        for (const tab of [page, signedInPage]) {
          await tab.setViewportSize({ width, height: 900 });
          if (!javaScriptEnabled) await tab.route(/\.(js|wasm)(\?|$)/, (route) => route.abort());
        }
        const found: string[] = [];
        const lessons = await new LearnOverview(page).paths();
        expect(lessons.length).toBeGreaterThanOrEqual(12);
        for (const path of [...guestPages, ...lessons, ...partnerPages]) {
          found.push(...(await violations(page, path)));
        }
        // Signed in (this worker's account), with an order and a line in the cart, put there
        // through the API.
        const earlGreyId = 22;
        await api.addToCart(earlGreyId, 1);
        await api.checkout();
        await api.addToCart(earlGreyId, 1);
        for (const path of signedInPages) found.push(...(await violations(signedInPage, path)));
        expect(found).toEqual([]);
      });
    });
  }
}
