import { expect, type Locator, type Page } from "@playwright/test";

// Page objects for the shop's pages (playwright.dev, "Page object models"): each finds its parts by
// role and label, as a person using a screen reader would; a test id only where no role or label
// fits (a price, a count), and then behind a name that says what it is.

/** Waits until the page's islands have hydrated (the last one marks the body). */
export async function hydrated(page: Page) {
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
}

/** The header every page shares. */
export class Header {
  readonly cartLink: Locator;
  /** The badge: a status named "Items in cart", so its count is read (and announced) by name. */
  readonly cartCount: Locator;
  readonly logOut: Locator;
  readonly logIn: Locator;
  readonly orders: Locator;

  constructor(readonly page: Page) {
    this.cartLink = page.getByRole("link", { name: "Cart", exact: true });
    this.cartCount = page.getByRole("status", { name: "Items in cart" });
    this.logOut = page.getByRole("button", { name: "Log out" });
    this.logIn = page.getByRole("link", { name: "Log in" });
    this.orders = page.getByRole("banner").getByRole("link", { name: "Orders", exact: true });
  }

  /** The link to the account page, which reads the signed-in email (all of it). */
  signedInAs(email: string): Locator {
    return this.page.getByRole("banner").getByRole("link", { name: email, exact: true });
  }
}

export class CatalogPage {
  readonly header: Header;
  readonly category: Locator;
  readonly search: Locator;
  readonly filter: Locator;
  readonly resultCount: Locator;
  /** Every product's card. */
  readonly cards: Locator;
  /** What the last action did ("Added 1 × Earl Grey"). */
  readonly notice: Locator;

  constructor(readonly page: Page) {
    this.header = new Header(page);
    this.category = page.getByLabel("Category");
    this.search = page.getByRole("searchbox", { name: "Search" });
    this.filter = page.getByRole("button", { name: "Filter" });
    this.resultCount = page.getByTestId("result-count");
    this.cards = page.getByRole("article");
    this.notice = page.getByTestId("flash");
  }

  async goto(query = "") {
    await this.page.goto(`/${query}`);
  }

  /** Filters by category through the form (works with and without JavaScript). */
  async filterBy(category: string) {
    await this.category.selectOption(category);
    await this.filter.click();
  }

  /** The link to a product's page (its card's image and name). */
  productLink(name: string): Locator {
    return this.page.getByRole("link", { name, exact: true });
  }

  /** A product's card, found by its name. */
  card(name: string): Locator {
    return this.page.getByRole("article").filter({ has: this.page.getByRole("heading", { name }) });
  }

  addToCart(name: string): Locator {
    return this.page.getByRole("button", { name: `Add to cart (${name})` });
  }
}

export class ProductPage {
  readonly header: Header;
  readonly quantity: Locator;
  readonly addToCart: Locator;
  readonly price: Locator;
  readonly notice: Locator;
  readonly error: Locator;

  constructor(readonly page: Page) {
    this.header = new Header(page);
    this.quantity = page.getByLabel("Quantity");
    this.addToCart = page.getByRole("button", { name: /^Add to cart/ });
    this.price = page.getByTestId("price");
    // A status without a name of its own (its words are the news); the test id tells it from the
    // cart count, the other status on the page.
    this.notice = page.getByTestId("flash");
    this.error = page.getByRole("alert");
  }

  async goto(slug: string) {
    await this.page.goto(`/products/${slug}`);
  }

  /** Adds `quantity` and waits for the shop's confirmation. */
  async add(quantity = 1) {
    await this.quantity.fill(String(quantity));
    await this.addToCart.click();
    await expect(this.notice).toContainText(`Added ${quantity} ×`);
  }

  /** Lets the quantity take a value the browser's own checks would stop, to reach the server's. */
  async unguardQuantity() {
    await unguard(this.quantity);
  }
}

/** Takes a number field's min, max and type away, so the server's own check is what answers. */
export async function unguard(field: Locator) {
  await field.evaluate((el: HTMLInputElement) => {
    el.removeAttribute("max");
    el.removeAttribute("min");
    el.type = "text";
  });
}

export class CartPage {
  readonly header: Header;
  readonly lines: Locator;
  readonly total: Locator;
  readonly placeOrder: Locator;
  readonly empty: Locator;
  readonly loginToCheckout: Locator;
  /** What the last action did (the merge a login made, say). */
  readonly notice: Locator;
  /** The problem the last change ran into, if any (the page's alert). */
  readonly error: Locator;

  constructor(readonly page: Page) {
    this.header = new Header(page);
    this.lines = page.getByTestId("cart-line");
    this.total = page.getByTestId("cart-total");
    this.placeOrder = page.getByRole("button", { name: "Place order" });
    this.empty = page.getByTestId("cart-empty");
    this.loginToCheckout = page.getByRole("link", { name: "Log in to check out" });
    this.notice = page.getByTestId("flash");
    this.error = page.getByRole("alert");
  }

