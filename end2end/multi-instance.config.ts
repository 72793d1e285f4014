import { defineConfig } from "@playwright/test";

// Several instances behind nginx, started by scripts/multi-instance (which passes their addresses
// in MULTI_LB and MULTI_INSTANCES): not part of the main run, which starts its own single shop.
export default defineConfig({
  testDir: "./multi-instance",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 1,
  reporter: [["list"]],
  use: {
    baseURL: process.env.MULTI_LB,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
  },
});
