import { expect, type Locator, type Page } from "@playwright/test";
import { partnerURL } from "../fixtures/setup-files";

// The partner site (src/partner/page.html): another site that uses the shop only through its JSON
// API, with tokens in the page's memory and a guest cart carried by a Cart-Token. Its results are
// live regions with names of their own; what only a test reads (a token, a countdown) has a test id.

export class PartnerSite {
  readonly origin: Locator;
  readonly email: Locator;
  readonly password: Locator;
  readonly logIn: Locator;
  readonly register: Locator;
  readonly logOut: Locator;
  readonly fillLabAccount: Locator;
  /** What the lab-account button did (a status). */
  readonly labAccount: Locator;
  /** The outcome of the last login, sign-up or logout (a status). */
  readonly loginStatus: Locator;
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
    this.email = page.getByLabel("Email");
    this.password = page.getByLabel("Password");
    this.logIn = page.getByRole("button", { name: "Log in with a bearer token" });
    this.register = page.getByRole("button", { name: "Create an account here" });
    this.logOut = page.getByRole("button", { name: "Log out" });
    this.fillLabAccount = page.getByRole("button", { name: "Fill in a throwaway lab account" });
    this.labAccount = page.getByTestId("partner-lab-account");
    this.loginStatus = page.getByTestId("login-status");
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

  async logInAs(account: { email: string; password: string }) {
    await this.email.fill(account.email);
    await this.password.fill(account.password);
    await this.logIn.click();
  }
}
