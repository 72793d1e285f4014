import { test, expect } from "../../fixtures";
import type { Page } from "@playwright/test";
import { LearnOverview } from "../../pages/lesson";

test("unknown pages and products are real 404 pages", async ({ page, shop }) => {
  for (const path of ["/no-such-page", "/products/no-such-thing"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
    await page.getByRole("link", { name: "Back to the shop" }).click();
    await expect(shop.catalog.resultCount).toHaveText("25 products");
  }
});

/**
 * Every page a visitor can reach, found by following the site's own links from `from`: one of each
 * product and order page (they share a route), everything else as linked. Never a form, so no
 * logout; never a file, a server function or the JSON API.
 */
async function crawl(page: Page, from: string, follow: (path: string) => boolean): Promise<string[]> {
  // The catalog's filters are one route; a lesson's query (`?csp=off`) serves another page.
  const shape = (path: string) =>
    (path.startsWith("/learn/") ? path : path.split("?")[0]).replace(/^\/(products|orders)\/[^/]+$/, "/$1/:one");
  const seen = new Set<string>();
  const shapes = new Set<string>();
  const queue = [from];
  while (queue.length) {
    const path = queue.shift()!;
    if (shapes.has(shape(path))) continue;
    shapes.add(shape(path));
    seen.add(path);
    await page.goto(path);
    await expect(page.locator("body"), path).toHaveAttribute("data-hydrated", "true");
    // Every link, hidden ones too (a closed menu still links its pages).
    const hrefs = await page.getByRole("link", { includeHidden: true }).evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href).filter(Boolean));
    for (const href of hrefs) {
      const url = new URL(href);
      if (url.origin !== new URL(page.url()).origin) continue;
      const next = url.pathname + url.search;
      if (/^\/(api|fn|pkg|js|images|diagrams|\.well-known)\//.test(url.pathname) || /\.[a-z]+$/.test(url.pathname)) continue;
      if (follow(next) && !shapes.has(shape(next))) queue.push(next);
    }
  }
  return [...seen];
}

test("every route hydrates under the strict Content-Security-Policy, each with every island in its bundle, as a guest and signed in", async ({ page, signedInPage, api }) => {
  test.setTimeout(180_000);
  const violations: string[] = [];
  const missingIslands: string[] = [];
  for (const tab of [page, signedInPage]) {
    tab.on("console", (msg) => {
      if (msg.type() === "error") violations.push(`${tab.url()}: ${msg.text()}`);
      if (msg.text().includes("Could not find WASM function")) missingIslands.push(`${tab.url()}: ${msg.text()}`);
    });
  }
  // As a guest, everything linked from the catalog: every lesson, the glossary, the API reference.
  const asGuest = await crawl(page, "/", () => true);
  const lessons = await new LearnOverview(page).paths();
  expect(lessons.length).toBeGreaterThanOrEqual(12);
  expect(asGuest).toEqual(expect.arrayContaining([...lessons, "/learn", "/learn/glossary", "/cart", "/login", "/register", "/playground", "/api-reference", "/learn/where-to-keep-it?csp=off"]));
  expect(asGuest.some((p) => p.startsWith("/products/")), asGuest.join(", ")).toBe(true);

  // Signed in (this worker's account), with an order placed through the API, the members' pages
  // too: the account, the orders and one order.
  await api.addToCart(1, 1);
  await api.checkout();
  const signedIn = await crawl(signedInPage, "/account", (path) => !path.startsWith("/learn/"));
  expect(signedIn).toEqual(expect.arrayContaining(["/account", "/orders", "/cart", "/"]));
  expect(signedIn.some((p) => /^\/orders\/\d+$/.test(p)), signedIn.join(", ")).toBe(true);

  expect(violations.filter((v) => v.includes("Content Security Policy"))).toEqual([]);
  expect(missingIslands).toEqual([]);
});