  async goto() {
    await this.page.goto("/cart");
  }

  quantityOf(name: string): Locator {
    return this.page.getByLabel(`Quantity of ${name}`);
  }

  async setQuantity(name: string, quantity: number) {
    await this.quantityOf(name).fill(String(quantity));
    await this.page.getByRole("button", { name: `Update ${name}` }).click();
  }

  async remove(name: string) {
    await this.removeButton(name).click();
  }

  updateButton(name: string): Locator {
    return this.page.getByRole("button", { name: `Update ${name}`, exact: true });
  }

  removeButton(name: string): Locator {
    return this.page.getByRole("button", { name: `Remove ${name}`, exact: true });
  }

  line(name: string): Locator {
    return this.lines.filter({ hasText: name });
  }

  lineTotal(name: string): Locator {
    return this.line(name).getByTestId("line-total");
  }
}

/** One order, as the checkout lands on it. */
export class OrderPage {
  readonly header: Header;
  readonly heading: Locator;
  readonly lines: Locator;
  readonly total: Locator;
  readonly notice: Locator;

  constructor(readonly page: Page) {
    this.header = new Header(page);
    this.heading = page.getByRole("heading", { level: 1, name: /^Order #\d+$/ });
    this.lines = page.getByTestId("order-line");
    this.total = page.getByTestId("order-total");
    this.notice = page.getByTestId("flash");
  }
}

export class LoginPage {
  readonly email: Locator;
  readonly password: Locator;
  readonly submit: Locator;
  readonly error: Locator;

  constructor(readonly page: Page) {
    this.email = page.getByLabel("Email");
    this.password = page.getByLabel("Password");
    this.submit = page.getByRole("button", { name: "Log in" });
    this.error = page.getByRole("alert");
  }

  async goto(next?: string) {
    await this.page.goto(next ? `/login?next=${encodeURIComponent(next)}` : "/login");
  }

  async logIn(account: { email: string; password: string }) {
    await this.email.fill(account.email);
    await this.password.fill(account.password);
    await this.submit.click();
  }
}

export class RegisterPage {
  readonly email: Locator;
  readonly password: Locator;
  readonly again: Locator;
  readonly submit: Locator;
  readonly error: Locator;

  constructor(readonly page: Page) {
    this.email = page.getByLabel("Email");
    this.password = page.getByLabel("Password");
    this.again = page.getByLabel("Type it again");
    this.submit = page.getByRole("button", { name: "Create account" });
    this.error = page.getByRole("alert");
  }

  async goto() {
    await this.page.goto("/register");
  }

  async register(email: string, password: string, again = password) {
    await this.email.fill(email);
    await this.password.fill(password);
    await this.again.fill(again);
    await this.submit.click();
  }
}

export class AccountPage {
  readonly header: Header;
  /** The account's email, labelled by its term ("Email") in the page's list of facts. */
  readonly email: Locator;
  readonly signIns: Locator;
  readonly endOthers: Locator;
  /** The sign-in row's mark for the browser looking at the page. */
  readonly thisBrowser: Locator;

  constructor(readonly page: Page) {
    this.header = new Header(page);
    this.email = page.getByRole("definition").and(page.getByLabel("Email"));
    this.signIns = page.getByTestId("signin-row");
    this.endOthers = page.getByRole("button", { name: "End all other sign-ins" });
    this.thisBrowser = page.getByTestId("current-signin");
  }

  async goto() {
    await this.page.goto("/account");
  }

  signIn(kind: "cookie" | "token" | "grant"): Locator {
    return this.page.locator(`[data-testid="signin-row"][data-kind="${kind}"]`);
  }

  /** Ends the (one) other sign-in of this kind from its row. */
  async end(kind: "cookie" | "token" | "grant") {
    await this.signIn(kind).getByRole("button", { name: "End", exact: true }).click();
  }
}

export class OrdersPage {
  readonly rows: Locator;

  constructor(readonly page: Page) {
    this.rows = page.getByTestId("order-row");
  }

  async goto() {
    await this.page.goto("/orders");
  }
}

/** Every page object of the shop, for a fixture to hand a test at once. */
export function shopPages(page: Page) {
  return {
    header: new Header(page),
    catalog: new CatalogPage(page),
    product: new ProductPage(page),
    cart: new CartPage(page),
    login: new LoginPage(page),
    register: new RegisterPage(page),
    account: new AccountPage(page),
    orders: new OrdersPage(page),
    order: new OrderPage(page),
  };
}
export type Shop = ReturnType<typeof shopPages>;
