import { test, expect, request as newRequest, type Page } from "@playwright/test";
import { createUser, waitForHydration } from "./helpers";

// What axe cannot judge on its own: names that tell a list's buttons apart, errors tied to their
// fields, control borders that can be seen, a skip link, tables that stay tables on a phone, and
// demo results that are announced.

async function logIn(page: Page, user: { email: string; password: string }) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByTestId("signed-in-as")).toHaveText(user.email);
}

/** Adds a product from its page (works with and without JavaScript). */
async function addFromPage(page: Page, slug: string, name: string, javaScriptEnabled: boolean) {
  await page.goto(`/products/${slug}`);
  if (javaScriptEnabled) await waitForHydration(page);
  await page.getByTestId("add-to-cart").click();
  await expect(page.getByTestId("flash")).toContainText(`× ${name}`);
}

/** Lets a field take a value the browser's own checks would stop, to reach the server's. */
async function unguard(page: Page, testid: string) {
  await page.getByTestId(testid).first().evaluate((el: HTMLInputElement) => {
    el.removeAttribute("max");
    el.removeAttribute("min");
    el.type = "text";
  });
}

test("every Add to cart button on the catalog names its product, and so do a cart line's buttons", async ({ page }) => {
  await page.goto("/");
  await waitForHydration(page);
  const cards = page.getByTestId("product-card");
  const names: string[] = [];
  for (const card of await cards.all()) {
    const button = card.getByRole("button");
    if ((await button.count()) === 0) continue; // out of stock
    const product = (await card.getByRole("heading").textContent())!.trim();
    // The visible label comes first, whole (WCAG 2.5.3, label in name).
    await expect(button).toHaveAccessibleName(`Add to cart (${product})`);
    names.push(product);
  }
  expect(names.length).toBeGreaterThan(20);
  expect(new Set(names).size).toBe(names.length);

  await page.goto("/products/earl-grey");
  await waitForHydration(page);
  await expect(page.getByTestId("add-to-cart")).toHaveAccessibleName("Add to cart (Earl Grey)");
  await page.getByTestId("add-to-cart").click();
  await expect(page.getByTestId("flash")).toContainText("Earl Grey");
  await page.goto("/products/oolong");
  await waitForHydration(page);
  await page.getByTestId("add-to-cart").click();
  await expect(page.getByTestId("flash")).toContainText("Milky Oolong");

  await page.goto("/cart");
  await waitForHydration(page);
  for (const name of ["Earl Grey", "Milky Oolong"]) {
    await expect(page.getByRole("button", { name: `Update ${name}`, exact: true })).toHaveCount(1);
    await expect(page.getByRole("button", { name: `Remove ${name}`, exact: true })).toHaveCount(1);
  }
  // The islands render the same names once they run: a change re-renders the rows.
  await page.getByRole("button", { name: "Remove Milky Oolong", exact: true }).click();
  await expect(page.getByTestId("cart-line")).toHaveCount(1);
  await expect(page.getByRole("button", { name: "Update Earl Grey", exact: true })).toBeVisible();
});

