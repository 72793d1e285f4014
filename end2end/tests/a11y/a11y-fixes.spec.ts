import { test, expect } from "../../fixtures";
import type { Locator, Page } from "@playwright/test";
import { hydrated, shopPages, unguard, type Shop } from "../../pages/shop";
import { PlaygroundPage } from "../../pages/playground";
import {
  CookieOnAnotherSite, ForgeARequest, GuestCarts, ReadAToken, ReplayAfterLogout, RotateTheKey,
  StealARefreshToken, Summary, Tamper, TwoCarriers, WhereToKeepIt,
} from "../../pages/lesson";

// What axe cannot judge on its own: names that tell a list's buttons apart, errors tied to their
// fields, control borders that can be seen, a skip link, tables that stay tables on a phone, and
// demo results that are announced.

/** Adds a product from its page (works with and without JavaScript). */
async function addFromPage(shop: Shop, slug: string, name: string, javaScriptEnabled: boolean) {
  await shop.product.goto(slug);
  if (javaScriptEnabled) await hydrated(shop.product.page);
  await shop.product.addToCart.click();
  await expect(shop.product.notice).toContainText(`× ${name}`);
}

test("every Add to cart button on the catalog names its product, and so do a cart line's buttons", async ({ page, shop }) => {
  await shop.catalog.goto();
  await hydrated(page);
  const names: string[] = [];
  for (const card of await shop.catalog.cards.all()) {
    const button = card.getByRole("button");
    if ((await button.count()) === 0) continue; // out of stock
    const product = (await card.getByRole("heading").textContent())!.trim();
    // The visible label comes first, whole (WCAG 2.5.3, label in name).
    await expect(button).toHaveAccessibleName(`Add to cart (${product})`);
    names.push(product);
  }
  expect(names.length).toBeGreaterThan(20);
  expect(new Set(names).size).toBe(names.length);

  await shop.product.goto("earl-grey");
  await hydrated(page);
  await expect(shop.product.addToCart).toHaveAccessibleName("Add to cart (Earl Grey)");
  await shop.product.addToCart.click();
  await expect(shop.product.notice).toContainText("Earl Grey");
  await shop.product.goto("oolong");
  await hydrated(page);
  await shop.product.addToCart.click();
  await expect(shop.product.notice).toContainText("Milky Oolong");

  await shop.cart.goto();
  await hydrated(page);
  for (const name of ["Earl Grey", "Milky Oolong"]) {
    await expect(shop.cart.updateButton(name)).toHaveCount(1);
    await expect(shop.cart.removeButton(name)).toHaveCount(1);
  }
  // The islands render the same names once they run: a change re-renders the rows.
  await shop.cart.remove("Milky Oolong");
  await expect(shop.cart.lines).toHaveCount(1);
  await expect(shop.cart.updateButton("Earl Grey")).toBeVisible();
});

for (const javaScriptEnabled of [true, false]) {
  test.describe(`form errors name their fields ${javaScriptEnabled ? "with" : "without"} JavaScript`, () => {
    test.use({ javaScriptEnabled });

    test("a failed login marks both fields and describes them with the message", async ({ shop, account }) => {
      const { login } = shop;
      await login.goto();
      await expect(login.email).not.toHaveAttribute("aria-invalid", /.*/);
      await login.logIn({ email: account.email, password: "definitely-wrong" });
      for (const field of [login.email, login.password]) {
        await expect(field).toHaveAttribute("aria-invalid", "true");
        await expect(field).toHaveAccessibleDescription("Email or password is incorrect.");
      }
    });

    test("sign-up marks only the field each refusal is about", async ({ shop, account, newAccount }) => {
      const { register } = shop;
      await register.goto();
      await register.register(newAccount.email, "long-enough-1", "long-enough-2");
      await expect(register.again).toHaveAttribute("aria-invalid", "true");
      await expect(register.again).toHaveAccessibleDescription("The two passwords do not match.");
      await expect(register.email).not.toHaveAttribute("aria-invalid", /.*/);
      await expect(register.password).not.toHaveAttribute("aria-invalid", /.*/);

      // An email that has an account already: this worker's.
      await register.register(account.email, "long-enough-1");
      await expect(register.email).toHaveAttribute("aria-invalid", "true");
      await expect(register.email).toHaveAccessibleDescription("An account with this email already exists. Log in instead.");
      await expect(register.again).not.toHaveAttribute("aria-invalid", /.*/);
    });

    test("a refused quantity marks its field, on the product page and on the right cart line", async ({ page, shop }) => {
      const { product, cart } = shop;
      await product.goto("oolong");
      if (javaScriptEnabled) await hydrated(page);
      await product.unguardQuantity();
      await product.quantity.fill("0");
      await product.addToCart.click();
      await expect(product.error).toHaveText("Quantity must be at least 1.");
      await expect(product.quantity).toHaveAttribute("aria-invalid", "true");
      await expect(product.quantity).toHaveAccessibleDescription("Quantity must be at least 1.");

      await addFromPage(shop, "earl-grey", "Earl Grey", javaScriptEnabled);
      await addFromPage(shop, "oolong", "Milky Oolong", javaScriptEnabled);
      await cart.goto();
      if (javaScriptEnabled) await hydrated(page);
      await unguard(cart.quantityOf("Milky Oolong"));
      await cart.setQuantity("Milky Oolong", 500);
      await expect(cart.error).toHaveText("Quantity can be at most 99.");
      await expect(cart.quantityOf("Milky Oolong")).toHaveAttribute("aria-invalid", "true");
      await expect(cart.quantityOf("Milky Oolong")).toHaveAccessibleDescription("Quantity can be at most 99.");
      await expect(cart.quantityOf("Earl Grey")).not.toHaveAttribute("aria-invalid", /.*/);

      // A later change that succeeds takes the mark away with the message (in place, or with the
      // page the post comes back to).
      await cart.setQuantity("Earl Grey", 2);
      await expect(cart.lineTotal("Earl Grey")).toHaveText("$15.98");
      await expect(cart.error).toHaveCount(0);
      await expect(cart.quantityOf("Milky Oolong")).not.toHaveAttribute("aria-invalid", /.*/);
    });
  });
}

