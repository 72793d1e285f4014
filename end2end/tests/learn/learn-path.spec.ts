import { test, expect } from "../../fixtures";
import { hydrated } from "../../pages/shop";
import {
  CookieExperiment, CookieOnAnotherSite, expectNoSidewaysScroll, expectStackedTable, ForgeARequest, ForgeAttacker,
  LearnOverview, LessonPage, ReadAToken, Summary, Tamper, WhereToKeepIt,
} from "../../pages/lesson";

for (const width of [390, 1280]) {
  test.describe(`at ${width} px`, () => {
    test.beforeEach(async ({ page }) => {
      await page.setViewportSize({ width, height: 900 });
    });

    test("the path: the home page links it, every lesson links the next, and the glossary explains the terms", async ({ page }) => {
      await page.goto("/");
      await page.getByRole("link", { name: /^Take the \d+-minute path$/ }).click();
      await expect(page).toHaveURL(/\/learn$/);
      await hydrated(page);
      const overview = new LearnOverview(page);
      await expect(overview.lessons).toHaveCount(13);
      // Lessons and labs counted from the one list, the same way in the heading and the progress.
      await expect(page.getByRole("heading", { level: 2, name: /^The path: 13 lessons, 11 of them labs, about \d+ min$/ })).toBeVisible();
      await expect(overview.progress).toHaveText("0 of 11 labs solved (kept in this browser).");
      await overview.start.click();
      const lesson = new LessonPage(page, "");
      const titles: string[] = [];
      for (;;) {
        await expect(lesson.goal).toBeVisible();
        titles.push((await lesson.heading.textContent()) ?? "");
        await expectNoSidewaysScroll(page);
        // Every table that already has rows: each cell labelled by its own column, none off-screen.
        for (const table of await page.locator("table.stack").filter({ has: page.locator("tbody tr") }).all()) {
          await expectStackedTable(table);
        }
        if ((await lesson.next.count()) === 0) break;
        await lesson.next.click();
      }
      expect(titles.map((t) => t.split(".")[0])).toEqual(["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13"]);
      // The last lesson closes with the comparison table, and its terms link to the glossary.
      await expect(new Summary(page).compare).toBeVisible();
      await lesson.prev.click();
      await expect(page.getByRole("table").getByRole("row").filter({ has: page.getByRole("rowheader") })).toHaveCount(6);
      await page.goto("/learn/read-a-token");
      const kid = page.getByRole("link", { name: "kid", exact: true }).first();
      await expect(kid).toHaveAttribute("title", /which of the shop's keys signed/);
      await kid.click();
      await expect(page).toHaveURL(/\/learn\/glossary#kid$/);
      await expect(page.getByRole("term").and(page.locator("#kid"))).toBeVisible();
      expect((await page.goto("/learn/no-such-lesson"))?.status()).toBe(404);
    });

    test("read a token: its parts decoded with no key, its times in human units, and the goal solved and kept", async ({ page }) => {
      const lesson = new ReadAToken(page);
      await lesson.open();
      await lesson.getToken.click();
      await expect(lesson.lab).toHaveAttribute("data-ready", "token");
      for (const part of ["header", "payload", "signature"] as const) {
        await expect(lesson.rawPart(part)).not.toBeEmpty();
      }
      expect(new Set(await lesson.rawColours()).size, "three distinct colours").toBe(3);
      await expect(lesson.header).toContainText('"alg": "EdDSA"');
      await expect(lesson.expires).toHaveText(/^at \d\d:\d\d:\d\d: in \d+ min( \d+ s)?$/);
      await lesson.answer.fill("0");
      await lesson.check.click();
      await expect(lesson.result).toContainText("Not that one");
      const payload = JSON.parse((await lesson.payload.textContent()) ?? "{}");
      await lesson.answer.fill(String(payload.sub));
      await lesson.check.click();
      await expect(lesson.goalStatus).toContainText(`Solved`);
      await expect(lesson.goalStatus).toContainText(`read account ${payload.sub}`);
      await page.reload();
      await hydrated(page);
      await expect(lesson.goalStatus).toContainText("Solved");
      const overview = new LearnOverview(page);
      await overview.goto();
      await expect(overview.status("read-a-token")).toHaveText("✓ solved");
      await expect(overview.progress).toHaveText("1 of 11 labs solved (kept in this browser).");
    });

    test("tamper: every changed token is refused with its reason, and so is an edited session id", async ({ page }) => {
      const lesson = new Tamper(page);
      await lesson.open();
      await lesson.getToken.click();
      await expect(lesson.lab).toHaveAttribute("data-ready", "token");
      await lesson.send.click();
      const results = lesson.results;
      await expect(results.first()).toHaveAttribute("data-status", "200");
      const expected: [string, string][] = [
        ["Change whose token it is (sub)", "bad_signature"],
        ["alg: none, no signature", "algorithm"],
        ["HS256, signed with the shop's public key", "algorithm"],
        ["A kid the shop does not know", "unknown_key"],
        ["A genuine token that has expired", "expired"],
        ["A genuine token of another kind (a Cart-Token)", "wrong_kind"],
      ];
      let n = 1;
      for (const [attack, reason] of expected) {
        await lesson.attack(attack).click();
        n += 1;
        await expect(results).toHaveCount(n);
        await expect(results.nth(n - 1), attack).toHaveAttribute("data-reason", reason);
        await expect(results.nth(n - 1), attack).toHaveAttribute("data-status", "401");
      }
      await expect(results.filter({ hasText: "expired" }).first()).toContainText("The access token was refused: the token has expired.");
      await expect(lesson.goalStatus).toHaveText("Not solved yet.");
      // The tally says which refusals were met, and what is still missing, by name.
      await expect(lesson.tallyList).toHaveCount(5);
      await expect(lesson.tallyList.first()).toContainText("bad signature:");
      await expect(lesson.tallyNext).toHaveText("4 of 4 kinds of refused token met. Still to meet: an edited session id (the button below).");
      // Edit the payload by hand: still refused.
      await lesson.payload.fill((await lesson.payload.inputValue()).replace(/"exp": \d+/, '"exp": 4102444800'));
      await lesson.send.click();
      await expect(results.last()).toHaveAttribute("data-reason", "bad_signature");
      await lesson.sessionIds.click();
      await expect(lesson.cookieResults).toHaveCount(4);
      expect(await lesson.cookieResults.evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.status))).toEqual(["200", "200", "401", "401"]);
      await expect(lesson.goalStatus).toContainText("every one refused");
      await expect(lesson.tallyNext).toHaveText("5 kinds of refused token met, and an edited session id: that is why nobody can reach the goal as written.");
      await lesson.expectNoSidewaysScroll();
    });

    test("where the browser keeps it: without a CSP the injected script steals what scripts can read, and the attacker uses it", async ({ page }) => {
      const lesson = new WhereToKeepIt(page);
      await lesson.open({ query: "?csp=off" });
      await expect(lesson.cspMode).toHaveAttribute("data-csp", "off");
      // What the lesson shows is not given away before the learner has tried.
      await expect(lesson.shows).toBeHidden();
      await lesson.signIn.click();
      await expect(lesson.inject).toBeEnabled();
      for (const store of ["local", "session", "memory", "cookie", "bff"] as const) {
        await expect(lesson.cell(store, "signed-in"), store).toContainText("yes (200)");
      }
      await expect(lesson.cell("dpop", "signed-in")).toContainText("yes (200, token_type DPoP)");
      await lesson.inject.click();
      await expect(lesson.lab).toHaveAttribute("data-injected", "true");
      await expect(lesson.cell("local", "read")).toHaveText("the access and the refresh token, in one line");
      await expect(lesson.cell("session", "read")).toHaveText("the access and the refresh token, in one line");
      await expect(lesson.cell("cookie", "read")).toContainText("not the HttpOnly one");
      await expect(lesson.cell("cookie", "read")).toContainText("whoami → 200");
      await expect(lesson.cell("bff", "read")).toContainText("through the BFF → 200");
      // The app's next call, within 2 s, hands the memory-kept token to the wrapped fetch.
      await expect(lesson.cell("memory", "read")).toHaveText("its access token, caught in the app's next call", { timeout: 10_000 });
      await expect(lesson.cell("memory", "sent")).toContainText("the access token");
      await expect(lesson.cell("local", "sent")).toHaveText("the access token, the refresh token");
      // The DPoP-bound sign-in: both tokens stolen, the key not; yet the script rides it in the tab.
      await expect(lesson.cell("dpop", "signed-in")).toHaveText("yes (200, token_type DPoP)");
      await expect(lesson.cell("dpop", "read")).toContainText("exporting the key failed", { timeout: 10_000 });
      await expect(lesson.cell("dpop", "read")).toContainText("signed a proof of its own with the key and called GET /api/v1/me as you → 200");
      await expect(lesson.cell("dpop", "sent")).toContainText("the refresh token");
      await expect(lesson.cell("dpop", "sent")).toContainText("the access token");
      await lesson.replay.click();
      await expect(lesson.cell("dpop", "replayed")).toContainText("access-dpop: 401 alone → 401, with a proof of the attacker's own key → 401");
      await expect(lesson.cell("dpop", "replayed")).toContainText("refresh-dpop: 401 alone → 401, with a proof of the attacker's own key → 401");
      await expect(lesson.cell("dpop", "lasts")).toContainText("never from elsewhere");
      await expect(lesson.cell("local", "replayed")).toContainText("access: 200 GET /api/v1/me as learner-");
      await expect(lesson.cell("local", "replayed")).toContainText("refresh: 200");
      await expect(lesson.cell("local", "lasts")).toContainText("until its exp, in");
      await expect(lesson.cell("memory", "replayed")).toContainText("access: 200");
      await expect(lesson.cell("cookie", "replayed")).toContainText("nothing to replay");
      await expect(lesson.cell("cookie", "lasts")).toContainText("only while the victim's tab is open");
      await expect(lesson.goalStatus).toContainText("worked from the attacker's machine");
      await expect(lesson.shows).toBeVisible();
      await expectStackedTable(page.getByRole("table", { name: /What the injected script could do/ }));
      await lesson.expectNoSidewaysScroll();
    });

    test("where the browser keeps it: the strict CSP refuses the injected script; one that got in anyway leaks by navigation, which CSP does not govern", async ({ page }) => {
      const lesson = new WhereToKeepIt(page);
      await lesson.open();
      await expect(lesson.cspMode).toHaveAttribute("data-csp", "strict");
      await expect(lesson.shows).toBeHidden();
      await lesson.signIn.click();
      await expect(lesson.inject).toBeEnabled();
      await lesson.inject.click();
      await expect(lesson.lab).toHaveAttribute("data-csp-blocked", "true");
      await expect(lesson.cspResult).toContainText("refused the injected inline script");
      await expect(lesson.cell("local", "read")).toHaveText("—");
      // Learning that the theft fails counts: the goal is reached with the CSP on.
      await expect(lesson.goalStatus).toContainText("the strict CSP refused the injected inline script");
      await expect(lesson.shows).toBeVisible();
      await expect(lesson.shows).toContainText("not a navigation");
      // 2b: connect-src refuses its fetch, so it opens a window on the collector with the loot in the URL.
      const popup = page.waitForEvent("popup");
      await lesson.injectAnyway.click();
      const collector = await popup;
      expect(new URL(collector.url()).pathname).toMatch(/^\/attacker\/collect\/[0-9a-f]{32}$/);
      expect(new URL(collector.url()).searchParams.get("items")).toContain('"kind":"refresh"');
      await expect(lesson.lab).toHaveAttribute("data-injected", "true");
      await expect(lesson.cspResult).toContainText("connect-src refused its fetch to the attacker's origin, so it opened a window on the collector");
      await expect(lesson.cell("local", "sent")).toHaveText("the access token, the refresh token");
      await lesson.replay.click();
      await expect(lesson.cell("local", "replayed")).toContainText("access: 200 GET /api/v1/me as learner-");
      await expect(lesson.cell("cookie", "replayed")).toContainText("nothing to replay");
      await lesson.expectNoSidewaysScroll();
    });

    test("forge a request: SameSite stops another site but not the same site, the shop's check stops both, the API has nothing to forge", async ({ page }) => {
      const lesson = new ForgeARequest(page);
      await lesson.open();
      await lesson.signIn.click();
      await expect(lesson.signedIn).toContainText("Signed in as learner-");
      const cross = (await lesson.openCross.getAttribute("href"))!;
      const same = (await lesson.openSame.getAttribute("href"))!;
      expect(new URL(cross).hostname).not.toBe(new URL(same).hostname);
      const attacker = new ForgeAttacker(page);
      // Another site: the Lax cookie stays home.
      await page.goto(cross);
      await expect(attacker.root).toBeVisible();
      await expect(attacker.site).toContainText("another site");
      await expect(await attacker.forge("weak")).toContainText("Nothing happened: no lab cookie came with the request");
      await expect(await attacker.forge("guarded")).toContainText("Refused (403) by the shop's check");
      await expect(await attacker.forge("api")).toContainText("The API refused it (401)");
      await expect(lesson.goalStatus).toHaveCount(0);
      // The same site on another port: the cookie travels, and only the check stops it.
      await page.goto(same);
      await expect(attacker.site).toContainText("the shop's own site");
      await expect(await attacker.forge("weak")).toContainText("Accepted: the cookie came along");
      await expect(await attacker.forge("guarded")).toContainText("although the cookie came along");
      // The API allows this origin too (the partner under the shop's host name): its refusal is readable here.
      await expect(await attacker.forge("api")).toContainText("The API refused it (401)");
      await expectNoSidewaysScroll(page);
      await attacker.back.click();
      await hydrated(page);
      await expect(lesson.attempts).toHaveCount(4);
      expect(await lesson.attempts.evaluateAll((els) => els.map((e) => `${(e as HTMLElement).dataset.target}:${(e as HTMLElement).dataset.accepted}`)))
        .toEqual(["weak:false", "guarded:false", "weak:true", "guarded:false"]);
      await expect(lesson.goalStatus).toContainText("changed your lab cart through your cookie");
      await expectStackedTable(page.getByRole("table", { name: /Forged requests made/ }));
      await lesson.expectNoSidewaysScroll();
    });

    test("a cookie on another site: with credentials and exact-origin CORS, only SameSite=None; Secure cookies may travel, and this browser lets only a partitioned one", async ({ page }) => {
      const lesson = new CookieOnAnotherSite(page);
      await lesson.open();
      await lesson.control.click();
      await expect(lesson.trials).toHaveCount(2);
      await expect(lesson.trials.nth(1)).toHaveAttribute("data-site", "same-origin");
      // On its own site the Lax cookie travels; a SameSite=None cookie without Secure is never kept.
      await expect(lesson.trials.nth(1)).toContainText("SameSite=Lax");
      await expect(lesson.trials.nth(1)).not.toContainText("without Secure");
      const partner = (await lesson.openPartner.getAttribute("href"))!;
      await page.goto(partner);
      const experiment = new CookieExperiment(page);
      await expect(experiment.root).toBeVisible();
      await experiment.run.click();
      await expect(experiment.root).toHaveAttribute("data-done", "true");
      // Playwright's Chromium contexts block third-party cookies, as Chrome's incognito does: the one
      // that still travels is the partitioned one (CHIPS), kept for this partner site alone.
      await expect(experiment.result("check")).toContainText('Asked with credentials: "include", the browser sent back: SameSite=None; Secure; Partitioned.');
      await expect(experiment.result("check-plain")).toContainText("refused to let this page read the answer");
      await expect(experiment.result("omit")).toContainText("none of them");
      await expectNoSidewaysScroll(page);
      await experiment.back.click();
      await hydrated(page);
      await lesson.ready();
      await expect(lesson.trial("cross-site", "check").first()).toHaveText(/SameSite=None; Secure; Partitioned$/);
      await expect(lesson.verdict).toContainText("it dropped SameSite=Lax, SameSite=None without Secure, SameSite=None; Secure");
      await expect(lesson.verdict).toContainText("this browser blocks third-party cookies");
      await expect(lesson.goalStatus).toContainText("Solved");
      await expectStackedTable(page.getByRole("table", { name: /Requests of this tab's experiment/ }));
    });
  });
}
