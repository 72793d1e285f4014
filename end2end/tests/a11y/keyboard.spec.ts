import { test, expect } from "../../fixtures";
import type { Page } from "@playwright/test";
import { hydrated } from "../../pages/shop";

// The whole trip with the keyboard alone: Tab and Shift+Tab to move, Enter and Space to act, typing
// into what Tab reached. No clicks, no fill(). Every stop must show where the focus is.

type Stop = { tag: string; name: string; text: string; shown: boolean; onScreen: boolean };

/** The focused element, and whether the browser draws its focus (:focus-visible with a ring). */
async function focused(page: Page): Promise<Stop | null> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    return {
      tag: el.tagName.toLowerCase(),
      name: el.getAttribute("name") ?? "",
      text: (el.textContent ?? "").trim().replace(/\s+/g, " "),
      shown: el.matches(":focus-visible") && style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
      onScreen: box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < window.innerHeight,
    };
  });
}

/** Presses Tab (or Shift+Tab) until `wanted` has the focus; every stop on the way shows its focus. */
async function tabTo(page: Page, wanted: (s: Stop) => boolean, what: string, back = false): Promise<number> {
  for (let presses = 1; presses <= 150; presses++) {
    await page.keyboard.press(back ? "Shift+Tab" : "Tab");
    const stop = await focused(page);
    if (!stop) continue; // between the page and the browser's own controls
    expect(stop.shown, `focus is drawn on ${stop.tag} "${stop.text || stop.name}"`).toBe(true);
    expect(stop.onScreen, `${stop.tag} "${stop.text || stop.name}" is scrolled into view`).toBe(true);
    if (wanted(stop)) return presses;
  }
  throw new Error(`Tab never reached ${what}`);
}

const button = (text: string) => (s: Stop) => s.tag === "button" && s.text === text;
const link = (text: string | RegExp) => (s: Stop) =>
  s.tag === "a" && (typeof text === "string" ? s.text === text : text.test(s.text));
const input = (name: string) => (s: Stop) => s.tag === "input" && s.name === name;

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled });

    // This worker's account, typed in; `api` empties its cart first and counts its orders.
    test("browse, add to cart, log in and check out with the keyboard alone", async ({ page, shop, account, api }) => {
      const ordersBefore = await api.orderCount();
      const settle = async () => {
        await page.waitForLoadState();
        if (javaScriptEnabled) await hydrated(page);
      };

      await shop.catalog.goto();
      await settle();
      // The skip link first, then past the header straight into the catalog.
      expect(await tabTo(page, link("Skip to content"), "the skip link")).toBe(1);
      await page.keyboard.press("Enter");
      await expect(page.getByRole("main")).toBeFocused();
      await tabTo(page, button("Add to cart (Earl Grey)"), "Earl Grey's Add to cart");
      await page.keyboard.press("Space");
      await expect(shop.catalog.notice).toContainText("Added 1 × Earl Grey");
      await expect(shop.header.cartCount).toHaveText("1");
      await settle();

      // To the cart: back up to the header with JavaScript (the focus stayed on the button), or
      // down from the top of the page the form post came back to.
      await tabTo(page, link(/^Cart/), "the cart link", javaScriptEnabled);
      await page.keyboard.press("Enter");
      await expect(page).toHaveURL(/\/cart$/);
      await settle();
      await expect(shop.cart.lines).toHaveCount(1);
      await tabTo(page, link("Log in to check out"), "the login link");
      await page.keyboard.press("Enter");
      await expect(page).toHaveURL(/\/login\?next=\/cart$/);
      await settle();

      await tabTo(page, input("email"), "the email field");
      await page.keyboard.type(account.email);
      await tabTo(page, input("password"), "the password field");
      await page.keyboard.type(account.password);
      await page.keyboard.press("Enter");
      await expect(page).toHaveURL(/\/cart$/);
      await expect(shop.header.signedInAs(account.email)).toBeVisible();
      await settle();

      await tabTo(page, button("Place order"), "Place order");
      await page.keyboard.press("Enter");
      await expect(page).toHaveURL(/\/orders\/\d+$/);
      await expect(shop.order.notice).toContainText("is placed");
      await expect(shop.order.lines).toHaveCount(1);
      await expect(shop.order.lines).toContainText("Earl Grey");
      expect(await api.orderCount()).toBe(ordersBefore + 1);
    });
  });
}
