import { test, expect } from "@playwright/test";
import { waitForHydration } from "./helpers";

for (const width of [390, 1280]) {
  test(`the Learn comparison shows measured values and fits a ${width}px screen`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    await page.goto("/learn/summary");
    await waitForHydration(page);
    await expect(page.getByTestId("cost-session")).toHaveText(/^\d+\.\d µs$/);
    await expect(page.getByTestId("cost-jwt")).toHaveText(/^\d+\.\d µs$/);
    await expect(page.getByTestId("cost-session-spread")).toHaveText(/^\(middle 80 %: \d+\.\d+–\d+\.\d+ µs\)$/);
    const jwtBytes = Number(await page.getByTestId("jwt-bytes").textContent());
    expect(jwtBytes).toBeGreaterThan(300);
    // The statelessness row links to what several instances behind a load balancer measured.
    await expect(page.getByTestId("row-instances")).toContainText(/reached the other instances in \d+ ms/);
    await expect(page.getByTestId("row-caching")).toContainText(/X-Page-Cache.*[\d,]+ pages a second shared, [\d,]+ rendered per request/);
    await page.getByTestId("row-instances").getByRole("link").click();
    await expect(page).toHaveURL(/#instances$/);
    await expect(page.getByTestId("instances-here")).toContainText("single instance, on SQLite");
    await expect(page.getByTestId("instances-check")).toHaveCount(6);
    // Each check's cells are its claim and its result: no carrier label, nothing cut off.
    const cells = await page.getByTestId("instances-check").evaluateAll((rows) =>
      rows.flatMap((row) =>
        [...row.children].map((cell) => ({
          label: getComputedStyle(cell, "::before").content,
          cut: cell.scrollWidth > cell.clientWidth + 1,
        })),
      ),
    );
    for (const cell of cells) {
      expect(["none", "normal"]).toContain(cell.label);
      expect(cell.cut).toBe(false);
    }
    await expect(page.getByTestId("instances-measured")).toContainText("instances of the release build on one PostgreSQL database");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, "no sideways scrolling").toBeLessThanOrEqual(0);
  });
}

for (const width of [390, 1280]) {
  test(`a replayed refresh token revokes the whole sign-in, the legitimate client's token included (${width} px)`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    await page.goto("/learn/steal-a-refresh-token");
    await waitForHydration(page);
    const demo = page.getByTestId("theft-demo");
    await expect(demo).toHaveAttribute("data-ready", "true");
    await page.getByTestId("theft-run").click();
    await expect(demo).toHaveAttribute("data-done", "true");
    const steps = page.getByTestId("theft-step");
    await expect(steps).toHaveCount(5);
    const statuses = await steps.evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.status));
    expect(statuses).toEqual(["200", "200", "401", "401", "200"]);
    await expect(steps.nth(2)).toContainText("This refresh token was already used.");
    await expect(steps.nth(3)).toContainText("The refresh token is unknown, expired or revoked.");
    await expect(page.getByTestId("goal-status")).toHaveText("Not solved yet.");

    // The thief first: the stolen token works for it, until the client comes back with it.
    await page.getByTestId("theft-run-thief-first").click();
    await expect(demo).toHaveAttribute("data-done", "true");
    await expect(steps).toHaveCount(4);
    expect(await steps.evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.status))).toEqual(["200", "200", "401", "401"]);
    await expect(steps.nth(2)).toContainText("This refresh token was already used.");
    await expect(page.getByTestId("goal-status")).toContainText("the stolen refresh token worked for the thief (200)");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, "no sideways scrolling").toBeLessThanOrEqual(0);
  });
}

