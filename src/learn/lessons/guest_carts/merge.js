// @ts-check
// Lesson 10's entry module ("Guest carts"): fills one guest cart through the pages (the session
// cookie, kept in the lab's jar) and one through the API (a Cart-Token) for a brand-new account,
// asks the learner to predict what logging in will make of them, then logs in both ways and shows
// the prediction beside the merge rule's answer and the account's real cart.

import { bind, part, partAs, partsAs, problem, send, whenHydrated } from "../../../browser/kit.js";
import { fillTable, guarded, labCookieFrom, showGoal, solved, stepper, tableRow } from "../../lab.js";

/** @typedef {import("../../lab.js").LabAccount} LabAccount */

/**
 * One product of the preview (server.rs's MergePreview rows).
 * @typedef {object} PreviewLine
 * @property {number} product_id
 * @property {string} name
 * @property {number} saved already in the account's cart
 * @property {[number, number]} incoming the cookie cart's and the Cart-Token cart's quantities
 * @property {number} after what the account's cart holds after both logins
 */

/** @typedef {{ product_id: number, quantity: number }} CartLine */

/** @typedef {{ id: number, name: string }} Product */

/**
 * What step 1 built, for step 2.
 * @typedef {object} Built
 * @property {LabAccount} account
 * @property {string | null} cookie
 * @property {string | null} cartToken
 * @property {PreviewLine[]} preview
 */

/**
 * @param {HTMLElement} demo the `[data-lab="merge"]` panel
 * @returns {void}
 */