for (const javaScriptEnabled of [true, false]) {
  test.describe(`form errors name their fields ${javaScriptEnabled ? "with" : "without"} JavaScript`, () => {
    test.use({ javaScriptEnabled });

    test("a failed login marks both fields and describes them with the message", async ({ page }) => {
      await page.goto("/login");
      await expect(page.getByLabel("Email")).not.toHaveAttribute("aria-invalid", /.*/);
      await page.getByLabel("Email").fill("alice@example.com");
      await page.getByLabel("Password").fill("definitely-wrong");
      await page.getByRole("button", { name: "Log in" }).click();
      for (const label of ["Email", "Password"]) {
        await expect(page.getByLabel(label)).toHaveAttribute("aria-invalid", "true");
        await expect(page.getByLabel(label)).toHaveAccessibleDescription("Email or password is incorrect.");
      }
    });

    test("sign-up marks only the field each refusal is about", async ({ page }) => {
      await page.goto("/register");
      await page.getByLabel("Email").fill(`e2e-a11y-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`);
      await page.getByLabel("Password (at least 8 characters)").fill("long-enough-1");
      await page.getByLabel("Repeat password").fill("long-enough-2");
      await page.getByRole("button", { name: "Create account" }).click();
      await expect(page.getByLabel("Repeat password")).toHaveAttribute("aria-invalid", "true");
      await expect(page.getByLabel("Repeat password")).toHaveAccessibleDescription("The two passwords do not match.");
      await expect(page.getByLabel("Email")).not.toHaveAttribute("aria-invalid", /.*/);
      await expect(page.getByLabel("Password (at least 8 characters)")).not.toHaveAttribute("aria-invalid", /.*/);

      await page.getByLabel("Email").fill("alice@example.com");
      await page.getByLabel("Password (at least 8 characters)").fill("long-enough-1");
      await page.getByLabel("Repeat password").fill("long-enough-1");
      await page.getByRole("button", { name: "Create account" }).click();
      await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
      await expect(page.getByLabel("Email")).toHaveAccessibleDescription("An account with this email already exists. Log in instead.");
      await expect(page.getByLabel("Repeat password")).not.toHaveAttribute("aria-invalid", /.*/);
    });

    test("a refused quantity marks its field, on the product page and on the right cart line", async ({ page }) => {
      await page.goto("/products/oolong");
      if (javaScriptEnabled) await waitForHydration(page);
      await unguard(page, "quantity");
      await page.getByTestId("quantity").fill("0");
      await page.getByTestId("add-to-cart").click();
      await expect(page.getByTestId("action-error")).toHaveText("Quantity must be at least 1.");
      await expect(page.getByTestId("quantity")).toHaveAttribute("aria-invalid", "true");
      await expect(page.getByTestId("quantity")).toHaveAccessibleDescription("Quantity must be at least 1.");

      await addFromPage(page, "earl-grey", "Earl Grey", javaScriptEnabled);
      await addFromPage(page, "oolong", "Milky Oolong", javaScriptEnabled);
      await page.goto("/cart");
      if (javaScriptEnabled) await waitForHydration(page);
      const line = (name: string) => page.getByTestId("cart-line").filter({ hasText: name });
      await line("Milky Oolong").getByTestId("line-quantity").evaluate((el: HTMLInputElement) => {
        el.removeAttribute("max");
        el.removeAttribute("min");
        el.type = "text";
      });
      await line("Milky Oolong").getByTestId("line-quantity").fill("500");
      await line("Milky Oolong").getByRole("button", { name: "Update Milky Oolong" }).click();
      await expect(page.getByTestId("action-error")).toHaveText("Quantity can be at most 99.");
      await expect(line("Milky Oolong").getByTestId("line-quantity")).toHaveAttribute("aria-invalid", "true");
      await expect(line("Milky Oolong").getByTestId("line-quantity")).toHaveAccessibleDescription("Quantity can be at most 99.");
      await expect(line("Earl Grey").getByTestId("line-quantity")).not.toHaveAttribute("aria-invalid", /.*/);

      // A later change that succeeds takes the mark away with the message (in place, or with the
      // page the post comes back to).
      await line("Earl Grey").getByTestId("line-quantity").fill("2");
      await line("Earl Grey").getByRole("button", { name: "Update Earl Grey" }).click();
      await expect(line("Earl Grey").getByTestId("line-total")).toHaveText("$15.98");
      await expect(page.getByTestId("action-error")).toHaveCount(0);
      await expect(line("Milky Oolong").getByTestId("line-quantity")).not.toHaveAttribute("aria-invalid", /.*/);
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

/** Roles as Chromium itself exposes them (its accessibility tree), under `selector`. */
async function exposedRoles(page: Page, selector: string): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  const { root } = await cdp.send("DOM.getDocument", { depth: -1 });
  const { nodeId } = await cdp.send("DOM.querySelector", { nodeId: root.nodeId, selector });
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
  return roles;
}

test("at 390 px the cart, the account's sign-ins and the comparison are still tables", async ({ page, baseURL }) => {
  await page.setViewportSize({ width: 390, height: 900 });
  const user = await createUser(await newRequest.newContext({ baseURL }));
  await logIn(page, user);
  await addFromPage(page, "earl-grey", "Earl Grey", true);
  await page.goto("/cart");
  await waitForHydration(page);
  // The rows really are laid out as grids here.
  expect(await page.getByTestId("cart-line").evaluate((tr) => getComputedStyle(tr).display)).toBe("grid");
  const cart = page.getByRole("table");
  await expect(cart).toHaveCount(1);
  await expect(cart.getByRole("columnheader")).toHaveText(["Product", "Price", "Quantity", "Total", "Remove"]);
  await expect(cart.getByRole("row")).toHaveCount(3);
  await expect(cart.getByRole("cell", { name: "$7.99" }).first()).toBeVisible();
  const roles = await exposedRoles(page, '[data-testid="cart"]');
  expect(roles[0]).toBe("table");
  expect(roles.filter((r) => r === "columnheader")).toHaveLength(5);
  expect(roles.filter((r) => r === "row")).toHaveLength(3);
  expect(roles.filter((r) => r === "cell").length).toBeGreaterThanOrEqual(5);

  await page.goto("/account");
  const signins = page.getByRole("table").filter({ has: page.getByTestId("signin-row") });
  await expect(signins.getByRole("columnheader")).toHaveCount(5);
  expect((await exposedRoles(page, '[data-testid="signins"]')).filter((r) => r === "columnheader")).toHaveLength(5);

  await page.goto("/learn/summary");
  const compare = page.getByTestId("compare");
  await expect(compare).toHaveAttribute("role", "table");
  await expect(compare.getByRole("columnheader")).toHaveCount(4);
  await expect(compare.getByRole("rowheader", { name: "Where it lives" })).toBeVisible();
  const compared = await exposedRoles(page, '[data-testid="compare"]');
  expect(compared[0]).toBe("table");
  expect(compared.filter((r) => r === "columnheader")).toHaveLength(4);
  expect(compared.filter((r) => r === "rowheader").length).toBeGreaterThan(5);
});

// Each demo's and lab's result area is a live region: what it writes is announced.
const resultAreas: Record<string, string[]> = {
  "/playground": ["pg-last"],
  "/learn/two-carriers": ["inspector-state", "goal-status"],
  "/learn/read-a-token": ["anatomy-result"],
  "/learn/tamper": ["tamper-results", "tamper-cookie-results"],
  "/learn/where-to-keep-it": ["xss-status", "xss-csp-result"],
  "/learn/forge-a-request": ["forge-signed-in", "forge-summary"],
  "/learn/cookie-on-another-site": ["elsewhere-summary", "elsewhere-verdict"],
  "/learn/replay-after-logout": ["race-steps"],
  "/learn/steal-a-refresh-token": ["theft-steps"],
  "/learn/rotate-the-key": ["rotation-steps"],
  "/learn/guest-carts": ["merge-steps"],
};

test("the demos' and labs' results are written into live regions", async ({ page }) => {
  for (const [path, testids] of Object.entries(resultAreas)) {
    await page.goto(path);
    for (const testid of testids) {
      const live = await page.getByTestId(testid).evaluate((el) =>
        !!el.closest('[aria-live="polite"], [aria-live="assertive"], [role="status"], [role="log"], [role="alert"]'));
      expect(live, `${path}: ${testid}`).toBe(true);
    }
  }
  // And they are written: a call on the playground is announced in one line.
  await page.goto("/playground");
  await waitForHydration(page);
  await expect(page.locator("#playground")).toHaveAttribute("data-ready", "true");
  await page.getByTestId("pg-me").click();
  await expect(page.getByRole("status").filter({ hasText: "GET /api/v1/me answered 401." })).toBeVisible();
});
