import { test as setup, expect } from "@playwright/test";
import { mkdirSync, writeFileSync } from "node:fs";
import { ShopApi } from "../../fixtures/api";
import { AUTH_DIR, authFile, practice } from "../../fixtures/setup-files";
import { LoginPage, Header } from "../../pages/shop";

// Sign in once per carrier, as playwright.dev's Authentication guide does it, for the projects that
// depend on this one. The shared account is practice mode's `shared@` (TESTING.md): tests that
// change an account's cart or orders use their worker's own account instead.
const shared = { email: practice.shared, password: practice.password };

setup("sign in through the login page: the session cookie, kept as storageState", async ({ page }) => {
  const login = new LoginPage(page);
  await login.goto();
  await login.logIn(shared);
  await expect(new Header(page).signedInAs(shared.email)).toBeVisible();
  // The session cookie (and the device cookie) the login set: what storageState keeps.
  await page.context().storageState({ path: authFile("cookie") });
});

setup("sign in through the API: the access and refresh token, kept for the API fixture", async ({ request }) => {
  const api = await ShopApi.logIn(request, shared);
  expect((await api.get("/api/v1/me")).status()).toBe(200);
  // A bearer token is nothing a browser keeps by itself, so storageState cannot carry it: the
  // tokens are written to a file of their own, which the `sharedApi` fixture reads.
  mkdirSync(AUTH_DIR, { recursive: true });
  writeFileSync(authFile("jwt"), JSON.stringify({ access_token: api.accessToken, refresh_token: api.refreshToken, expires_in: 0 }));
});