/** Every visible control's border against what is behind it (WCAG 1.4.11). */
async function borderContrasts(page: Page): Promise<{ what: string; ratio: number }[]> {
  return page.evaluate(() => {
    const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
    const lum = ([r, g, b]: number[]) => {
      const f = (v: number) => {
        const c = v / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const behind = (el: Element): number[] => {
      for (let e = el.parentElement; e; e = e.parentElement) {
        const c = rgb(getComputedStyle(e).backgroundColor);
        if (c.length === 3 || (c.length === 4 && c[3] > 0)) return c.slice(0, 3);
      }
      return [255, 255, 255];
    };
    const out: { what: string; ratio: number }[] = [];
    for (const el of document.querySelectorAll("input, select, textarea, button")) {
      const s = getComputedStyle(el);
      const box = (el as HTMLElement).getBoundingClientRect();
      if (box.width === 0 || s.visibility === "hidden" || s.borderTopStyle === "none" || parseFloat(s.borderTopWidth) === 0) continue;
      if ((el as HTMLInputElement).type === "hidden" || (el as HTMLButtonElement).disabled) continue;
      const [a, b] = [lum(rgb(s.borderTopColor)), lum(behind(el))].sort((x, y) => y - x);
      out.push({ what: `${el.tagName.toLowerCase()}[${el.getAttribute("name") ?? el.textContent?.trim().slice(0, 30)}] ${s.borderTopColor}`, ratio: (a + 0.05) / (b + 0.05) });
    }
    return out;
  });
}

test("control borders stand out 3:1 from what is behind them", async ({ page }) => {
  const low: string[] = [];
  let measured = 0;
  for (const path of ["/", "/login", "/register", "/products/earl-grey", "/playground", "/learn/tamper", "/learn/read-a-token"]) {
    await page.goto(path);
    const found = await borderContrasts(page);
    measured += found.length;
    low.push(...found.filter((f) => f.ratio < 3).map((f) => `${path}: ${f.what} ${f.ratio.toFixed(2)}:1`));
  }
  expect(measured).toBeGreaterThan(20);
  expect(low).toEqual([]);
});

test("a skip link is the first stop on every page, shows itself, and lands on the page's content", async ({ page }) => {
  for (const path of ["/", "/cart", "/login", "/learn", "/learn/tamper", "/playground", "/api-reference"]) {
    await page.goto(path);
    const skip = page.getByRole("link", { name: "Skip to content" });
    await expect(skip).not.toBeInViewport();
    await page.keyboard.press("Tab");
    await expect(skip).toBeFocused();
    await expect(skip).toBeInViewport();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("main")).toBeFocused();
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => !!document.activeElement?.closest("main")), `${path}: the next stop is in the page`).toBe(true);
  }
});

