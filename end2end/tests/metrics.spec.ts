import { test, expect } from "@playwright/test";
import { createUser } from "./helpers";

// What an operator's `curl /metrics` shows after real browsers used the shop: requests by route and
// credential kind (cookie and bearer), sign-ins by carrier, refreshes, and the shop's gauges.
test("after a browser journey and an app's sign-in, /metrics shows their series", async ({ page, request }) => {
  const user = await createUser(request);
  await page.goto("/login");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByTestId("signed-in-as")).toHaveText(user.email);
  await page.goto("/cart");

  const login = await request.post("/api/v1/auth/login", { data: user });
  expect(login.status()).toBe(200);
  const tokens = await login.json();
  const me = await request.get("/api/v1/me", { headers: { Authorization: `Bearer ${tokens.access_token}` } });
  expect(me.status()).toBe(200);
  const refreshed = await request.post("/api/v1/auth/refresh", { data: { refresh_token: tokens.refresh_token } });
  expect(refreshed.status()).toBe(200);

  const res = await request.get("/metrics");
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toContain("text/plain");
  const text = await res.text();
  for (const series of [
    'tokenshop_http_requests_total{route="/cart",method="GET",status="200",credential="session-cookie"}',
    'tokenshop_http_requests_total{route="/api/v1/me",method="GET",status="200",credential="bearer"}',
    'tokenshop_http_request_duration_seconds_count{route="/api/v1/me",credential="bearer"}',
    'tokenshop_signins_total{carrier="cookie"}',
    'tokenshop_signins_total{carrier="token"}',
    "tokenshop_refreshes_total",
    "tokenshop_live_sessions ",
    "tokenshop_denylist_size ",
    "tokenshop_hashing_queue_depth ",
    'tokenshop_page_cache_total{result=',
  ]) {
    expect(text, series).toContain(series);
  }
  // Never a credential's value.
  expect(text).not.toContain(tokens.access_token);
  expect(text).not.toContain(tokens.refresh_token);
});