function startMerge(demo) {
  const steps = part(demo, "steps");
  const step = stepper(steps, "merge");
  const build = partAs(demo, "build", HTMLButtonElement);
  const login = partAs(demo, "login", HTMLButtonElement);
  const verdict = part(demo, "verdict");
  /** @type {Built | null} */
  let lab = null;

  /** The learner's predictions, by product id; a product left blank is missing. */
  const predictions = () => new Map(partsAs(demo, "prediction", HTMLInputElement)
    .filter((input) => input.value.trim() !== "" && input.validity.valid)
    .map((input) => [Number(input.dataset.product), Number(input.value)]));

  /** Step 2 waits for a prediction for every product: the lesson is to predict first. */
  function allowLogin() {
    const made = predictions().size;
    const rows = lab?.preview.length ?? 0;
    login.disabled = !lab || made < rows;
    part(demo, "login-hint").textContent = !lab ? "" : made < rows
      ? `Predict every product's quantity first (${made} of ${rows} done); then log in.`
      : "Your prediction is in: log in both ways and see.";
  }

  /**
   * One row per product: what each cart holds, a field for the learner's prediction, and, once
   * logged in, the rule's answer and the account's real cart.
   * @param {PreviewLine[]} preview
   * @param {CartLine[] | null} actual the account's cart after the logins; null before them
   */
  function show(preview, actual) {
    const kept = predictions();
    fillTable(part(demo, "rows"), preview.map((p) => {
      const now = actual?.find((l) => l.product_id === p.product_id)?.quantity ?? null;
      const tr = tableRow([p.name, p.saved, p.incoming[0], p.incoming[1], "", actual ? p.after : "—", now ?? "—"].map(String));
      tr.dataset.testid = "merge-row";
      tr.dataset.product = String(p.product_id);
      const cells = tr.querySelectorAll("td");
      const input = document.createElement("input");
      input.type = "number";
      input.min = "0";
      input.inputMode = "numeric";
      input.dataset.labPart = "prediction";
      input.dataset.testid = "merge-prediction";
      input.dataset.product = String(p.product_id);
      input.setAttribute("aria-label", `Your prediction: ${p.name} after both logins`);
      const mine = kept.get(p.product_id);
      if (mine !== undefined) input.value = String(mine);
      input.disabled = actual !== null;
      input.addEventListener("input", allowLogin);
      cells[4].replaceChildren(input);
      cells[5].dataset.testid = "merge-preview";
      cells[6].dataset.testid = "merge-actual";
      return tr;
    }));
  }

  build.addEventListener("click", guarded(demo, async () => {
    build.disabled = true;
    login.disabled = true;
    steps.replaceChildren();
    verdict.textContent = "";
    lab = null;
    try {
      // A new account of its own, not the browser's lab account: its cart must start empty.
      const account = await send("POST", "/learn/lab/account");
      if (account.status !== 200) throw new Error(`No new lab account for this lab: ${problem(account)}`);
      step("Lab", `a new account, ${account.data.email}, with an empty cart`, account.status);
      const products = await send("GET", "/api/v1/products?per_page=2");
      /** @type {Product[]} */
      const [a, b] = products.data?.items ?? products.data?.products ?? [];
      if (!a || !b) throw new Error(`The catalog did not answer with two products: ${problem(products)}`);
      /** @type {[Product, number][]} */
      const lines = [[a, 2], [b, 1]];
      /** @type {string | null} */
      let cookie = null;
      /** @type {string | null} */
      let cartToken = null;
      for (const [p, quantity] of lines) {
        const viaPages = await send("POST", "/learn/lab/cookie/cart", { body: { product_id: p.id, quantity }, labCookie: cookie });
        cookie = labCookieFrom(viaPages.res, cookie);
        step("Pages (cookie)", `add ${quantity} × ${p.name}`, viaPages.status);
        const viaApi = await send("POST", "/api/v1/cart/items", { body: { product_id: p.id, quantity }, cartToken });
        cartToken = viaApi.res.headers.get("cart-token") ?? cartToken;
        step("API (Cart-Token)", `add ${quantity} × ${p.name}`, viaApi.status);
      }
      // The rule's answer is fetched now, while both carts are still guests', but shown only
      // after the learner's own prediction and the real logins.
      const preview = await send("GET", "/learn/lab/cookie/merge-preview", { labCookie: cookie, cartToken });
      if (preview.status !== 200) throw new Error(`The lab could not read the two guest carts: ${problem(preview)}`);
      /** @type {PreviewLine[]} */
      const after = preview.data.after_both_logins;
      lab = { account: account.data, cookie, cartToken, preview: after };
      show(after, null);
      step("Lab", "both guest carts are full: now predict the account's cart after both logins", preview.status);
      allowLogin();
      demo.dataset.built = "true";
    } finally {
      build.disabled = false;
    }
  }));

  login.addEventListener("click", guarded(demo, async () => {
    if (!lab) return;
    const mine = predictions();
    if (mine.size < lab.preview.length) return allowLogin();
    login.disabled = true;
    const creds = { email: lab.account.email, password: lab.account.password };
    const pages = await send("POST", "/learn/lab/cookie/login", { body: creds, labCookie: lab.cookie });
    step("Pages", "log in with the cookie: its guest cart merges", pages.status);
    const api = await send("POST", "/api/v1/auth/login", { body: creds, cartToken: lab.cartToken });
    step("API", "log in with the Cart-Token: its guest cart merges", api.status);
    const cart = await send("GET", "/api/v1/cart", { token: api.data?.access_token });
    step("API", "the account's cart", cart.status);
    if (cart.status !== 200) throw new Error(`The lab could not read the account's cart: ${problem(cart)}`);
    /** @type {CartLine[]} */
    const lines = cart.data?.lines ?? [];
    const { preview } = lab;
    show(preview, lines);
    const held = (/** @type {PreviewLine} */ p) => lines.find((l) => l.product_id === p.product_id)?.quantity ?? 0;
    const wrong = preview.filter((p) => mine.get(p.product_id) !== held(p));
    verdict.textContent = wrong.length
      ? `Your prediction was off for ${wrong.map((p) => `${p.name} (you said ${mine.get(p.product_id)}, the cart holds ${held(p)})`).join(" and ")}. `
        + "The rule: each guest cart's quantities are added to what the account holds, at each login in turn, up to the stock and the 99 maximum."
      : "Your prediction was right for every product: the quantities of both guest carts were added to the account's cart, one login after the other.";
    const ruleHeld = preview.every((p) => held(p) === p.after);
    if (ruleHeld) {
      solved(`you predicted ${preview.map((p) => `${mine.get(p.product_id)} × ${p.name}`).join(", ")}; the account's cart held ${preview.map((p) => `${held(p)} × ${p.name}`).join(", ")}`);
    }
    lab = null;
    demo.dataset.done = "true";
  }));
  demo.dataset.ready = "true";
}

whenHydrated(() => {
  showGoal();
  const demo = bind("merge");
  if (demo) startMerge(demo);
});
