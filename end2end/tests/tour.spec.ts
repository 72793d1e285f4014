import { test, expect } from "../fixtures";
import { resolve } from "node:path";
import { PartnerSite } from "../pages/partner";
import { PlaygroundPage } from "../pages/playground";
import { GuestCarts, LearnOverview, ReplayAfterLogout, StealARefreshToken, TwoCarriers, WhereToKeepIt } from "../pages/lesson";

// The README's "Learn in 5 minutes" pictures, retaken on every run so they never go stale: into
// end2end/tour-out/ (ignored by git) on a normal run, and over the tracked end2end/tour/ only when
// asked to (`npm run tour`, which sets TOUR_UPDATE=1).
const dir = resolve(__dirname, "..", process.env.TOUR_UPDATE === "1" ? "tour" : "tour-out");
const shot = (name: string) => resolve(dir, `${name}.png`);

test("tour screenshots for the README", async ({ page, account }) => {
  await page.setViewportSize({ width: 1100, height: 800 });
  const overview = new LearnOverview(page);
  await overview.goto();
  await expect(overview.lessons).toHaveCount(13);
  await page.screenshot({ path: shot("1-learn") });

  const carriers = new TwoCarriers(page);
  await page.goto("/learn/two-carriers");
  await expect(carriers.lab).toHaveAttribute("data-ready", "true");
  await carriers.startRecording.click();
  await expect(carriers.state).toContainText("recording");
  await carriers.showLabs.check();
  await carriers.apiCall.click();
  // The tab's lab account (made on this first call), its API login, and the call to /me.
  await expect(carriers.rows).toHaveCount(3, { timeout: 5_000 });
  await carriers.lab.screenshot({ path: shot("5-inspector") });

  const theft = new StealARefreshToken(page);
  await page.goto("/learn/steal-a-refresh-token");
  await expect(theft.lab).toHaveAttribute("data-ready", "true");
  await theft.thiefFirst.click();
  await expect(theft.lab).toHaveAttribute("data-done", "true");
  await theft.lab.screenshot({ path: shot("2-refresh-theft") });

  const where = new WhereToKeepIt(page);
  await page.goto("/learn/where-to-keep-it?csp=off");
  await expect(where.lab).toHaveAttribute("data-ready", "true");
  await where.signIn.click();
  await expect(where.inject).toBeEnabled();
  await where.inject.click();
  await expect(where.cell("memory", "sent")).toContainText("the access token", { timeout: 10_000 });
  await where.replay.click();
  await expect(where.goalStatus).toContainText("Solved");
  await where.lab.screenshot({ path: shot("8-where-to-keep-it") });

  const merge = new GuestCarts(page);
  await page.goto("/learn/guest-carts");
  await expect(merge.lab).toHaveAttribute("data-ready", "true");
  await merge.build.click();
  await merge.predictions.nth(0).fill("4");
  await merge.predictions.nth(1).fill("2");
  await expect(merge.logIn).toBeEnabled();
  await merge.logIn.click();
  await expect(merge.lab).toHaveAttribute("data-done", "true");
  await merge.lab.screenshot({ path: shot("7-cart-merge") });

  // Mid-race: the cookie already refused, the token (the lab's short sign-in) still accepted.
  const race = new ReplayAfterLogout(page);
  await page.goto("/learn/replay-after-logout");
  await expect(race.lab).toHaveAttribute("data-ready", "true");
  await race.run.click();
  await expect(race.countdown).toContainText("still accepted");
  await race.lab.screenshot({ path: shot("6-logout-race") });

  // The playground with the demo account its form holds: what a reader of the README would see.
  const playground = new PlaygroundPage(page);
  await page.goto("/playground");
  await playground.ready();
  await playground.logInAs();
  await playground.logOut.click();
  await playground.me.click();
  await expect(playground.latest).toContainText("GET /api/v1/me → 200");
  await page.screenshot({ path: shot("3-playground"), fullPage: true });

  const partner = new PartnerSite(page);
  await partner.goto();
  await partner.addFirstProduct(1);
  await partner.signInThroughShop(account);
  await expect(partner.verification).toContainText("valid signature");
  await partner.checkCookies.click();
  await expect(partner.shopSawCookie).toContainText("no");
  await page.screenshot({ path: shot("4-partner"), fullPage: true });
});
