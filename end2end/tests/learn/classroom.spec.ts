import { test, expect, partnerURL } from "../../fixtures";
import type { Browser, Page } from "@playwright/test";
import { hydrated } from "../../pages/shop";
import { PartnerSite } from "../../pages/partner";
import {
  CookieExperiment, CookieOnAnotherSite, LessonPage, StealARefreshToken, Summary, WhichOne,
} from "../../pages/lesson";

// A classroom behind one address, and a learner with many tabs: the labs keep working, and when a
// limit is hit every lab says so in words, with the wait and what to do.

test("thirty tabs of one browser in a row all get a working lab, on the one lab account the browser keeps", async ({ browser }) => {
  test.setTimeout(180_000);
  const context = await browser.newContext();
  const emails = new Set<string>();
  for (let tab = 0; tab < 30; tab += 1) {
    const page = await context.newPage();
    const lesson = new StealARefreshToken(page);
    await lesson.open();
    await lesson.clientFirst.click();
    await expect(lesson.lab, `tab ${tab + 1}`).toHaveAttribute("data-done", "true");
    await expect(lesson.steps.first(), `tab ${tab + 1}`).toHaveAttribute("data-status", "200");
    await expect(lesson.problem).toHaveCount(0);
    emails.add(/logs in as (\S+@\S+),/.exec((await lesson.steps.first().textContent()) ?? "")?.[1] ?? "none");
    await page.close();
  }
  expect([...emails], "one lab account for the whole browser").toHaveLength(1);
  await context.close();
});

/** The answer of an address whose lab accounts are spent, as the shop words it (a 429 problem). */
const SPENT = {
  status: 429,
  headers: { "content-type": "application/problem+json", "retry-after": "720" },
  body: JSON.stringify({
    type: "/api/v1/problems/too-many-attempts",
    title: "Too many attempts",
    status: 429,
    detail: "This address has made 200 lab accounts in the last hour, the most this shop makes for one address. Try again in 12 min; a lab account this browser already has keeps working until it expires.",
  }),
};

/** Every lab that signs in, by its lesson and the button that starts it. */
const LABS: [slug: string, labTestId: string, button: string | RegExp][] = [
  ["two-carriers", "inspector", "Call the API with your lab account's token"],
  ["two-carriers", "ending-demo", "Sign in both ways for a short while, and watch"],
  ["read-a-token", "anatomy", "Sign in by the API and show my token"],
  ["tamper", "tamper", "Get a token to change"],
  ["where-to-keep-it", "xss", "1. Sign in six ways"],
  ["forge-a-request", "forge", /^1\. Sign in to the lab target/],
  ["replay-after-logout", "race-demo", "Log in both ways, log out both, replay"],
  ["steal-a-refresh-token", "theft-demo", "The client refreshes first"],
  ["rotate-the-key", "rotation-demo", "Get a token, rotate, get another"],
  ["guest-carts", "merge-demo", "1. Fill both guest carts"],
];

async function freshPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.route("**/learn/lab/account", (route) => route.fulfill(SPENT));
  return page;
}

test("when the address's lab accounts are spent, every lab says so in words: the wait and what still works", async ({ browser }) => {
  test.setTimeout(120_000);
  for (const [slug, labTestId, button] of LABS) {
    const page = await freshPage(browser);
    const lesson = new LessonPage(page, slug, labTestId);
    await lesson.open();
    await page.getByRole("button", { name: button }).click();
    const problem = lesson.lab.getByRole("alert");
    await expect(problem, `${slug} (${labTestId})`).toContainText("lab account");
    await expect(problem, slug).toContainText("Try again in 12 min");
    await expect(problem, slug).not.toContainText("undefined");
    await expect(lesson.lab).toHaveAttribute("data-problem", "true");
    await page.context().close();
  }
});

test("the decision guide lets the learner pick a kind of client and answers for it", async ({ page }) => {
  const guide = new WhichOne(page);
  await guide.open();
  await expect(guide.answer).toHaveCount(0);
  await guide.client.selectOption({ label: "A mobile or desktop app" });
  await guide.show.click();
  await expect(page).toHaveURL(/\/learn\/which-one\?client=native-app$/);
  await expect(guide.answer.getByRole("heading")).toHaveText("For a mobile or desktop app");
  await expect(guide.answer).toContainText("The platform's secure store");
  await expect(guide.cases.and(page.locator('[aria-current="true"]'))).toHaveAttribute("data-case", "native-app");
  await expect(guide.client).toHaveValue("native-app");
});

