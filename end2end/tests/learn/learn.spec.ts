import { test, expect } from "../../fixtures";
import type { Page } from "@playwright/test";
import { hydrated } from "../../pages/shop";
import { expectNoSidewaysScroll, expectStackedTable, StealARefreshToken, statuses, Summary, TwoCarriers } from "../../pages/lesson";

for (const width of [390, 1280]) {
  test(`the Learn comparison shows measured values and fits a ${width}px screen`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    const summary = new Summary(page);
    await summary.open();
    await expect(summary.costSession).toHaveText(/^\d+\.\d µs$/);
    await expect(summary.costJwt).toHaveText(/^\d+\.\d µs$/);
    await expect(summary.costSessionSpread).toHaveText(/^\(middle 80 %: \d+\.\d+–\d+\.\d+ µs\)$/);
    const jwtBytes = Number(await summary.jwtBytes.textContent());
    expect(jwtBytes).toBeGreaterThan(300);
    // The statelessness row links to what several instances behind a load balancer measured.
    await expect(summary.instancesRow).toContainText(/reached the other instances in \d+ ms/);
    await expect(summary.cachingRow).toContainText(/X-Page-Cache.*[\d,]+ pages a second shared, [\d,]+ rendered per request/);
    await summary.instancesRow.getByRole("link").click();
    await expect(page).toHaveURL(/#instances$/);
    await expect(summary.instancesHere).toContainText("single instance, on SQLite");
    await expect(summary.instancesChecks).toHaveCount(6);
    // Each check's cells are its claim and its result, labelled by their own table's header (never
    // a carrier's), nothing cut off.
    await expectStackedTable(page.getByRole("table").filter({ has: summary.instancesChecks.first() }));
    await expectStackedTable(summary.compare);
    const cut = await summary.instancesChecks.evaluateAll((rows) =>
      rows.flatMap((row) => [...row.children].filter((cell) => cell.scrollWidth > cell.clientWidth + 1).map((c) => c.textContent)),
    );
    expect(cut, "nothing cut off").toEqual([]);
    await expect(summary.instancesMeasured).toContainText("instances of the release build on one PostgreSQL database");
    await expectNoSidewaysScroll(page);
  });
}

for (const width of [390, 1280]) {
  test(`a replayed refresh token revokes the whole sign-in, the legitimate client's token included (${width} px)`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    const lesson = new StealARefreshToken(page);
    await lesson.open();
    await lesson.clientFirst.click();
    await expect(lesson.lab).toHaveAttribute("data-done", "true");
    const steps = lesson.steps;
    await expect(steps).toHaveCount(5);
    expect(await statuses(steps)).toEqual(["200", "200", "401", "401", "200"]);
    await expect(steps.nth(2)).toContainText("This refresh token was already used.");
    await expect(steps.nth(3)).toContainText("The refresh token is unknown, expired or revoked.");
    await expect(lesson.goalStatus).toHaveText("Not solved yet.");

    // The thief first: the stolen token works for it, until the client comes back with it.
    await lesson.thiefFirst.click();
    await expect(lesson.lab).toHaveAttribute("data-done", "true");
    await expect(steps).toHaveCount(4);
    expect(await statuses(steps)).toEqual(["200", "200", "401", "401"]);
    await expect(steps.nth(2)).toContainText("This refresh token was already used.");
    await expect(lesson.goalStatus).toContainText("the stolen refresh token worked for the thief (200)");

    // Bound by DPoP (RFC 9449 §5): the copy is refused without the client's key, and spends nothing.
    await lesson.boundTheft.click();
    await expect(lesson.lab).toHaveAttribute("data-done", "true");
    await expect(steps).toHaveCount(4);
    expect(await statuses(steps)).toEqual(["200", "401", "401", "200"]);
    await expect(steps.nth(0)).toContainText("token_type DPoP");
    await expect(steps.nth(1)).toContainText("bound to a key (DPoP)");
    await expect(steps.nth(2)).toContainText("another key than the one the token is bound to");
    await expectNoSidewaysScroll(page);
  });
}

test("each learner's labs sign in with a throwaway account of their own, one per browser, shared by its tabs", async ({ browser }) => {
  const accountIn = async (page: Page) => {
    const lesson = new StealARefreshToken(page);
    await lesson.open();
    await lesson.clientFirst.click();
    await expect(lesson.lab).toHaveAttribute("data-done", "true");
    const first = (await lesson.steps.first().textContent()) ?? "";
    const email = /logs in as (\S+@\S+),/.exec(first)?.[1];
    expect(email, first).toMatch(/^learner-[a-z0-9_-]+@lab\.example\.com$/);
    return email;
  };
  const [a, b] = [await browser.newContext(), await browser.newContext()];
  const one = await a.newPage();
  const two = await b.newPage();
  const first = await accountIn(one);
  expect(await accountIn(two), "another browser, another account").not.toBe(first);
  await one.reload();
  expect(await accountIn(one), "the same account after a reload").toBe(first);
  expect(await accountIn(await a.newPage()), "another tab of the same browser: the same account").toBe(first);
  await a.close();
  await b.close();
});

