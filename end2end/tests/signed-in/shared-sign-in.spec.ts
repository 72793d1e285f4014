import { test, expect, practice } from "../../fixtures";
import { AccountPage, hydrated } from "../../pages/shop";
import { authFile } from "../../fixtures/setup-files";
import { readFileSync } from "node:fs";

// The "signed-in" project starts every test from the storageState the setup project saved after
// signing in through the login page once: no test here types a password.

test("the saved storageState signs the browser in: the account page is the shared account's", async ({ page }) => {
  const account = new AccountPage(page);
  await account.goto();
  await hydrated(page);
  await expect(account.email).toHaveText(practice.shared);
  await expect(account.header.signedInAs(practice.shared)).toBeVisible();
});

test("what the setup saved: the session cookie and the device cookie, both HttpOnly, and no token", async () => {
  type Stored = { cookies: { name: string; httpOnly: boolean }[] };
  const state = JSON.parse(readFileSync(authFile("cookie"), "utf8")) as Stored;
  const byName = Object.fromEntries(state.cookies.map((c) => [c.name, c]));
  expect(Object.keys(byName).sort()).toEqual(["tokenshop_device", "tokenshop_session"]);
  expect(byName.tokenshop_session.httpOnly && byName.tokenshop_device.httpOnly).toBe(true);
  const jwt = JSON.parse(readFileSync(authFile("jwt"), "utf8"));
  expect(JSON.stringify(state)).not.toContain(jwt.access_token);
});
