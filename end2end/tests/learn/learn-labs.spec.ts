import { test, expect, demoURL } from "../../fixtures";
import { hydrated } from "../../pages/shop";
import { PlaygroundPage } from "../../pages/playground";
import { expectStackedTable, GuestCarts, ReplayAfterLogout, RotateTheKey, statuses, TwoCarriers } from "../../pages/lesson";

test("the request inspector shows this browser's own requests, and none of another's", async ({ page, browser, shop, account }) => {
  const lesson = new TwoCarriers(page);
  await lesson.open();
  await lesson.startRecording.click();
  await expect(lesson.state).toContainText("recording");

  // A page, a server function (add to cart) and an API call from the playground.
  await shop.product.goto("earl-grey");
  await hydrated(page);
  await shop.product.addToCart.click();
  await expect(shop.product.notice).toContainText("Added");
  const playground = new PlaygroundPage(page);
  await playground.goto();
  await playground.logInAs(account);
  await expect(playground.latest).toContainText("→ 200");
  await playground.me.click();
  await expect(playground.latest).toContainText("/api/v1/me → 200");

  // Read on a phone-sized screen: the filled table must still fit.
  await page.setViewportSize({ width: 390, height: 800 });
  await lesson.open();
  await expect(lesson.row("GET /products/earl-grey").first()).toBeVisible();
  await expect(lesson.row("POST /api/v1/auth/login").first()).toContainText("none");
  const me = lesson.row("GET /api/v1/me").first();
  await expect(me).toHaveAttribute("data-carriers", "bearer JWT");
  await expect(me).toContainText("valid: user");
  // The add to cart ran with no cookie yet; the page loads after it carried the new session cookie.
  await expect(lesson.rows.filter({ hasText: "(server function)" }).first()).toBeVisible();
  await expect(lesson.rows.filter({ hasText: "record found: a guest with cart" }).first()).toBeVisible();
  await lesson.expectNoSidewaysScroll();
  // The lab's own requests are listed apart, and shown on request.
  await lesson.apiCall.click();
  await expect(lesson.goalStatus).toContainText("Solved");
  await expect(lesson.state).toContainText("from the labs (hidden)");
  expect(await lesson.labRows.count()).toBe(0);
  await lesson.showLabs.check();
  await expect(lesson.labRows.first()).toBeVisible();

  // Another visitor turns it on too and sees only its own requests.
  const other = await browser.newContext();
  const theirs = new TwoCarriers(await other.newPage());
  await theirs.open();
  await theirs.startRecording.click();
  await expect(theirs.state).toContainText("recording");
  await theirs.page.goto("/cart");
  await theirs.open();
  await expect(theirs.rows.first()).toBeVisible();
  const theirPaths = await theirs.paths();
  expect(theirPaths).toContain("/cart");
  expect(theirPaths).not.toContain("/products/earl-grey");
  expect(theirPaths).not.toContain("/api/v1/me");
  await other.close();
});

for (const width of [390, 1280]) {
  test(`after logout the old cookie is refused at once; the access token works until exp, or not at all with revoke-now (${width} px)`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    test.setTimeout(120_000);
    // The shop as it runs by default: the lab's own short sign-in makes the wait seconds.
    const lesson = new ReplayAfterLogout(page);
    await lesson.open();
    await expect(lesson.wait).toContainText("the button waits until the old access token is refused: 20 s");
    await lesson.run.click();
    await expect(lesson.waiting).toHaveText(/^Replaying every second until the old access token is refused: its exp is at \d\d:\d\d:\d\d, in (1\d|20) s\. The button waits till then\.$/);
    await expect(lesson.run).toBeDisabled();
    await expect(lesson.cookieStatus).toHaveText("401");
    await expect(lesson.tokenStatus).toHaveText("200");
    await expect(lesson.countdown).toContainText(/still accepted: exp at \d\d:\d\d:\d\d, in \d+ s/);
    await expect(lesson.goalStatus).toContainText("the old access token answered 200 until its exp");
    // The short sign-in's access token lives 20 s (plus 2 s of leeway).
    await expect(lesson.tokenStatus).toHaveText("401", { timeout: 40_000 });
    await expect(lesson.lab).toHaveAttribute("data-done", "true");
    await expect(lesson.run).toBeEnabled();
    await expect(lesson.waiting).toHaveText("");
    expect(await statuses(lesson.steps)).toEqual(["200", "200", "200", "200", "204", "200", "401", "401"]);
    await expect(lesson.steps.nth(1)).toContainText("an access token that expires in 20 s");
    await expect(lesson.steps.last()).toContainText("s after logout");
    await lesson.expectNoSidewaysScroll();

    await lesson.revokeNow.check();
    await lesson.run.click();
    await expect(lesson.lab).toHaveAttribute("data-done", "true", { timeout: 10_000 });
    await expect(lesson.cookieStatus).toHaveText("401");
    await expect(lesson.tokenStatus).toHaveText("401");
    await expect(lesson.countdown).toContainText("revoked");
  });
}

