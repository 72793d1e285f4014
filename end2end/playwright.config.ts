import { defineConfig } from "@playwright/test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

// Its own port and a brand-new database for every run, so a shop you are running on :3000 and
// earlier runs never leak into the results.
const port = Number(process.env.E2E_PORT ?? 3100);
// The partner site: another port *and* another host name, so another site for the browser.
export const partnerURL = `http://localhost:${port + 1}`;
/** The demo-mode shop: see the second web server below. */
export const demoURL = `http://127.0.0.1:${port + 2}`;
const dataDir = mkdtempSync(join(tmpdir(), "tokenshop-e2e-"));
const root = resolve(__dirname, "..");

export default defineConfig({
  testDir: "./tests",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 2,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
  },
  webServer: [
    {
      command: `${root}/target/release/tokenshop`,
      cwd: root,
      url: `http://127.0.0.1:${port}/health`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: {
        LISTEN_ADDR: `127.0.0.1:${port}`,
        PUBLIC_ORIGIN: `http://127.0.0.1:${port}`,
        PARTNER_ADDR: `127.0.0.1:${port + 1}`,
        PARTNER_ORIGIN: partnerURL,
        DATABASE_URL: `sqlite://${dataDir}/e2e.db`,
        LEPTOS_SITE_ROOT: `${root}/target/site`,
        RUST_LOG: "warn",
        // Every test signs up fresh accounts and lab accounts from this one address.
        SIGNUP_MAX_PER_ADDRESS: "100000",
      },
    },
    // The same shop in demo mode (lifetimes in seconds, key rotation from the Learn page), for the
    // Learn demos that wait for an expiry or rotate the key for everybody.
    {
      command: `${root}/target/release/tokenshop`,
      cwd: root,
      url: `${demoURL}/health`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: {
        LISTEN_ADDR: `127.0.0.1:${port + 2}`,
        PUBLIC_ORIGIN: demoURL,
        DEMO_MODE: "true",
        DATABASE_URL: `sqlite://${dataDir}/e2e-demo.db`,
        LEPTOS_SITE_ROOT: `${root}/target/site`,
        RUST_LOG: "warn",
        // Every test signs up fresh accounts and lab accounts from this one address.
        SIGNUP_MAX_PER_ADDRESS: "100000",
      },
    },
  ],
});
