// @ts-check
// Lesson 10's entry module ("Guest carts"): fills one guest cart through the pages (the session
// cookie, kept in the lab's jar) and one through the API (a Cart-Token) for a brand-new account,
// previews what logging in will make of them, then logs in both ways and shows the account's cart.

import { bind, part, partAs, send, whenHydrated } from "../../../browser/kit.js";
import { labCookieFrom, showGoal, solved, stepper, tableRow } from "../../lab.js";

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
  /** @type {Built | null} */
  let lab = null;

  /**
   * @param {PreviewLine[]} preview
   * @param {CartLine[] | null} actual the account's cart after the logins; null before them
   */
  function show(preview, actual) {
    part(demo, "rows").replaceChildren(...preview.map((p) => {
      const now = actual?.find((l) => l.product_id === p.product_id)?.quantity ?? null;
      const tr = tableRow([p.name, p.saved, p.incoming[0], p.incoming[1], p.after, now ?? "—"].map(String));
      tr.dataset.testid = "merge-row";
      tr.dataset.product = String(p.product_id);
      const cells = tr.querySelectorAll("td");
      cells[4].dataset.testid = "merge-preview";
      cells[5].dataset.testid = "merge-actual";
      return tr;
    }));
  }

  build.addEventListener("click", async () => {
    build.disabled = true;
    login.disabled = true;
    steps.replaceChildren();
    try {
      // A new account of its own, not the tab's lab account: its cart must start empty.
      const account = await send("POST", "/learn/lab/account");
      step("Lab", `a new account, ${account.data?.email}, with an empty cart`, account.status);
      const products = await send("GET", "/api/v1/products?per_page=2");
      /** @type {Product[]} */
      const [a, b] = products.data?.items ?? products.data?.products ?? [];
      if (account.status !== 200 || !a || !b) return;
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
      const preview = await send("GET", "/learn/lab/cookie/merge-preview", { labCookie: cookie, cartToken });
      step("Lab", "preview: the rule the login merge uses, applied to both carts", preview.status);
      if (preview.status !== 200) return;
      /** @type {PreviewLine[]} */
      const after = preview.data.after_both_logins;
      show(after, null);
      lab = { account: account.data, cookie, cartToken, preview: after };
      login.disabled = false;
    } finally {
      build.disabled = false;
    }
  });

  login.addEventListener("click", async () => {
    if (!lab) return;
    login.disabled = true;
    const creds = { email: lab.account.email, password: lab.account.password };
    const pages = await send("POST", "/learn/lab/cookie/login", { body: creds, labCookie: lab.cookie });
    step("Pages", "log in with the cookie: its guest cart merges", pages.status);
    const api = await send("POST", "/api/v1/auth/login", { body: creds, cartToken: lab.cartToken });
    step("API", "log in with the Cart-Token: its guest cart merges", api.status);
    const cart = await send("GET", "/api/v1/cart", { token: api.data?.access_token });
    step("API", "the account's cart", cart.status);
    /** @type {CartLine[]} */
    const lines = cart.data?.lines ?? [];
    const { preview } = lab;
    show(preview, lines);
    const matches = preview.every((p) => lines.find((l) => l.product_id === p.product_id)?.quantity === p.after);
    if (cart.status === 200 && matches) {
      solved(`the preview said ${preview.map((p) => `${p.after} × ${p.name}`).join(", ")}, and the account's cart holds exactly that`);
    }
    lab = null;
    demo.dataset.done = "true";
  });
  demo.dataset.ready = "true";
}

whenHydrated(() => {
  showGoal();
  const demo = bind("merge");
  if (demo) startMerge(demo);
});
