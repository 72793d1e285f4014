import { test, expect, type Page } from "@playwright/test";
import { waitForHydration } from "./helpers";

async function openLesson(page: Page, slug: string, lab?: string) {
  await page.goto(`/learn/${slug}`);
  await waitForHydration(page);
  if (lab) await expect(page.getByTestId(lab)).toHaveAttribute("data-ready", "true");
}

async function expectNoSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, "no sideways scrolling").toBeLessThanOrEqual(0);
}

const goalStatus = (page: Page) => page.getByTestId("goal-status");

for (const width of [390, 1280]) {
  test.describe(`at ${width} px`, () => {
    test.beforeEach(async ({ page }) => {
      await page.setViewportSize({ width, height: 900 });
    });

    test("the path: the home page links it, every lesson links the next, and the glossary explains the terms", async ({ page }) => {
      await page.goto("/");
      await page.getByTestId("tagline").getByRole("link").click();
      await expect(page).toHaveURL(/\/learn$/);
      await waitForHydration(page);
      const lessons = page.getByTestId("path-lesson");
      await expect(lessons).toHaveCount(12);
      await expect(page.getByTestId("progress")).toHaveText("0 of 10 labs solved (kept in this browser).");
      await page.getByRole("link", { name: "Start with lesson 1" }).click();
      const titles: string[] = [];
      for (;;) {
        await expect(page.getByTestId("goal")).toBeVisible();
        titles.push((await page.locator("h1").textContent()) ?? "");
        await expectNoSidewaysScroll(page);
        const next = page.getByTestId("lesson-next");
        if ((await next.count()) === 0) break;
        await next.click();
      }
      expect(titles.map((t) => t.split(".")[0])).toEqual(["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"]);
      // The last lesson closes with the comparison table, and its terms link to the glossary.
      await expect(page.getByTestId("compare")).toBeVisible();
      await page.getByTestId("lesson-prev").click();
      await expect(page.getByTestId("guide-case")).toHaveCount(6);
      await page.goto("/learn/read-a-token");
      const kid = page.locator("a.term", { hasText: "kid" }).first();
      await expect(kid).toHaveAttribute("title", /which of the shop's keys signed/);
      await kid.click();
      await expect(page).toHaveURL(/\/learn\/glossary#kid$/);
      await expect(page.locator("dt#kid")).toBeVisible();
      expect((await page.goto("/learn/no-such-lesson"))?.status()).toBe(404);
    });

    test("read a token: its parts decoded with no key, its times in human units, and the goal solved and kept", async ({ page }) => {
      await openLesson(page, "read-a-token", "anatomy");
      await page.getByTestId("anatomy-get").click();
      await expect(page.getByTestId("anatomy")).toHaveAttribute("data-ready", "token");
      for (const part of ["header", "payload", "signature"]) {
        await expect(page.getByTestId(`anatomy-raw-${part}`)).not.toBeEmpty();
      }
      const colours = await page.getByTestId("anatomy-raw").locator("span[class^=tok-]:not(.tok-dot)").evaluateAll((els) => els.map((e) => getComputedStyle(e).color));
      expect(new Set(colours).size, "three distinct colours").toBe(3);
      await expect(page.getByTestId("anatomy-header")).toContainText('"alg": "EdDSA"');
      await expect(page.getByTestId("anatomy-exp")).toHaveText(/^at \d\d:\d\d:\d\d: in \d+ min( \d+ s)?$/);
      await page.getByTestId("anatomy-answer").fill("0");
      await page.getByTestId("anatomy-check").click();
      await expect(page.getByTestId("anatomy-result")).toContainText("Not that one");
      const payload = JSON.parse((await page.getByTestId("anatomy-payload").textContent()) ?? "{}");
      await page.getByTestId("anatomy-answer").fill(String(payload.sub));
      await page.getByTestId("anatomy-check").click();
      await expect(goalStatus(page)).toContainText(`Solved`);
      await expect(goalStatus(page)).toContainText(`read account ${payload.sub}`);
      await page.reload();
      await waitForHydration(page);
      await expect(goalStatus(page)).toContainText("Solved");
      await page.goto("/learn");
      await waitForHydration(page);
      await expect(page.locator('[data-lesson="read-a-token"] [data-testid="lesson-status"]')).toHaveText("✓ solved");
      await expect(page.getByTestId("progress")).toHaveText("1 of 10 labs solved (kept in this browser).");
    });

    test("tamper: every changed token is refused with its reason, and so is an edited session id", async ({ page }) => {
      await openLesson(page, "tamper", "tamper");
      await page.getByTestId("tamper-get").click();
      await expect(page.getByTestId("tamper")).toHaveAttribute("data-ready", "token");
      await page.getByTestId("tamper-send").click();
      const results = page.getByTestId("tamper-result");
      await expect(results.first()).toHaveAttribute("data-status", "200");
      const expected: Record<string, string> = {
        sub: "bad_signature", "alg-none": "algorithm", hs256: "algorithm", kid: "unknown_key", expired: "expired", "wrong-kind": "wrong_kind",
      };
      let n = 1;
      for (const [preset, reason] of Object.entries(expected)) {
        await page.locator(`[data-testid="tamper-preset"][data-preset="${preset}"]`).click();
        n += 1;
        await expect(results).toHaveCount(n);
        await expect(results.nth(n - 1), preset).toHaveAttribute("data-reason", reason);
        await expect(results.nth(n - 1), preset).toHaveAttribute("data-status", "401");
      }
      await expect(results.filter({ hasText: "expired" }).first()).toContainText("The access token was refused: the token has expired.");
      await expect(goalStatus(page)).toHaveText("Not solved yet.");
      // Edit the payload by hand: still refused.
      const payload = page.getByTestId("tamper-payload");
      await payload.fill((await payload.inputValue()).replace(/"exp": \d+/, '"exp": 4102444800'));
      await page.getByTestId("tamper-send").click();
      await expect(results.last()).toHaveAttribute("data-reason", "bad_signature");
      await page.getByTestId("tamper-cookie").click();
      const cookie = page.getByTestId("tamper-cookie-results").getByTestId("tamper-result");
      await expect(cookie).toHaveCount(4);
      expect(await cookie.evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.status))).toEqual(["200", "200", "401", "401"]);
      await expect(goalStatus(page)).toContainText("every one refused");
      await expectNoSidewaysScroll(page);
    });

    test("where the browser keeps it: without a CSP the injected script steals what scripts can read, and the attacker uses it", async ({ page }) => {
      await openLesson(page, "where-to-keep-it?csp=off", "xss");
      await expect(page.getByTestId("xss-csp-mode")).toHaveAttribute("data-csp", "off");
      await page.getByTestId("xss-signin").click();
      await expect(page.getByTestId("xss-inject")).toBeEnabled();
      const row = (store: string) => page.locator(`[data-testid="xss-row"][data-store="${store}"]`);
      for (const store of ["local", "session", "memory", "cookie", "bff"]) {
        await expect(row(store).getByTestId("xss-signed-in"), store).toContainText("yes (200)");
      }
      await page.getByTestId("xss-inject").click();
      await expect(page.getByTestId("xss")).toHaveAttribute("data-injected", "true");
      await expect(row("local").getByTestId("xss-read")).toHaveText("the access and the refresh token, in one line");
      await expect(row("session").getByTestId("xss-read")).toHaveText("the access and the refresh token, in one line");
      await expect(row("cookie").getByTestId("xss-read")).toContainText("not the HttpOnly one");
      await expect(row("cookie").getByTestId("xss-read")).toContainText("whoami → 200");
      await expect(row("bff").getByTestId("xss-read")).toContainText("through the BFF → 200");
      // The app's next call, within 2 s, hands the memory-kept token to the wrapped fetch.
      await expect(row("memory").getByTestId("xss-read")).toHaveText("its access token, caught in the app's next call", { timeout: 10_000 });
      await expect(row("memory").getByTestId("xss-sent")).toContainText("the access token");
      await expect(row("local").getByTestId("xss-sent")).toHaveText("the access token, the refresh token");
      await page.getByTestId("xss-replay").click();
      await expect(row("local").getByTestId("xss-replayed")).toContainText("access: 200 GET /api/v1/me as learner-");
      await expect(row("local").getByTestId("xss-replayed")).toContainText("refresh: 200");
      await expect(row("local").getByTestId("xss-lasts")).toContainText("until its exp, in");
      await expect(row("memory").getByTestId("xss-replayed")).toContainText("access: 200");
      await expect(row("cookie").getByTestId("xss-replayed")).toContainText("nothing to replay");
      await expect(row("cookie").getByTestId("xss-lasts")).toContainText("only while the victim's tab is open");
      await expect(goalStatus(page)).toContainText("worked from the attacker's machine");
    });

    test("where the browser keeps it: the strict CSP refuses the injected script, and keeps a script that got in from sending", async ({ page }) => {
      await openLesson(page, "where-to-keep-it", "xss");
      await expect(page.getByTestId("xss-csp-mode")).toHaveAttribute("data-csp", "strict");
      await page.getByTestId("xss-signin").click();
      await expect(page.getByTestId("xss-inject")).toBeEnabled();
      await page.getByTestId("xss-inject").click();
      await expect(page.getByTestId("xss")).toHaveAttribute("data-csp-blocked", "true");
      await expect(page.getByTestId("xss-csp-result")).toContainText("refused the injected inline script");
      await expect(page.locator('[data-store="local"] [data-testid="xss-read"]')).toHaveText("—");
      await page.getByTestId("xss-inject-anyway").click();
      await expect(page.getByTestId("xss")).toHaveAttribute("data-injected", "true");
      await expect(page.getByTestId("xss-csp-result")).toContainText("could not send its loot");
      await expect(page.locator('[data-store="local"] [data-testid="xss-sent"]')).toHaveText("nothing received");
      await expect(page.getByTestId("xss-replay")).toBeDisabled();
      await expect(goalStatus(page)).toHaveText("Not solved yet.");
    });

    test("forge a request: SameSite stops another site but not the same site, the shop's check stops both, the API has nothing to forge", async ({ page }) => {
      await openLesson(page, "forge-a-request", "forge");
      await page.getByTestId("forge-signin").click();
      await expect(page.getByTestId("forge-signed-in")).toContainText("Signed in as learner-");
      const cross = (await page.getByTestId("forge-open-cross").getAttribute("href"))!;
      const same = (await page.getByTestId("forge-open-same").getAttribute("href"))!;
      expect(new URL(cross).hostname).not.toBe(new URL(same).hostname);
      const results = page.getByTestId("forge-lab-result");
      const forge = async (target: string) => {
        const before = await results.count();
        await page.getByTestId(`forge-${target}`).click();
        await expect(results).toHaveCount(before + 1);
        return results.last();
      };
      // Another site: the Lax cookie stays home.
      await page.goto(cross);
      await expect(page.getByTestId("partner-forge-lab")).toBeVisible();
      await expect(page.getByTestId("forge-lab-site")).toContainText("another site");
      await expect(await forge("weak")).toContainText("Nothing happened: no lab cookie came with the request");
      await expect(await forge("guarded")).toContainText("Refused (403) by the shop's check");
      await expect(await forge("api")).toContainText("The API refused it (401)");
      await expect(goalStatus(page)).toHaveCount(0);
      // The same site on another port: the cookie travels, and only the check stops it.
      await page.goto(same);
      await expect(page.getByTestId("forge-lab-site")).toContainText("the shop's own site");
      await expect(await forge("weak")).toContainText("Accepted: the cookie came along");
      await expect(await forge("guarded")).toContainText("although the cookie came along");
      await expectNoSidewaysScroll(page);
      await page.getByTestId("forge-lab-back").click();
      await waitForHydration(page);
      await expect(page.getByTestId("forge-attempt")).toHaveCount(4);
      expect(await page.getByTestId("forge-attempt").evaluateAll((els) => els.map((e) => `${(e as HTMLElement).dataset.target}:${(e as HTMLElement).dataset.accepted}`)))
        .toEqual(["weak:false", "guarded:false", "weak:true", "guarded:false"]);
      await expect(goalStatus(page)).toContainText("changed your lab cart through your cookie");
      await expectNoSidewaysScroll(page);
    });

    test("a cookie on another site: with credentials and exact-origin CORS, only SameSite=None; Secure cookies may travel, and this browser lets only a partitioned one", async ({ page }) => {
      await openLesson(page, "cookie-on-another-site", "elsewhere");
      await page.getByTestId("elsewhere-control").click();
      const trials = page.getByTestId("elsewhere-trial");
      await expect(trials).toHaveCount(2);
      await expect(trials.nth(1)).toHaveAttribute("data-site", "same-origin");
      // On its own site the Lax cookie travels; a SameSite=None cookie without Secure is never kept.
      await expect(trials.nth(1)).toContainText("SameSite=Lax");
      await expect(trials.nth(1)).not.toContainText("without Secure");
      const partner = (await page.getByTestId("elsewhere-open").getAttribute("href"))!;
      await page.goto(partner);
      await expect(page.getByTestId("partner-elsewhere-lab")).toBeVisible();
      await page.getByTestId("elsewhere-run").click();
      await expect(page.getByTestId("partner-elsewhere-lab")).toHaveAttribute("data-done", "true");
      const line = (step: string) => page.locator(`[data-testid="elsewhere-result"][data-step="${step}"]`);
      // Playwright's Chromium contexts block third-party cookies, as Chrome's incognito does: the one
      // that still travels is the partitioned one (CHIPS), kept for this partner site alone.
      await expect(line("check")).toContainText('Asked with credentials: "include", the browser sent back: SameSite=None; Secure; Partitioned.');
      await expect(line("check-plain")).toContainText("refused to let this page read the answer");
      await expect(line("omit")).toContainText("none of them");
      await expectNoSidewaysScroll(page);
      await page.getByTestId("elsewhere-back").click();
      await waitForHydration(page);
      await expect(page.getByTestId("elsewhere")).toHaveAttribute("data-ready", "true");
      const cross = page.locator('[data-testid="elsewhere-trial"][data-site="cross-site"][data-step="check"]').first();
      await expect(cross).toHaveText(/SameSite=None; Secure; Partitioned$/);
      await expect(page.getByTestId("elsewhere-verdict")).toContainText("it dropped SameSite=Lax, SameSite=None without Secure, SameSite=None; Secure");
      await expect(page.getByTestId("elsewhere-verdict")).toContainText("this browser blocks third-party cookies");
      await expect(goalStatus(page)).toContainText("Solved");
    });
  });
}