test("the sequence diagrams load, each in the lesson that introduces its flow", async ({ page, request }) => {
  const diagrams = [
    ["two-carriers", "cookie-login", "Session cookie: log in, use, log out"],
    ["two-carriers", "jwt-login-refresh", "JWT: log in, use, refresh"],
    ["summary", "jwt-logout", "JWT: log out, and what an access token still does"],
  ];
  for (const [lesson, name, title] of diagrams) {
    await page.goto(`/learn/${lesson}`);
    const res = await request.get(`/diagrams/${name}.svg`);
    expect(res.status(), name).toBe(200);
    expect(res.headers()["content-type"]).toContain("image/svg+xml");
    const img = page.getByRole("img", { name: title, exact: true });
    await expect(img).toHaveAttribute("src", `/diagrams/${name}.svg`);
    await img.scrollIntoViewIfNeeded();
    await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
  }
});

test("lesson 1 watches both credentials end on the shop as it runs by default, with no restart", async ({ page }) => {
  test.setTimeout(90_000);
  const lesson = new TwoCarriers(page);
  await page.goto("/learn/two-carriers");
  await hydrated(page);
  await expect(page.getByText("DEMO_MODE")).toHaveCount(0);
  await expect(lesson.ending).toHaveAttribute("data-ready", "true");
  await expect(lesson.ending).toContainText("ends at the latest 30 s after sign-in");
  await expect(lesson.ending).toContainText("expires 20 s after it is issued");
  await lesson.watchBothEnd.click();
  await expect(lesson.endingToken).toContainText("200, still accepted");
  await expect(lesson.endingCookie).toContainText("200, still signed in");
  // The token's exp (20 s, plus 2 s of leeway), then the session's absolute end (30 s).
  await expect(lesson.endingToken).toContainText(/^401, refused 2\d s after sign-in/, { timeout: 40_000 });
  await expect(lesson.endingCookie).toContainText(/^401, ended (29|3\d) s after sign-in/, { timeout: 40_000 });
  await expect(lesson.endingResult).toContainText("Both ended by themselves");
  await expect(lesson.ending).toHaveAttribute("data-done", "true");
});

test("the lifetimes tick in human units: this browser's session and an access token count down", async ({ page, shop }) => {
  const lesson = new TwoCarriers(page);
  await page.goto("/learn/two-carriers");
  await hydrated(page);
  await expect(lesson.noSession).toBeVisible();
  // Get a session (a guest cart), then come back.
  await shop.product.goto("earl-grey");
  await hydrated(page);
  await shop.product.addToCart.click();
  await expect(shop.product.notice).toContainText("Added");
  await page.goto("/learn/two-carriers");
  await hydrated(page);
  // "29 min 59 s", "7 days", "45 s": never a bare count of seconds.
  const seconds = async (which: "session-idle" | "session-absolute" | "access") => {
    const text = (await lesson.timer(which).textContent())!;
    expect(text, which).toMatch(/^(\d+ days?)?( ?\d+ h)?( ?\d+ min)?( ?\d+ s)?$/);
    const unit = (re: RegExp, n: number) => Number(re.exec(text)?.[1] ?? 0) * n;
    return unit(/(\d+) day/, 86400) + unit(/(\d+) h/, 3600) + unit(/(\d+) min/, 60) + unit(/(\d+) s/, 1);
  };
  for (const which of ["session-idle", "session-absolute", "access"] as const) {
    const first = await seconds(which);
    expect(first, which).toBeGreaterThan(0);
    await expect.poll(() => seconds(which), { timeout: 5_000 }).toBeLessThan(first);
  }
});

test("claims, tested: each claim shows the verdict of an experiment run on this server", async ({ page }) => {
  const summary = new Summary(page);
  await summary.open();
  await expect(summary.claims).toHaveCount(5);
  await expect(summary.claim("forge")).toHaveAttribute("data-verdict", "does_not_hold_here");
  await expect(summary.claim("logs out")).toHaveAttribute("data-verdict", "holds_with_caveat");
  await expect(summary.evidence(summary.claim("logs out"))).toContainText("still accepted");
  // "A stolen JWT works anywhere until it expires": true for a bearer token, false for a DPoP-bound one.
  await expect(summary.claim("stolen JWT")).toHaveAttribute("data-verdict", "holds_with_caveat");
  await expect(summary.evidence(summary.claim("stolen JWT"))).toContainText("with a proof of the thief's own key: refused");
  // One measurement per page load: the cost claim quotes the table's own figures.
  const session = (await summary.costSession.first().textContent()) ?? "";
  const jwt = (await summary.costJwt.first().textContent()) ?? "";
  const scale = summary.evidence(summary.claim("scale"));
  await expect(scale).toContainText(`a session lookup ${session} (`);
  await expect(scale).toContainText(`signature and claims ${jwt} (`);
});
