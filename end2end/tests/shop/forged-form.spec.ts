import { test, expect, partnerURL } from "../../fixtures";
import { hydrated } from "../../pages/shop";
import { PartnerSite } from "../../pages/partner";

test("a forged form POST from the partner is refused with 403, from another site and from the same site", async ({ page, context, baseURL, shop }) => {
  await shop.product.goto("earl-grey");
  await hydrated(page);
  await shop.product.addToCart.click();
  await expect(shop.header.cartCount).toHaveText("1");

  const partner = new PartnerSite(page);
  const sameSitePartner = partnerURL.replace("localhost", "127.0.0.1");
  for (const [origin, cookieSent] of [[partnerURL, false], [sameSitePartner, true]] as const) {
    await partner.goto(origin);
    const posted = page.waitForRequest((r) => r.url() === `${baseURL}/fn/cart/add`);
    const answered = page.waitForResponse((r) => r.url() === `${baseURL}/fn/cart/add`);
    await partner.forgedPost.click();
    const headers = await (await posted).allHeaders();
    // SameSite=Lax decides whether the cookie travels; the shop's check refuses the POST either way.
    expect(headers["cookie"]?.includes("tokenshop_session") ?? false, origin).toBe(cookieSent);
    expect((await answered).status(), origin).toBe(403);
    // The forged form's target says in words what each layer did, not a raw JSON error.
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Refused: this request came from another site");
    await expect(page.getByRole("listitem").filter({ hasText: /^SameSite\./ })).toContainText(cookieSent ? "did attach" : "did not attach");
    await expect(page.getByRole("listitem").filter({ hasText: /^The API\./ })).toContainText("Nothing to forge");
  }
  await shop.cart.goto();
  await expect(shop.header.cartCount).toHaveText("1");
  expect((await context.cookies(baseURL)).map((c) => c.name)).toContain("tokenshop_session");
});
