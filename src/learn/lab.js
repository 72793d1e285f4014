// @ts-check
// What every Learn lab shares, on top of src/browser/kit.js: the learner's throwaway lab account,
// the lab's own cookie jar, a lab's step log, and the solved marks (kept in this browser only)
// with how a lesson's goal and the path's overview show them.

import { formatDate, numberField, part, randomId, send, stringField } from "../browser/kit.js";

// ---------------------------------------------------------------------------------------------
// The lab account.

/**
 * This learner's lab account, as POST /learn/lab/account makes it.
 * @typedef {object} LabAccount
 * @property {string} email
 * @property {string} password
 * @property {number} expires_at Unix seconds; the account cannot sign in after it
 */

/** @typedef {{ email: string, password: string }} Credentials */

const LAB_ACCOUNT = "tokenshop.lab-account";
// Kept only while it has this long to live, so a lab never starts with an account that expires
// halfway through it.
const ACCOUNT_MARGIN_SECS = 300;

/** @type {Promise<LabAccount> | null} */
let making = null;

/**
 * @param {unknown} value
 * @returns {value is LabAccount}
 */
function isLabAccount(value) {
  return stringField(value, "email") !== undefined && stringField(value, "password") !== undefined
    && numberField(value, "expires_at") !== undefined;
}

/**
 * The lab account this browser keeps, when it has long enough to live.
 * @returns {LabAccount | null}
 */
function keptAccount() {
  try {
    const kept = JSON.parse(localStorage.getItem(LAB_ACCOUNT) ?? "null");
    if (isLabAccount(kept) && kept.expires_at - Date.now() / 1000 > ACCOUNT_MARGIN_SECS) return kept;
  } catch {
    // Unreadable or unavailable storage: make a new one.
  }
  return null;
}

/**
 * This learner's lab account: a throwaway the shop made for this browser, never a shared demo
 * account, so one learner's labs can neither sign out, lock out nor fill the cart of another's.
 * One per browser, shared by its tabs (localStorage) until shortly before it expires (the shop
 * deletes it after that): a learner with many tabs, or a classroom behind one address, spends one
 * account per browser of the address's lab-account budget. Tabs that ask at the same moment wait
 * for each other (a Web Lock) and share the one account the first makes.
 * Rejects with the shop's reason, in words, when it makes none (too many from this address).
 * @returns {Promise<LabAccount>}
 */
export async function labAccount() {
  const kept = keptAccount();
  if (kept) return kept;
  /** @returns {Promise<LabAccount>} */
  const make = async () => keptAccount() ?? makeLabAccount();
  // `then` unwraps the lock's promise of the callback's promise (the DOM types nest them).
  const made = navigator.locks ? navigator.locks.request(LAB_ACCOUNT, make).then((account) => account) : make();
  making ??= made.finally(() => {
    making = null;
  });
  return making;
}

/** @returns {Promise<LabAccount>} */
async function makeLabAccount() {
  const made = await send("POST", "/learn/lab/account");
  if (made.status !== 200 || !isLabAccount(made.data)) {
    throw new Error(`No lab account: ${stringField(made.data, "detail") ?? `the shop answered ${made.status}.`}`);
  }
  try {
    localStorage.setItem(LAB_ACCOUNT, JSON.stringify(made.data));
  } catch {
    // Storage refused: the account still works for this page, the next page makes another.
  }
  return made.data;
}

/**
 * The lab account's email and password alone: the body of a login request.
 * @returns {Promise<Credentials>}
 */
export async function credentials() {
  const { email, password } = await labAccount();
  return { email, password };
}

// ---------------------------------------------------------------------------------------------
// The lab's cookie jar. The labs send no real cookies (see kit.js's send): the server hands the
// cookie its session layer set back in X-Lab-Set-Cookie, and the lab returns it in X-Lab-Cookie.

/**
 * The jar after a response: the cookie the session layer set, as `name=value`; null when it
 * cleared it (Max-Age=0, or an empty value); `current` when it set none.
 * @param {Response} res
 * @param {string | null} current
 * @returns {string | null}
 */
export function labCookieFrom(res, current) {
  const raw = res.headers.get("x-lab-set-cookie");
  if (!raw) return current;
  const pair = raw.split(",")[0].split(";")[0].trim();
  return /max-age=0/i.test(raw) || pair.endsWith("=") ? null : pair;
}

// ---------------------------------------------------------------------------------------------
// What a lab shows.

/**
 * Logs one step of a lab: appends `<li>` "who: text → status" and returns it.
 * @callback Step
 * @param {string} who the actor ("Client", "Thief", "API", …)
 * @param {string} text what it did
 * @param {number | string} status the HTTP status it got (or a word, when there was no request)
 * @returns {HTMLLIElement}
 */

