import { test, expect } from "../../fixtures";
import { Header } from "../../pages/shop";

// What an operator's `curl /metrics` shows after real browsers used the shop: requests by route and
// credential kind (cookie and bearer), sign-ins by carrier, refreshes, and the shop's gauges.
test("after a browser journey and an app's sign-in, /metrics shows their series", async ({ signedInPage, account, api, request }) => {
  // A browser signed in with its session cookie (the worker's sign-in through the login form)...
  await signedInPage.goto("/cart");
  await expect(new Header(signedInPage).signedInAs(account.email)).toBeVisible();

  // ...and an app signed in through the API (the worker's `api`): a call with its bearer token, and
  // a refresh, as an app makes when its access token runs out.
  const first = { access: api.accessToken, refresh: api.refreshToken };
  expect((await api.get("/api/v1/me")).status()).toBe(200);
  await api.refreshNow();

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
  for (const token of [first.access, first.refresh, api.accessToken, api.refreshToken]) expect(text).not.toContain(token);
});
