import { expect, type Locator, type Page } from "@playwright/test";
import { partnerURL } from "../fixtures/setup-files";

// The partner site (src/partner/page.html): another site that uses the shop only through its JSON
// API, with tokens in the page's memory and a guest cart carried by a Cart-Token. Its results are
// live regions with names of their own; what only a test reads (a token, a countdown) has a test id.

export class PartnerSite {
  readonly origin: Locator;
  /** Sends the browser to the shop's authorization endpoint (code + PKCE). */
  readonly signIn: Locator;
  readonly logOut: Locator;
  /** The outcome of the last sign-in or logout (a status). */
  readonly loginStatus: Locator;
  /** Asks for the orders, which this site was not allowed. */
  readonly tryOrders: Locator;
  readonly ordersResult: Locator;
  /** The page's own check of the access token, with the shop's JWKS only. */
  readonly verification: Locator;
  readonly countdown: Locator;
  /** Every product's add button, each named for its product ("Add to cart: Earl Grey"). */
  readonly adds: Locator;
  /** The cart as the API last returned it. */
  readonly cart: Locator;
  readonly cartToken: Locator;
  readonly checkCookies: Locator;
  readonly receivedCookies: Locator;
  readonly shopSawCookie: Locator;
  readonly forgedPost: Locator;
  readonly calls: Locator;

  constructor(readonly page: Page) {
    this.origin = page.getByTestId("partner-origin");
    this.signIn = page.getByRole("button", { name: "Sign in with Tokenshop" });
    this.logOut = page.getByRole("button", { name: "Log out" });
    this.loginStatus = page.getByTestId("login-status");
    this.tryOrders = page.getByRole("button", { name: "Try to read your orders" });
    this.ordersResult = page.getByRole("status", { name: "Orders" });
    this.verification = page.getByRole("status", { name: "Verified here, with the shop's JWKS only" });
    this.countdown = page.getByTestId("token-countdown");
    this.adds = page.getByRole("button", { name: /^Add to cart: / });
    this.cart = page.getByRole("status", { name: "The cart" });
    this.cartToken = page.getByTestId("partner-cart-token");
    this.checkCookies = page.getByRole("button", { name: "Check", exact: true });
    this.receivedCookies = page.getByTestId("partner-received-cookies");
    this.shopSawCookie = page.getByTestId("shop-saw-cookie");
    this.forgedPost = page.getByRole("button", { name: "Send the forged POST" });
    this.calls = page.getByRole("log", { name: "Calls made" });
  }

  /** Opens the partner page (on `url`, the partner origin unless told) once its script is ready. */
  async goto(url = partnerURL) {
    await this.page.goto(url);
    await expect(this.page.locator("body")).toHaveAttribute("data-ready", "true");
  }

  /** Adds the first product of the list, once, and waits for the cart to say how many it holds. */
  async addFirstProduct(itemsAfter: number) {
    await this.adds.first().click();
    await expect(this.cart).toContainText(`${itemsAfter} item(s)`);
  }

  /**
   * Signs in through the shop: the shop's login page first when this browser has no session there
   * (`account` given), then its consent page, Allow, and back to the partner's callback.
   */
  async signInThroughShop(account?: { email: string; password: string }) {
    await this.signIn.click();
    await allowAtShop(this.page, account);
    await expect(this.page.locator("body")).toHaveAttribute("data-ready", "true");
  }
}

/**
 * The shop's side of a partner's sign-in, once the partner sent the browser there: the shop's
 * login page when this browser has no session there (`account` given), then its consent page and
 * Allow, which sends the browser back to the partner.
 */
export async function allowAtShop(page: Page, account?: { email: string; password: string }) {
  if (account) {
    await expect(page).toHaveURL(/\/login\?next=%2Foauth%2Fauthorize/);
    await page.getByLabel("Email").fill(account.email);
    await page.getByLabel("Password", { exact: true }).fill(account.password);
    await page.getByRole("button", { name: "Log in" }).click();
  }
  await expect(page.getByRole("heading", { name: /^Let Partner site use your account\?$/ })).toBeVisible();
  await page.getByRole("button", { name: "Allow" }).click();
}
