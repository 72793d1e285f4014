import { test, expect } from "../../fixtures";
import { expectNoSidewaysScroll, Tamper } from "../../pages/lesson";

// DPoP (RFC 9449) in the tamper lab: a bound token, and each check of §4.3 met by breaking one
// thing of a proof the shop would accept, on a phone and a desktop.

for (const width of [390, 1280]) {
  test(`tamper with a DPoP proof: each broken proof is refused for its own reason, a fresh one is accepted (${width} px)`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    const lesson = new Tamper(page);
    await lesson.open();
    await lesson.getBound.click();
    await expect(lesson.dpopResults.first()).toContainText("token_type DPoP, cnf.jkt ");
    const cases: [string, string, RegExp][] = [
      ["A fresh, correct proof", "200", /accepted/],
      ["A proof for another URL", "401", /another URL \(htu\)/],
      ["A proof for another method", "401", /another method \(htm\)/],
      ["A proof five minutes old", "401", /iat is more than 60 seconds/],
      ["The same proof twice", "401", /used before/],
      ["A proof signed by another key", "401", /another key than the one the token is bound to/],
      ["A proof without ath", "401", /hash \(ath\)/],
      ["The bound token as Bearer", "401", /Authorization: DPoP/],
    ];
    for (const [name, status, said] of cases) {
      await lesson.attack(name).click();
      const line = lesson.dpopResults.last();
      await expect(line).toHaveAttribute("data-status", status);
      await expect(line).toContainText(said);
    }
    expect(await lesson.dpopResults.count()).toBe(cases.length + 1);
    await expectNoSidewaysScroll(page);
  });
}