/**
 * A step log writing into `list`. Each `<li>` gets `data-testid="<prefix>-step"` and
 * `data-status`, which the end-to-end tests read (scripts only ever write a data-testid).
 * @param {HTMLElement} list an `<ol>` or `<ul>`
 * @param {string} prefix
 * @returns {Step}
 */
export function stepper(list, prefix) {
  return (who, text, status) => {
    const li = document.createElement("li");
    li.dataset.testid = `${prefix}-step`;
    li.dataset.status = String(status);
    li.textContent = `${who}: ${text} → ${status}`;
    list.append(li);
    return li;
  };
}

/**
 * The lab's line for what went wrong (`[data-lab-part="problem"]`, an alert), made at the top of
 * the lab's panel the first time it is needed.
 * @param {HTMLElement} lab
 * @returns {HTMLElement}
 */
function problemLine(lab) {
  const found = lab.querySelector('[data-lab-part="problem"]');
  if (found instanceof HTMLElement) return found;
  const line = document.createElement("p");
  line.className = "form-error";
  line.setAttribute("role", "alert");
  line.dataset.labPart = "problem";
  line.dataset.testid = "lab-problem";
  const heading = lab.querySelector("h2");
  if (heading) heading.after(line);
  else lab.prepend(line);
  return line;
}

/**
 * A lab control's handler that never fails in silence: whatever stops it (no lab account because
 * the address's budget is spent, the shop out of reach, an answer the lab cannot read) is said in
 * the lab's problem line, in the shop's words where it gave some, and the lab's root gets
 * `data-problem="true"`.
 * @template {unknown[]} A
 * @param {HTMLElement} lab the lab's root
 * @param {(...args: A) => unknown} action
 * @returns {(...args: A) => Promise<void>}
 */
export function guarded(lab, action) {
  return async (...args) => {
    const existing = lab.querySelector('[data-lab-part="problem"]');
    if (existing) existing.textContent = "";
    delete lab.dataset.problem;
    try {
      await action(...args);
    } catch (e) {
      const said = e instanceof TypeError
        ? `Could not reach the shop (${e.message}). Check the connection and try again.`
        : e instanceof Error ? e.message : String(e);
      problemLine(lab).textContent = said;
      lab.dataset.problem = "true";
    }
  };
}

/**
 * Writes `text` into a live region only when it differs, so a periodic refresh that found nothing
 * new stays silent for screen readers.
 * @param {HTMLElement} el
 * @param {string} text
 * @returns {void}
 */
export function say(el, text) {
  if (el.textContent !== text) el.textContent = text;
}

/**
 * A table row of text cells that say their roles: under 600 px the CSS lays the labs' tables out
 * as grids, and a browser may then stop exposing them as tables (style/main.css).
 * @param {readonly string[]} texts
 * @returns {HTMLTableRowElement}
 */
export function tableRow(texts) {
  const tr = document.createElement("tr");
  tr.setAttribute("role", "row");
  tr.append(...texts.map((text) => {
    const td = document.createElement("td");
    td.setAttribute("role", "cell");
    td.textContent = text;
    return td;
  }));
  return tr;
}

/**
 * Puts `rows` into a table's body and labels each cell with its column's header
 * (`data-label`), which a narrow screen shows before the cell when it stacks the table
 * (`table.stack` in style/main.css): the labels come from the table's own header, never from a
 * copy in the CSS.
 * @param {HTMLElement} tbody
 * @param {readonly HTMLTableRowElement[]} rows
 * @returns {void}
 */
export function fillTable(tbody, rows) {
  tbody.replaceChildren(...rows);
  labelCells(tbody);
}

/**
 * Labels every cell under `root` with its column's header, by position in its row, from the
 * `<thead>` of the table it sits in; cells already labelled keep theirs.
 * @param {HTMLElement} root a table or a part of one
 * @returns {void}
 */
export function labelCells(root) {
  const table = root.closest("table");
  const heads = [...(table?.querySelectorAll("thead th") ?? [])].map((th) => th.textContent?.trim() ?? "");
  for (const tr of root.querySelectorAll("tr")) {
    // Roles said outright: a stacked row is laid out as a grid, and a browser may then stop
    // exposing it as a table row (style/main.css).
    if (!tr.hasAttribute("role")) tr.setAttribute("role", "row");
    [...tr.children].forEach((cell, i) => {
      if (!(cell instanceof HTMLElement)) return;
      if (!cell.hasAttribute("role")) cell.setAttribute("role", cell.tagName === "TH" ? "rowheader" : "cell");
      if (!cell.dataset.label && heads[i]) cell.dataset.label = heads[i];
    });
  }
}

/** @type {Map<string, string>} ids for a page whose storage is refused: they last as long as the page */
const pageIds = new Map();

/**
 * This tab's id for a lab's runs under `key`, made on first use and kept in sessionStorage, so it
 * survives the visit to the partner site and back (the server records the runs under it).
 * @param {string} key
 * @returns {string}
 */
