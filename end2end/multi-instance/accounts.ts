import { expect, type APIRequestContext } from "@playwright/test";

/** A fresh account for a check, created through the same server function the register form uses. */
export async function createUser(request: APIRequestContext): Promise<{ email: string; password: string }> {
  const email = `e2e-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;
  const password = "playwright-pass";
  const res = await request.post("/fn/register", {
    form: { email, password, password_confirm: password },
  });
  expect(res.status(), await res.text()).toBe(200);
  return { email, password };
}