/** Roles as Chromium itself exposes them (its accessibility tree), under the element `at`. */
async function exposedRoles(at: Locator): Promise<string[]> {
  const page = at.page();
  // CDP finds a node by a selector: mark the located element with one for the moment.
  await at.evaluate((el) => el.setAttribute("data-exposed-roles", ""));
  const cdp = await page.context().newCDPSession(page);
  const { root } = await cdp.send("DOM.getDocument", { depth: -1 });
  const { nodeId } = await cdp.send("DOM.querySelector", { nodeId: root.nodeId, selector: "[data-exposed-roles]" });
  const { nodes } = await cdp.send("Accessibility.getPartialAXTree", { nodeId, fetchRelatives: false });
  const table = nodes[0];
  const all = (await cdp.send("Accessibility.getFullAXTree")).nodes;
  const byId = new Map(all.map((n) => [n.nodeId, n]));
  const roles: string[] = [];
  const walk = (id: string) => {
    const n = byId.get(id);
    if (!n) return;
    if (!n.ignored) roles.push(String(n.role?.value));
    (n.childIds ?? []).forEach(walk);
  };
  walk(table.nodeId);
  await cdp.detach();
  await at.evaluate((el) => el.removeAttribute("data-exposed-roles"));
  return roles;
}

test("at 390 px the cart, the account's sign-ins and the comparison are still tables", async ({ signedInPage: page, api }) => {
  await page.setViewportSize({ width: 390, height: 900 });
  const shop = shopPages(page);
  // Signed in (this worker's account), with one Earl Grey put in the cart through the API.
  await api.addToCart(22, 1);
  await shop.cart.goto();
  await hydrated(page);
  // The rows really are laid out as grids here.
  expect(await shop.cart.lines.evaluate((tr) => getComputedStyle(tr).display)).toBe("grid");
  const cart = page.getByRole("table");
  await expect(cart).toHaveCount(1);
  await expect(cart.getByRole("columnheader")).toHaveText(["Product", "Price", "Quantity", "Total", "Remove"]);
  await expect(cart.getByRole("row")).toHaveCount(3);
  await expect(cart.getByRole("cell", { name: "$7.99" }).first()).toBeVisible();
  const roles = await exposedRoles(cart);
  expect(roles[0]).toBe("table");
  expect(roles.filter((r) => r === "columnheader")).toHaveLength(5);
  expect(roles.filter((r) => r === "row")).toHaveLength(3);
  expect(roles.filter((r) => r === "cell").length).toBeGreaterThanOrEqual(5);

  await shop.account.goto();
  const signins = page.getByRole("table").filter({ has: shop.account.signIns });
  await expect(signins.getByRole("columnheader")).toHaveCount(5);
  expect((await exposedRoles(signins)).filter((r) => r === "columnheader")).toHaveLength(5);

  const summary = new Summary(page);
  await page.goto("/learn/summary");
  await expect(summary.compare).toHaveAttribute("role", "table");
  await expect(summary.compare.getByRole("columnheader")).toHaveCount(4);
  await expect(summary.compare.getByRole("rowheader", { name: "Where it lives" })).toBeVisible();
  const compared = await exposedRoles(summary.compare);
  expect(compared[0]).toBe("table");
  expect(compared.filter((r) => r === "columnheader")).toHaveLength(4);
  expect(compared.filter((r) => r === "rowheader").length).toBeGreaterThan(5);
});

// Each demo's and lab's result area is a live region: what it writes is announced.
const resultAreas: [string, (page: Page) => Locator[]][] = [
  ["/playground", (p) => [new PlaygroundPage(p).lastCall]],
  ["/learn/two-carriers", (p) => [new TwoCarriers(p).state, new TwoCarriers(p).goalStatus]],
  ["/learn/read-a-token", (p) => [new ReadAToken(p).result]],
  ["/learn/tamper", (p) => [new Tamper(p).log, new Tamper(p).cookieLog]],
  ["/learn/where-to-keep-it", (p) => [new WhereToKeepIt(p).status, new WhereToKeepIt(p).cspResult]],
  ["/learn/forge-a-request", (p) => [new ForgeARequest(p).signedIn, new ForgeARequest(p).summary]],
  ["/learn/cookie-on-another-site", (p) => [new CookieOnAnotherSite(p).summary, new CookieOnAnotherSite(p).verdict]],
  ["/learn/replay-after-logout", (p) => [new ReplayAfterLogout(p).log]],
  ["/learn/steal-a-refresh-token", (p) => [new StealARefreshToken(p).log]],
  ["/learn/rotate-the-key", (p) => [new RotateTheKey(p).log]],
  ["/learn/guest-carts", (p) => [new GuestCarts(p).log]],
];

test("the demos' and labs' results are written into live regions", async ({ page }) => {
  for (const [path, areas] of resultAreas) {
    await page.goto(path);
    for (const area of areas(page)) {
      const live = await area.evaluate((el) =>
        !!el.closest('[aria-live="polite"], [aria-live="assertive"], [role="status"], [role="log"], [role="alert"]'));
      expect(live, `${path}: ${area}`).toBe(true);
    }
  }
  // And they are written: a call on the playground is announced in one line.
  const playground = new PlaygroundPage(page);
  await playground.goto();
  await playground.me.click();
  await expect(page.getByRole("status").filter({ hasText: "GET /api/v1/me answered 401." })).toBeVisible();
});
