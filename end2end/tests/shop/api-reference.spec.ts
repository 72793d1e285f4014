import { test, expect } from "../../fixtures";

test("the API reference renders every endpoint of the OpenAPI document", async ({ page, request }) => {
  const doc = await (await request.get("/api/v1/openapi.json")).json();
  const operations = Object.values(doc.paths as Record<string, object>).reduce((n, item) => n + Object.keys(item).length, 0);
  await page.goto("/api-reference");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Tokenshop API");
  // Each endpoint is headed by its method and path ("POST /api/v1/auth/login").
  await expect(page.getByRole("heading", { level: 3, name: /^(GET|POST|PUT|PATCH|DELETE) \// })).toHaveCount(operations);
  await expect(page.getByText("/api/v1/auth/refresh").first()).toBeVisible();
});
