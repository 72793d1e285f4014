import { expect, type APIRequestContext, type Page } from "@playwright/test";

/** A fresh account per test run, created through the same server function the register form uses. */
export async function createUser(request: APIRequestContext): Promise<{ email: string; password: string }> {
  const email = `e2e-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;
  const password = "playwright-pass";
  const res = await request.post("/fn/register", {
    form: { email, password, password_confirm: password },
  });
  expect(res.status(), await res.text()).toBe(200);
  return { email, password };
}

/** Adds to the account's cart from another cookie jar, so a later login has something to merge with. */
export async function addToAccountCart(request: APIRequestContext, user: { email: string; password: string }, productId: number, quantity: number) {
  expect((await request.post("/fn/login", { form: { email: user.email, password: user.password } })).status()).toBe(200);
  const res = await request.post("/fn/cart/add", { form: { product_id: String(productId), quantity: String(quantity) } });
  expect(res.status(), await res.text()).toBe(200);
}

export async function waitForHydration(page: Page) {
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
}

export const badge = (page: Page) => page.getByTestId("cart-count");

/** The partner site (see playwright.config.ts): another port and another host name. */
export const partnerURL = `http://localhost:${Number(process.env.E2E_PORT ?? 3100) + 1}`;
/** The same shop in demo mode (see playwright.config.ts): lifetimes in seconds, rotation allowed. */
export const demoURL = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3100) + 2}`;

/** The claims of a JWT, decoded here independently of the page. */
export function jwtClaims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString("utf8"));
}

/**
 * Every lesson's path, in order, as the overview lists them: the one list (`learn::lessons::LESSONS`)
 * the pages render, read back, so a test never keeps a copy of it.
 */
export async function lessonPaths(page: Page): Promise<string[]> {
  await page.goto("/learn");
  return page.getByTestId("path-lesson").evaluateAll((items) => items.map((li) => `/learn/${(li as HTMLElement).dataset.lesson}`));
}
