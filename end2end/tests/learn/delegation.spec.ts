import { test, expect } from "../../fixtures";
import { AccountPage, hydrated } from "../../pages/shop";
import { DelegationPartner, expectNoSidewaysScroll, LetAnotherSiteIn, statuses } from "../../pages/lesson";

// "Let another site in without your password": every goal reached by clicking through the two
// origins as a learner would, on a phone and a desktop. Each goal is the shop's own answer, read
// back from the shop's record of the attempt (src/learn/lessons/let_another_site_in/server.rs).

for (const width of [390, 1280]) {
  test(`the delegation lab's five goals, across the shop and the partner's site (${width} px)`, async ({ page, context }) => {
    test.setTimeout(90_000);
    await page.setViewportSize({ width, height: 900 });
    const lesson = new LetAnotherSiteIn(page);
    await lesson.open();
    await expect(lesson.goals).toHaveCount(5);
    await expect(lesson.goals.and(page.locator('[data-reached="true"]'))).toHaveCount(0);
    const account = await lesson.labAccount();

    // Goal 1: through the shop's login and consent to the partner's lab page, with a code.
    await lesson.openPartner.click();
    const partner = new DelegationPartner(page);
    await partner.ready();
    await partner.signInThroughShop(account);
    await expect(partner.status).toContainText("Back with a code");
    await expectNoSidewaysScroll(page);

    // Goal 2: the code without its verifier, then again after the partner traded it.
    await partner.guess.click();
    await expect(partner.steps.first()).toContainText("400 invalid_grant");
    await partner.trade.click();
    await expect(partner.status).toContainText("never your password");
    await partner.replay.click();
    await expect(partner.steps.first()).toContainText("400 invalid_grant");
    await expect(partner.steps.first()).toContainText("already used");
    await partner.me.click();
    await expect(partner.steps.first()).toHaveAttribute("data-status", /^401/);
    expect((await statuses(partner.steps)).reverse().map((s) => s?.slice(0, 3))).toEqual(["400", "200", "200", "400", "401"]);

    // Goal 4: a fresh sign-in (the shop remembers this browser now: consent only), then the orders.
    await partner.signInThroughShop();
    await partner.trade.click();
    await expect(partner.status).toContainText("never your password");
    await partner.orders.click();
    await expect(partner.steps.first()).toContainText("403 insufficient_scope");

    // Goal 5: ended on the shop's account page, in the tab the link opens; the next call is 401.
    const [accountTab] = await Promise.all([context.waitForEvent("page"), partner.endAccess.click()]);
    const accountPage = new AccountPage(accountTab);
    await hydrated(accountTab);
    await expect(accountPage.signIn("grant")).toContainText("Partner site — profile, cart");
    await accountPage.end("grant");
    await expect(accountPage.signIn("grant")).toHaveCount(0);
    await accountTab.close();
    await partner.me.click();
    await expect(partner.steps.first()).toHaveAttribute("data-status", /^401/);
    // The page came back from the shop afresh: its log holds this round only.
    expect((await statuses(partner.steps)).reverse().map((s) => s?.slice(0, 3))).toEqual(["200", "200", "403", "401"]);

    // Goal 3, from the lesson: the attacker's redirect URIs, refused before any code exists.
    await partner.back.click();
    await hydrated(page);
    await lesson.ready();
    await lesson.swap.click();
    await expect(lesson.labGoal("swap")).toHaveAttribute("data-reached", "true");
    for (const id of ["no-password", "stolen-code", "swap", "scope", "ended"]) {
      await expect(lesson.labGoal(id)).toHaveAttribute("data-reached", "true");
    }
    await expect(lesson.summary).toContainText("5 of 5 goals reached. The partner's server received code, state, iss — and no password.");
    await expect(lesson.events.and(page.locator('[data-step="swap-prefix"]'))).toContainText("400");
    await expect(lesson.goalStatus).toContainText("Solved");
    await lesson.expectNoSidewaysScroll();
  });
}
