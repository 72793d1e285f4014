// @ts-check
// The Learn overview's entry module: shows the solved marks on the path once the page has
// hydrated, and again whenever they may have changed behind its back.

import { whenHydrated } from "../browser/kit.js";
import { PROGRESS_KEY, showPath } from "./lab.js";

whenHydrated(() => {
  showPath();
  // A lab solved in another tab changes the marks without reloading this page.
  window.addEventListener("storage", (event) => {
    if (event.key === PROGRESS_KEY || event.key === null) showPath();
  });
  // Back from a lesson, the browser may restore this page from its back/forward cache as it was.
  window.addEventListener("pageshow", (event) => {
    if (event.persisted) showPath();
  });
});