for (const width of [390, 1280]) {
  test(`a guest cart under both carriers: the learner predicts the merge, then logs in and checks it (${width} px)`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    const lesson = new GuestCarts(page);
    await lesson.open();
    await lesson.build.click();
    await expect(lesson.rows).toHaveCount(2);
    // No answer before the prediction: the rule's column is empty, and logging in waits for one
    // prediction per product.
    expect(await lesson.preview.allTextContents()).toEqual(["—", "—"]);
    await expect(lesson.logIn).toBeDisabled();
    await expect(lesson.loginHint).toHaveText("Predict every product's quantity first (0 of 2 done); then log in.");
    await lesson.predictions.nth(0).fill("2");
    await expect(lesson.logIn).toBeDisabled();
    await lesson.predictions.nth(1).fill("2");
    await expect(lesson.logIn).toBeEnabled();
    await lesson.logIn.click();
    await expect(lesson.lab).toHaveAttribute("data-done", "true");
    // Two of the first product and one of the second, once through each carrier: the rule adds them.
    expect(await lesson.preview.allTextContents()).toEqual(["4", "2"]);
    expect(await lesson.actual.allTextContents()).toEqual(["4", "2"]);
    await expect(lesson.verdict).toContainText("Your prediction was off for");
    await expect(lesson.verdict).toContainText("(you said 2, the cart holds 4)");
    await expect(lesson.predictions.first()).toBeDisabled();
    await lesson.expectNoSidewaysScroll();
    await expectStackedTable(page.getByRole("table").filter({ has: lesson.rows.first() }));
    expect(await statuses(lesson.steps)).toEqual(["200", "200", "200", "200", "200", "200", "200", "200", "200"]);
    await expect(lesson.goalStatus).toContainText("you predicted 2 × ");
  });
}

test("after a key rotation old tokens still verify by kid, new ones use the new key, and the JWKS changes (390 px; the 1280 px run is the next test)", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 900 });
  const lesson = new RotateTheKey(page);
  await lesson.open({ origin: demoURL });
  await lesson.run.click();
  await expect(lesson.lab).toHaveAttribute("data-done", "true");
  expect(await statuses(lesson.steps)).toEqual(["200", "200", "200", "200", "200", "200", "200"]);
  const { oldKid, newKid, jwksBefore, jwksAfter } = await lesson.lab.evaluate((el) => ({ ...(el as HTMLElement).dataset }));
  expect(newKid).toBeTruthy();
  expect(newKid).not.toBe(oldKid);
  expect(jwksBefore!.split(",")).not.toContain(newKid);
  expect(jwksAfter!.split(",")).toEqual(expect.arrayContaining([oldKid, newKid]));
  await lesson.expectNoSidewaysScroll();
});

test("outside demo mode the page rotates the key too, at most once every 10 s for the whole shop", async ({ page }) => {
  const lesson = new RotateTheKey(page);
  await lesson.open();
  await lesson.run.click();
  await expect(lesson.lab).toHaveAttribute("data-done", "true");
  expect(await statuses(lesson.steps)).toEqual(["200", "200", "200", "200", "200", "200", "200"]);
  await expect(lesson.goalStatus).toContainText("still answered 200");
  await lesson.run.click();
  await expect(lesson.steps.nth(2)).toContainText("Try again in");
  expect((await statuses(lesson.steps))[2]).toBe("429");
});