export function keptId(key) {
  try {
    let id = sessionStorage.getItem(key);
    if (!id) {
      id = randomId();
      sessionStorage.setItem(key, id);
    }
    return id;
  } catch {
    // Storage refused (a browser setting): the lab still runs, it just forgets the id on leaving.
    const id = pageIds.get(key) ?? randomId();
    pageIds.set(key, id);
    return id;
  }
}

// ---------------------------------------------------------------------------------------------
// Solved marks, kept in this browser only (localStorage), never on the server: the labs run on
// throwaway accounts, and the learner owes the shop no record of their progress.

/** The localStorage key of the marks, for a page that listens for `storage` events. */
export const PROGRESS_KEY = "tokenshop.progress";

/**
 * One solved lesson: when (ms since the epoch) and how, in a sentence without its final stop.
 * @typedef {{ at: number, how: string }} Mark
 */

/** @typedef {Record<string, Mark>} Progress the marks, by lesson slug */

/**
 * The marks kept in this browser, leaving out any entry not of the shape this code writes.
 * @returns {Progress}
 */
export function progress() {
  /** @type {unknown} */
  let kept;
  try {
    kept = JSON.parse(localStorage.getItem(PROGRESS_KEY) ?? "{}");
  } catch {
    return {};
  }
  /** @type {Progress} */
  const marks = {};
  if (typeof kept !== "object" || kept === null) return marks;
  for (const [lesson, mark] of Object.entries(kept)) {
    const at = numberField(mark, "at");
    const how = stringField(mark, "how");
    if (at !== undefined && how !== undefined) marks[lesson] = { at, how };
  }
  return marks;
}

/**
 * The lesson page's goal section, `[data-lab="goal"][data-lesson]`, and its lesson's slug.
 * @returns {{ goal: HTMLElement, lesson: string } | null}
 */
function goalSection() {
  const goal = document.querySelector('[data-lab="goal"]');
  if (!(goal instanceof HTMLElement) || !goal.dataset.lesson) return null;
  return { goal, lesson: goal.dataset.lesson };
}

/**
 * Records that the learner reached this page's lesson goal, `how` being the evidence in a
 * sentence without its final stop ("the stolen refresh token worked for the thief (200)"), then
 * shows it. The first time counts: solving again keeps the first mark. Does nothing on a page
 * without a goal section.
 * @param {string} how
 * @returns {boolean} true when this call made the mark
 */
export function solved(how) {
  const page = goalSection();
  if (!page) return false;
  const marks = progress();
  const first = !marks[page.lesson];
  if (first) {
    marks[page.lesson] = { at: Date.now(), how };
    try {
      localStorage.setItem(PROGRESS_KEY, JSON.stringify(marks));
    } catch {
      // Storage refused: the mark is still shown on this page, it is just not kept.
    }
  }
  showGoalFrom(marks);
  return first;
}

/**
 * Shows on the lesson's goal section whether it is solved: `data-solved` on the section, and on
 * its `[data-lab-part="status"]` line (only lessons with a lab have one) "Solved (5 Dec 2026,
 * 14:05): how." An unsolved lesson keeps the page's own text.
 * @returns {void}
 */
export function showGoal() {
  showGoalFrom(progress());
}

/**
 * @param {Progress} marks
 * @returns {void}
 */
function showGoalFrom(marks) {
  const page = goalSection();
  if (!page) return;
  const done = marks[page.lesson];
  page.goal.dataset.solved = String(Boolean(done));
  const status = page.goal.querySelector('[data-lab-part="status"]');
  if (done && status) status.textContent = `Solved (${formatDate(done.at)}): ${done.how}.`;
}

/**
 * Shows the marks on the Learn overview's path, `[data-lab="path"]`: on each
 * `[data-lab-part="lesson"][data-has-lab="true"]` its `data-solved` and its
 * `[data-lab-part="lesson-status"]` ("✓ solved" or nothing), and on `[data-lab-part="progress"]`
 * "N of M labs solved (kept in this browser)." Does nothing on a page without the path; throws
 * when the path lacks one of those parts.
 * @returns {void}
 */
export function showPath() {
  const path = document.querySelector('[data-lab="path"]');
  if (!path) return;
  const marks = progress();
  let labs = 0;
  let solvedCount = 0;
  for (const lesson of path.querySelectorAll('[data-lab-part="lesson"]')) {
    if (!(lesson instanceof HTMLElement) || lesson.dataset.hasLab !== "true") continue;
    labs += 1;
    const done = Boolean(lesson.dataset.lesson && marks[lesson.dataset.lesson]);
    if (done) solvedCount += 1;
    lesson.dataset.solved = String(done);
    part(lesson, "lesson-status").textContent = done ? "✓ solved" : "";
  }
  part(path, "progress").textContent = `${solvedCount} of ${labs} labs solved (kept in this browser).`;
}
