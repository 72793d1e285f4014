import { test as setup, expect } from "@playwright/test";
import { ADMIN_TOKEN_ENV } from "../../fixtures/setup-files";

// Before anything else: the operator's reset of a practice shop (POST /api/v1/admin/reset with
// ADMIN_TOKEN), so a run starts from the stock, carts and sign-ins of a fresh shop even against a
// shop that served yesterday's runs. Skipped when the run is not given the admin token.
setup("reset the practice shop", async ({ request }) => {
  const token = process.env[ADMIN_TOKEN_ENV];
  setup.skip(!token, `no ${ADMIN_TOKEN_ENV}: the shop is used as it is`);
  const res = await request.post("/api/v1/admin/reset", { headers: { Authorization: `Bearer ${token}` } });
  expect(res.status(), await res.text()).toBe(200);
});