test("each learner's labs sign in with a throwaway account of their own, kept for the tab", async ({ browser }) => {
  const accountIn = async (page: import("@playwright/test").Page) => {
    await page.goto("/learn/steal-a-refresh-token");
    await waitForHydration(page);
    await expect(page.getByTestId("theft-demo")).toHaveAttribute("data-ready", "true");
    await page.getByTestId("theft-run").click();
    await expect(page.getByTestId("theft-demo")).toHaveAttribute("data-done", "true");
    const first = (await page.getByTestId("theft-step").first().textContent()) ?? "";
    const email = /logs in as (\S+@\S+),/.exec(first)?.[1];
    expect(email, first).toMatch(/^learner-[a-z0-9_-]+@lab\.example\.com$/);
    return email;
  };
  const one = await (await browser.newContext()).newPage();
  const two = await (await browser.newContext()).newPage();
  const a = await accountIn(one);
  const b = await accountIn(two);
  expect(a).not.toBe(b);
  await one.reload();
  expect(await accountIn(one), "the same account after a reload").toBe(a);
});

test("the sequence diagrams load, each in the lesson that introduces its flow", async ({ page, request }) => {
  for (const [lesson, name] of [["two-carriers", "cookie-login"], ["two-carriers", "jwt-login-refresh"], ["summary", "jwt-logout"]]) {
    await page.goto(`/learn/${lesson}`);
    const res = await request.get(`/diagrams/${name}.svg`);
    expect(res.status(), name).toBe(200);
    expect(res.headers()["content-type"]).toContain("image/svg+xml");
    const img = page.locator(`img[src="/diagrams/${name}.svg"]`);
    await img.scrollIntoViewIfNeeded();
    await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
  }
});

test("the lifetimes tick in human units: this browser's session and an access token count down", async ({ page }) => {
  await page.goto("/learn/two-carriers");
  await waitForHydration(page);
  await expect(page.getByTestId("timer-no-session")).toBeVisible();
  // Get a session (a guest cart), then come back.
  await page.goto("/products/earl-grey");
  await waitForHydration(page);
  await page.getByTestId("add-to-cart").click();
  await expect(page.getByTestId("flash")).toContainText("Added");
  await page.goto("/learn/two-carriers");
  await waitForHydration(page);
  // "29 min 59 s", "7 days", "45 s": never a bare count of seconds.
  const seconds = async (id: string) => {
    const text = (await page.getByTestId(id).textContent())!;
    expect(text, id).toMatch(/^(\d+ days?)?( ?\d+ h)?( ?\d+ min)?( ?\d+ s)?$/);
    const unit = (re: RegExp, n: number) => Number(re.exec(text)?.[1] ?? 0) * n;
    return unit(/(\d+) day/, 86400) + unit(/(\d+) h/, 3600) + unit(/(\d+) min/, 60) + unit(/(\d+) s/, 1);
  };
  for (const id of ["timer-session-idle", "timer-session-absolute", "timer-access"]) {
    const first = await seconds(id);
    expect(first, id).toBeGreaterThan(0);
    await expect.poll(() => seconds(id), { timeout: 5_000 }).toBeLessThan(first);
  }
});

test("claims, tested: each claim shows the verdict of an experiment run on this server", async ({ page }) => {
  await page.goto("/learn/summary");
  await waitForHydration(page);
  const claims = page.getByTestId("claim");
  await expect(claims).toHaveCount(4);
  await expect(claims.filter({ hasText: "forge" })).toHaveAttribute("data-verdict", "does_not_hold_here");
  await expect(claims.filter({ hasText: "logs out" })).toHaveAttribute("data-verdict", "holds_with_caveat");
  await expect(claims.filter({ hasText: "logs out" }).getByTestId("claim-evidence")).toContainText("still accepted");
  // One measurement per page load: the cost claim quotes the table's own figures.
  const session = (await page.getByTestId("cost-session").first().textContent()) ?? "";
  const jwt = (await page.getByTestId("cost-jwt").first().textContent()) ?? "";
  const scale = claims.filter({ hasText: "scale" }).getByTestId("claim-evidence");
  await expect(scale).toContainText(`a session lookup ${session} (`);
  await expect(scale).toContainText(`signature and claims ${jwt} (`);
});
