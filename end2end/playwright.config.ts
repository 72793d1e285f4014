import { defineConfig, devices } from "@playwright/test";
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { ADMIN_TOKEN_ENV, authFile } from "./fixtures/setup-files";

// The shop under test: its own port and a brand-new database for every run, in practice mode
// (TESTING.md): an account per worker, limits a suite does not run into, and the operator's reset.
// To point this suite at a shop you run yourself, set E2E_BASE_URL (and E2E_ADMIN_TOKEN for the
// reset); no server is started then.
const port = Number(process.env.E2E_PORT ?? 3100);
const external = process.env.E2E_BASE_URL;
const baseURL = external ?? `http://127.0.0.1:${port}`;
// The operator's token for the reset (setup/reset.setup.ts): made here for the shop started here.
process.env[ADMIN_TOKEN_ENV] ??= external ? "" : randomBytes(24).toString("hex");
const dataDir = mkdtempSync(join(tmpdir(), "tokenshop-e2e-"));
const root = resolve(__dirname, "..");
const chromium = {
  ...devices["Desktop Chrome"],
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  },
};
/** Nobody signed in: no cookie, nothing stored (the default, written out so it is visible). */
const loggedOut = { cookies: [], origins: [] };

function shop(listen: number, extra: Record<string, string>) {
  return {
    command: `${root}/target/release/tokenshop`,
    cwd: root,
    url: `http://127.0.0.1:${listen}/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    env: {
      LISTEN_ADDR: `127.0.0.1:${listen}`,
      PUBLIC_ORIGIN: `http://127.0.0.1:${listen}`,
      LEPTOS_SITE_ROOT: `${root}/target/site`,
      RUST_LOG: "warn",
      PRACTICE_MODE: "true",
      ADMIN_TOKEN: process.env[ADMIN_TOKEN_ENV]!,
      ...extra,
    },
  };
}

export default defineConfig({
  testDir: "./tests",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 2,
  reporter: [["list"]],
  use: { baseURL, trace: "retain-on-failure", ...chromium },
  projects: [
    // Setup, as playwright.dev's Authentication guide shows it: runs first, once.
    { name: "reset", testMatch: /reset\.setup\.ts/ },
    { name: "setup", testMatch: /auth\.setup\.ts/, dependencies: ["reset"] },
    // Signed in once by setup and shared: the session cookie (and device cookie) the login page
    // set, saved as storageState. For tests that only read what a signed-in page shows.
    {
      name: "signed-in",
      testMatch: /signed-in\/.*\.spec\.ts/,
      dependencies: ["setup"],
      use: { storageState: authFile("cookie") },
    },
    // The JSON API with the token setup got through the API (the `api` fixture sends it).
    { name: "api", testMatch: /api\/.*\.spec\.ts/, dependencies: ["setup"] },
    // Everything else starts logged out; tests that sign in use their worker's own account.
    // It needs nothing of setup's, but waits for it: Playwright runs a project only once every
    // project before it in the dependency chain has finished, so with setup in the same step as
    // this one, "signed-in" and "api" would start after the whole guest run, when the shared
    // access token (5 min) has expired. After setup, all four start together, those two first.
    {
      name: "guest",
      testIgnore: [/signed-in\//, /api\//, /\.setup\.ts/, /tour\.spec\.ts/],
      dependencies: ["setup"],
      use: { storageState: loggedOut },
    },
    // The README's pictures: into an ignored folder on every run; `npm run tour` retakes the
    // tracked ones (end2end/tour/). After setup too, for the same reason.
    { name: "tour", testMatch: /tour\.spec\.ts/, dependencies: ["setup"], use: { storageState: loggedOut } },
  ],
  webServer: external ? undefined : [
    shop(port, {
      PARTNER_ADDR: `127.0.0.1:${port + 1}`,
      PARTNER_ORIGIN: `http://localhost:${port + 1}`,
      DATABASE_URL: `sqlite://${dataDir}/e2e.db`,
    }),
    // The same shop in demo mode (lifetimes in seconds, key rotation from the Learn page), for the
    // Learn demos that wait for an expiry or rotate the key for everybody.
    shop(port + 2, { DEMO_MODE: "true", PARTNER_ADDR: "off", DATABASE_URL: `sqlite://${dataDir}/e2e-demo.db` }),
  ],
});
