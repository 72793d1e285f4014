import { expect, type Locator, type Page } from "@playwright/test";
import { hydrated } from "./shop";

// The API playground (/playground): logs in through the JSON API and shows the tokens, decoded, with
// every call's headers. Its buttons are named for the call they make; the tokens and the decoded
// parts are text only a test reads, so they have test ids here.

export class PlaygroundPage {
  readonly root: Locator;
  readonly email: Locator;
  readonly password: Locator;
  readonly logIn: Locator;
  readonly me: Locator;
  readonly refresh: Locator;
  readonly logOut: Locator;
  readonly revoke: Locator;
  /** The last call's outcome in one line (a status, so it is announced). */
  readonly lastCall: Locator;
  readonly countdown: Locator;
  readonly accessToken: Locator;
  readonly header: Locator;
  readonly claims: Locator;
  readonly refreshToken: Locator;
  /** The calls made, newest first. */
  readonly exchanges: Locator;

  constructor(readonly page: Page) {
    this.root = page.locator("#playground");
    this.email = this.root.getByLabel("Email");
    this.password = this.root.getByLabel("Password");
    this.logIn = page.getByRole("button", { name: "POST /api/v1/auth/login" });
    this.me = page.getByRole("button", { name: "GET /api/v1/me" });
    this.refresh = page.getByRole("button", { name: "POST /api/v1/auth/refresh" });
    // The header's "Log out" (when signed in to the pages) is another button: look inside the lab.
    this.logOut = this.root.getByRole("button", { name: "Log out", exact: true });
    this.revoke = this.root.getByRole("button", { name: "Log out + revoke now" });
    this.lastCall = this.root.getByRole("status");
    this.countdown = page.getByTestId("pg-countdown");
    this.accessToken = page.getByTestId("pg-access-raw");
    this.header = page.getByTestId("pg-header");
    this.claims = page.getByTestId("pg-claims");
    this.refreshToken = page.getByTestId("pg-refresh-raw");
    this.exchanges = page.getByTestId("pg-exchange");
  }

  async goto() {
    await this.page.goto("/playground");
    await hydrated(this.page);
    await this.ready();
  }

  /** The page's script has started (also after a client-side navigation to it). */
  async ready() {
    await expect(this.root).toHaveAttribute("data-ready", "true");
  }

  /** The newest call, with its headers and body. */
  get latest(): Locator {
    return this.exchanges.first();
  }

  responseBody(exchange: Locator): Locator {
    return exchange.getByTestId("pg-response-body");
  }

  /**
   * Logs in through the API, as `account` when given (else the demo account the form holds); with
   * `bound`, the tokens are bound to a DPoP key the page makes.
   */
  async logInAs(account?: { email: string; password: string }, { bound = false } = {}) {
    await this.page.getByLabel("Bind the tokens to a key this page cannot export (DPoP)").setChecked(bound);
    if (account) {
      await this.email.fill(account.email);
      await this.password.fill(account.password);
    }
    await this.logIn.click();
    await expect(this.accessToken).toHaveText(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
  }
}
