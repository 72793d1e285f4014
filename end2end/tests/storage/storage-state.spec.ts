import { test, expect, claimsOf } from "../../fixtures";
import { hydrated } from "../../pages/shop";
import { WhereToKeepIt } from "../../pages/lesson";
import { PlaygroundPage } from "../../pages/playground";

// What Playwright's storageState keeps of each place the lessons keep a sign-in, measured on the
// "Where the browser keeps it" lab, which signs one lab account in five ways at once. storageState
// is cookies and localStorage: a session cookie and a token in localStorage survive into a new
// browser context; sessionStorage and a JavaScript variable do not.

type Stored = { cookies: { name: string; httpOnly: boolean; path: string }[]; origins: { origin: string; localStorage: { name: string; value: string }[] }[] };

test("storageState keeps the cookies and localStorage, not sessionStorage or memory, and sessionStorage can be carried over by hand", async ({ browser, page, baseURL }) => {
  const lab = new WhereToKeepIt(page);
  await lab.open();
  await lab.signIn.click();
  await expect(lab.inject).toBeEnabled();
  const sessionKept = await page.evaluate(() => sessionStorage.getItem("lab.tokens"));
  expect(sessionKept, "the lab kept tokens in sessionStorage").toBeTruthy();

  const state = (await page.context().storageState()) as Stored;
  const cookies = state.cookies.map((c) => c.name);
  // The two HttpOnly cookie sign-ins (the pages' login, and the backend-for-frontend's): kept.
  expect(cookies).toEqual(expect.arrayContaining(["tokenshop_lab_cookie", "tokenshop_lab_bff"]));
  expect(state.cookies.find((c) => c.name === "tokenshop_lab_cookie")?.httpOnly).toBe(true);
  // localStorage: kept, per origin.
  const local = state.origins.find((o) => o.origin === baseURL)?.localStorage ?? [];
  expect(local.map((e) => e.name)).toContain("lab.tokens");
  // sessionStorage has no place in storageState at all.
  expect(JSON.stringify(state)).not.toContain(JSON.parse(sessionKept!).access);

  // A new browser context from that state, as a project's `storageState` would start one.
  const restored = await browser.newContext({ storageState: state as never });
  const again = await restored.newPage();
  await again.goto("/learn/where-to-keep-it");
  // The cookie travels with the request by itself: the lab's sign-in is still there.
  expect((await again.request.get("/learn/lab/xss/cookie/whoami")).status()).toBe(200);
  expect((await again.request.get("/learn/lab/xss/bff/me")).status()).toBe(200);
  // The token in localStorage is there, and still a working token.
  const fromLocal = await again.evaluate(() => localStorage.getItem("lab.tokens"));
  const access = JSON.parse(fromLocal!).access as string;
  expect(claimsOf(access).kind).toBe("access");
  expect((await again.request.get("/api/v1/me", { headers: { Authorization: `Bearer ${access}` } })).status()).toBe(200);
  // sessionStorage: gone, and with it that sign-in.
  expect(await again.evaluate(() => sessionStorage.getItem("lab.tokens"))).toBeNull();
  await restored.close();

  // The documented way around it (playwright.dev, Authentication): save sessionStorage yourself,
  // and put it back with an init script that runs before the page's own scripts.
  const saved = await page.evaluate(() => JSON.stringify(sessionStorage));
  const carried = await browser.newContext({ storageState: state as never });
  await carried.addInitScript((entries) => {
    if (window.location.hostname === "127.0.0.1") {
      for (const [key, value] of Object.entries(JSON.parse(entries))) window.sessionStorage.setItem(key, value as string);
    }
  }, saved);
  const third = await carried.newPage();
  await third.goto("/learn/where-to-keep-it");
  expect(await third.evaluate(() => sessionStorage.getItem("lab.tokens"))).toBe(sessionKept);
  await carried.close();
});

test("a token kept in a JavaScript variable is in no storage at all: a new context starts signed out, and signing in again is the only way back", async ({ browser, page }) => {
  // The API playground keeps its tokens in its script's memory.
  const playground = new PlaygroundPage(page);
  await playground.goto();
  await playground.logInAs();
  const token = (await playground.accessToken.textContent())!;

  const state = await page.context().storageState();
  expect(JSON.stringify(state)).not.toContain(token);
  const restored = await browser.newContext({ storageState: state });
  const again = await restored.newPage();
  await again.goto("/playground");
  await hydrated(again);
  await expect(new PlaygroundPage(again).accessToken).toHaveText("—");
  await restored.close();
});