test("the port case: the partner under the shop's host name is the shop's site, and the pages say what the browser sent", async ({ page, baseURL, shop }) => {
  // This browser holds the shop's session cookie (a guest cart).
  await shop.product.goto("earl-grey");
  await hydrated(page);
  await shop.product.addToCart.click();
  await expect(shop.header.cartCount).toHaveText("1");
  const shopHost = new URL(baseURL!).hostname;
  // The partner's port under the shop's own host name: what a learner types.
  const twin = new URL(partnerURL);
  twin.hostname = shopHost;
  const partner = new PartnerSite(page);
  const note = page.getByTestId("partner-site-note");
  await partner.goto(`${twin.origin}/`);
  // The page reports the cookie it received, and why it came: the same host name, another port.
  await expect(note).toHaveAttribute("data-cookie-arrived", "true");
  await expect(note).toHaveText(
    `Your browser sent the shop's session cookie (tokenshop_session) to this page's server: this page's host name, ${shopHost}, is the shop's, `
      + `and cookies are kept per host name, not per port — so to your browser this is the shop's own site. The partner's own address, another site, is ${partnerURL}.`,
  );
  // Its products load there too (that origin is on the API's CORS list).
  await expect(partner.adds.first()).toBeVisible();
  // Under its own address, the same page is another site, and says so from what (did not) arrive.
  await partner.goto(`${partnerURL}/`);
  await expect(note).toHaveAttribute("data-cookie-arrived", "false");
  await expect(note).toHaveText(
    `Your browser sent none of the shop's cookies here: they belong to the shop's host name, ${shopHost}, and this page is at ${new URL(partnerURL).hostname}, another site.`,
  );

  // Lesson 6's experiment, from another site and from the same site on another port.
  const lesson = new CookieOnAnotherSite(page);
  await lesson.open();
  const link = new URL((await lesson.openPartner.getAttribute("href"))!);
  const experiment = new CookieExperiment(page);
  for (const origin of [partnerURL, twin.origin]) {
    await page.goto(`${origin}${link.pathname}${link.search}`);
    await experiment.run.click();
    await expect(experiment.root).toHaveAttribute("data-done", "true");
  }
  // At the same-site host the shop's Lax cookie came back: cookies do not separate by port.
  await expect(experiment.result("check")).toContainText("the browser sent back: SameSite=Lax");
  await experiment.back.click();
  await hydrated(page);
  await lesson.ready();
  await expect(lesson.trial("cross-site", "check").first()).not.toContainText("SameSite=Lax");
  await expect(lesson.trials.and(page.locator('[data-site="same-site"][data-step="check"]')).first()).toContainText("SameSite=Lax");

  // The summary's claim is drawn from what browsers sent here, not from configuration.
  const summary = new Summary(page);
  await summary.open();
  const claim = summary.claim("one domain");
  await expect(claim).toHaveAttribute("data-verdict", "holds_with_caveat");
  await expect(summary.evidence(claim)).toContainText("Measured from lesson 6's experiment");
  await expect(summary.evidence(claim)).toContainText("From the same site on another port (Sec-Fetch-Site: same-site)");
});

test("the summary's scaling verdict and its figures stay the same over 20 loads of one measurement", async ({ page }) => {
  const summary = new Summary(page);
  // What each load showed, by the measurement it names: one shared measurement serves every load
  // for a minute, so a load that happens to fall after its minute may show the next one.
  const byMeasurement = new Map<string, Set<string>>();
  for (let load = 0; load < 20; load += 1) {
    await summary.open();
    const claim = summary.claim("scale");
    const evidence = (await summary.evidence(claim).textContent()) ?? "";
    const at = /Measured on this instance at (\d\d:\d\d:\d\d) UTC/.exec(evidence)?.[1];
    expect(at, evidence).toBeDefined();
    const shown = `${await claim.getAttribute("data-verdict")} | ${await summary.costSession.first().textContent()} | ${await summary.costJwt.first().textContent()}`;
    byMeasurement.set(at!, (byMeasurement.get(at!) ?? new Set()).add(shown));
  }
  expect(byMeasurement.size, "at most a minute's change of measurement in 20 loads").toBeLessThanOrEqual(2);
  for (const [at, shown] of byMeasurement) expect([...shown], `measured at ${at}`).toHaveLength(1);
});
