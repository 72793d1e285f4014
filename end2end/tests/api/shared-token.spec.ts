import { test, expect, practice, claimsOf } from "../../fixtures";

// The "api" project calls the JSON API with the token the setup project got by signing in through
// the API once (`sharedApi`), or with the worker's own sign-in (`api`) when a test changes a cart.

test("the setup's bearer token speaks for the shared account", async ({ sharedApi }) => {
  const me = await sharedApi.get("/api/v1/me");
  expect(me.status()).toBe(200);
  expect((await me.json()).email).toBe(practice.shared);
  expect(claimsOf(sharedApi.accessToken)).toMatchObject({ kind: "access", aud: "tokenshop-api" });
});

test("each worker has an account and a guest cart of its own, empty when a test starts", async ({ api, account, guestCart }) => {
  const me = await (await api.get("/api/v1/me")).json();
  expect(me.email).toBe(account.email);
  expect(me.email).toMatch(/^worker-\d+@practice\.example\.com$/);
  expect((await (await api.get("/api/v1/cart")).json()).lines).toEqual([]);
  expect(await guestCart.lines()).toEqual([]);
  expect((await guestCart.add(1, 2)).status()).toBe(200);
  expect(await guestCart.lines()).toEqual([expect.objectContaining({ product_id: 1, quantity: 2 })]);
});
