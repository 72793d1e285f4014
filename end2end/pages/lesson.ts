import { expect, type Locator, type Page } from "@playwright/test";
import { allowAtShop } from "./partner";
import { hydrated } from "./shop";

// The Learn path: the overview (/learn), a lesson's frame (its goal, and the links to the lessons
// before and after it) and each lab in it. A lab is a browser module that marks its root
// `data-ready="true"` once it can be used; its buttons are found by their names, and what only a
// test reads (a step's status, a cell of a result table) by a test id, here and nowhere else.

/** The HTTP status each step of a lab's log got, in order (`data-status`). */
export function statuses(steps: Locator): Promise<(string | undefined)[]> {
  return steps.evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.status));
}

/** The page scrolls sideways by this many pixels (0 or less: it fits). */
export async function expectNoSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, "no sideways scrolling").toBeLessThanOrEqual(0);
}

/** /learn: the path, with each lesson's solved mark (kept in the browser). */
export class LearnOverview {
  readonly lessons: Locator;
  readonly progress: Locator;
  readonly start: Locator;

  constructor(readonly page: Page) {
    this.lessons = page.getByTestId("path-lesson");
    this.progress = page.getByTestId("progress");
    this.start = page.getByRole("link", { name: "Start with lesson 1" });
  }

  async goto() {
    await this.page.goto("/learn");
    await hydrated(this.page);
  }

  /** The solved mark beside a lesson on the path. */
  status(slug: string): Locator {
    return this.lessons.and(this.page.locator(`[data-lesson="${slug}"]`)).getByTestId("lesson-status");
  }

  /**
   * Every lesson's path, in order, as the overview lists them: the one list (`learn::lessons::LESSONS`)
   * the pages render, read back, so a test never keeps a copy of it.
   */
  async paths(): Promise<string[]> {
    await this.page.goto("/learn");
    return this.lessons.evaluateAll((items) => items.map((li) => `/learn/${(li as HTMLElement).dataset.lesson}`));
  }
}

/** One lesson: its goal (and whether it is solved), its lab, the links along the path. */
export class LessonPage {
  readonly heading: Locator;
  readonly goal: Locator;
  /** "Not solved yet." or what the learner did: a status in the goal. */
  readonly goalStatus: Locator;
  readonly next: Locator;
  readonly prev: Locator;
  /** The lab's root, `data-ready="true"` once its script runs (the page's main part, for a lesson without a lab). */
  readonly lab: Locator;

  /** What stopped the lab, in words (an alert, made the first time it is needed). */
  readonly problem: Locator;

  /** `labTestId`: the lab's root, when the lesson has a lab whose readiness a test waits for. */
  constructor(readonly page: Page, readonly slug: string, private readonly labTestId?: string) {
    this.problem = page.getByTestId("lab-problem");
    this.heading = page.getByRole("heading", { level: 1 });
    this.goal = page.getByRole("region", { name: "Goal" });
    this.goalStatus = this.goal.getByRole("status");
    this.next = page.getByTestId("lesson-next");
    this.prev = page.getByTestId("lesson-prev");
    this.lab = labTestId ? page.getByTestId(labTestId) : page.getByRole("main");
  }

  /** Opens the lesson (on `origin`, this shop unless told; `query` such as "?csp=off") and waits for its lab. */
  async open({ origin = "", query = "" } = {}) {
    await this.page.goto(`${origin}/learn/${this.slug}${query}`);
    await hydrated(this.page);
    await this.ready();
  }

  /** The lab's script has started (and the lab is scrolled into view, as a reader would have it). */
  async ready() {
    if (!this.labTestId) return;
    await expect(this.lab).toHaveAttribute("data-ready", "true");
    await this.lab.scrollIntoViewIfNeeded();
  }

  async expectNoSidewaysScroll() {
    await expectNoSidewaysScroll(this.page);
  }
}

/** 2. Two carriers: the lifetimes, ticking, and the request inspector. */
export class TwoCarriers extends LessonPage {
  readonly startRecording: Locator;
  readonly state: Locator;
  readonly apiCall: Locator;
  readonly showLabs: Locator;
  readonly rows: Locator;
  readonly labRows: Locator;
  readonly noSession: Locator;
  /** "Watch both end": a short lab sign-in, asked every second until both are refused. */
  readonly ending: Locator;
  readonly watchBothEnd: Locator;
  readonly endingCookie: Locator;
  readonly endingToken: Locator;
  readonly endingResult: Locator;

  constructor(page: Page) {
    super(page, "two-carriers", "inspector");
    this.startRecording = page.getByRole("button", { name: "Start recording" });
    this.state = this.lab.getByRole("status");
    this.apiCall = page.getByRole("button", { name: "Call the API with your lab account's token" });
    this.showLabs = page.getByLabel("Show the labs' own requests too");
    this.rows = page.getByTestId("inspector-row");
    this.labRows = this.rows.and(page.locator('[data-group="lab"]'));
    this.noSession = page.getByTestId("timer-no-session");
    this.ending = page.getByTestId("ending-demo");
    this.watchBothEnd = page.getByRole("button", { name: "Sign in both ways for a short while, and watch" });
    this.endingCookie = page.getByTestId("ending-cookie");
    this.endingToken = page.getByTestId("ending-token");
    this.endingResult = page.getByTestId("ending-result");
  }

  /** The inspector's rows for one request ("GET /api/v1/me"), by the first cell. */
  row(request: string): Locator {
    return this.rows.filter({ has: this.page.getByRole("cell", { name: `${request} (` }) });
  }

  /** The request path of each row listed, in order. */
  paths(): Promise<(string | undefined)[]> {
    return this.rows.evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.path));
  }

  /** A countdown: "timer-session-idle", "timer-session-absolute" or "timer-access". */
  timer(which: "session-idle" | "session-absolute" | "access"): Locator {
    return this.page.getByTestId(`timer-${which}`);
  }
}

/** 3. Read a token. */
export class ReadAToken extends LessonPage {
  readonly getToken: Locator;
  readonly raw: Locator;
  readonly header: Locator;
  readonly payload: Locator;
  readonly expires: Locator;
  readonly answer: Locator;
  readonly check: Locator;
  readonly result: Locator;

  constructor(page: Page) {
    super(page, "read-a-token", "anatomy");
    this.getToken = page.getByRole("button", { name: "Sign in by the API and show my token" });
    this.raw = page.getByTestId("anatomy-raw");
    this.header = page.getByTestId("anatomy-header");
    this.payload = page.getByTestId("anatomy-payload");
    this.expires = page.getByTestId("anatomy-exp");
    this.answer = page.getByLabel("Your lab account's id, read from the token's sub claim");
    this.check = page.getByRole("button", { name: "Check with the shop" });
    this.result = page.getByTestId("anatomy-result");
  }

  rawPart(part: "header" | "payload" | "signature"): Locator {
    return this.page.getByTestId(`anatomy-raw-${part}`);
  }

  /** The colours the raw token's three parts are drawn in. */
  async rawColours(): Promise<string[]> {
    const colours: string[] = [];
    for (const part of ["header", "payload", "signature"] as const) {
      colours.push(await this.rawPart(part).evaluate((el) => getComputedStyle(el).color));
    }
    return colours;
  }
}

/** 4. Tamper with a token. */
export class Tamper extends LessonPage {
  readonly getToken: Locator;
  readonly payload: Locator;
  readonly send: Locator;
  /** The list the token attempts are written into, and each attempt's line in it. */
  readonly log: Locator;
  readonly results: Locator;
  readonly sessionIds: Locator;
  readonly cookieLog: Locator;
  readonly cookieResults: Locator;
  /** The refusals met so far, and what is still missing for the goal. */
  readonly tallyList: Locator;
  /** A DPoP-bound token, and what each broken proof met (status and error in data attributes). */
  readonly getBound: Locator;
  readonly dpopResults: Locator;
  readonly tallyNext: Locator;

  constructor(page: Page) {
    super(page, "tamper", "tamper");
    this.tallyList = page.getByTestId("tamper-tally-list").getByRole("listitem");
    this.tallyNext = page.getByTestId("tamper-tally-next");
    this.getToken = page.getByRole("button", { name: "Get a token to change" });
    this.payload = page.getByLabel("Payload");
    this.send = page.getByRole("button", { name: "Send it to GET /api/v1/me" });
    this.log = page.getByTestId("tamper-results");
    this.results = this.log.getByTestId("tamper-result");
    this.sessionIds = page.getByRole("button", { name: "Sign in by the pages, then send an edited and a guessed session id" });
    this.cookieLog = page.getByTestId("tamper-cookie-results");
    this.cookieResults = this.cookieLog.getByTestId("tamper-result");
    this.getBound = page.getByRole("button", { name: "Get a DPoP-bound token" });
    this.dpopResults = page.getByTestId("tamper-dpop-results").getByTestId("tamper-dpop-result");
  }

  /** An attack's button, by its name ("alg: none, no signature"). */
  attack(name: string): Locator {
    return this.page.getByRole("button", { name, exact: true });
  }
}

/** 5. Where the browser keeps it: one lab account signed in six ways, and an injected script. */
export class WhereToKeepIt extends LessonPage {
  readonly signIn: Locator;
  readonly inject: Locator;
  readonly injectAnyway: Locator;
  readonly replay: Locator;
  readonly cspMode: Locator;
  readonly status: Locator;
  readonly cspResult: Locator;
  /** The lesson's "What this shows", hidden until the learner has run the attack. */
  readonly shows: Locator;

  constructor(page: Page) {
    super(page, "where-to-keep-it", "xss");
    this.shows = page.getByTestId("xss-shows");
    this.signIn = page.getByRole("button", { name: "1. Sign in six ways" });
    this.inject = page.getByRole("button", { name: "2. Run the injected script" });
    this.injectAnyway = page.getByRole("button", { name: /^2b\. Suppose it got in anyway/ });
    this.replay = page.getByRole("button", { name: "3. Replay from the attacker's side" });
    this.cspMode = page.getByTestId("xss-csp-mode");
    this.status = page.getByTestId("xss-status");
    this.cspResult = page.getByTestId("xss-csp-result");
  }

  /** One way of keeping the sign-in, and what happened to it (a cell of the lab's table). */
  cell(store: Store, column: "signed-in" | "read" | "sent" | "replayed" | "lasts"): Locator {
    return this.page.locator(`[data-testid="xss-row"][data-store="${store}"]`).getByTestId(`xss-${column}`);
  }
}
type Store = "local" | "session" | "memory" | "cookie" | "bff" | "dpop";

/** 6. Forge a request: the lesson's side (sign in, then open the attacker's page). */
export class ForgeARequest extends LessonPage {
  readonly signIn: Locator;
  readonly signedIn: Locator;
  readonly openCross: Locator;
  readonly openSame: Locator;
  readonly attempts: Locator;
  readonly summary: Locator;

  constructor(page: Page) {
    super(page, "forge-a-request", "forge");
    this.signIn = page.getByRole("button", { name: /^1\. Sign in to the lab target/ });
    this.signedIn = page.getByTestId("forge-signed-in");
    this.openCross = page.getByRole("link", { name: "on another site", exact: true });
    this.openSame = page.getByRole("link", { name: "on this site, another port", exact: true });
    this.attempts = page.getByTestId("forge-attempt");
    this.summary = page.getByTestId("forge-summary");
  }
}

/** 6. Forge a request: the attacker's page, on the partner origin (the same site, or another). */
export class ForgeAttacker {
  readonly root: Locator;
  readonly site: Locator;
  readonly results: Locator;
  readonly back: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId("partner-forge-lab");
    this.site = page.getByTestId("forge-lab-site");
    this.results = page.getByTestId("forge-lab-result");
    this.back = page.getByRole("link", { name: "Back to the lesson" });
  }

  /** Sends one forged POST and answers its line in the page's log. */
  async forge(target: "weak" | "guarded" | "api"): Promise<Locator> {
    const names = {
      weak: "POST to the lab's weak target (it checks only the cookie)",
      guarded: "POST to the same action behind the shop's check",
      api: "POST to the bearer API (checkout)",
    };
    const before = await this.results.count();
    await this.page.getByRole("button", { name: names[target] }).click();
    await expect(this.results).toHaveCount(before + 1);
    return this.results.last();
  }
}

/** 7. A cookie on another site: the lesson's side. */
export class CookieOnAnotherSite extends LessonPage {
  readonly control: Locator;
  readonly openPartner: Locator;
  readonly trials: Locator;
  readonly summary: Locator;
  readonly verdict: Locator;

  constructor(page: Page) {
    super(page, "cookie-on-another-site", "elsewhere");
    this.control = page.getByRole("button", { name: "1. The control: set and send them from this site" });
    this.openPartner = page.getByRole("link", { name: "2. Try it from the partner site" });
    this.trials = page.getByTestId("elsewhere-trial");
    this.summary = page.getByTestId("elsewhere-summary");
    this.verdict = page.getByTestId("elsewhere-verdict");
  }

  /** What the shop saw of one request of the experiment ("same-origin" or "cross-site", and its step). */
  trial(site: "same-origin" | "cross-site", step: string): Locator {
    return this.trials.and(this.page.locator(`[data-site="${site}"][data-step="${step}"]`));
  }
}

/** 7. A cookie on another site: the partner's page. */
export class CookieExperiment {
  readonly root: Locator;
  readonly run: Locator;
  readonly back: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId("partner-elsewhere-lab");
    this.run = page.getByRole("button", { name: "Run the experiment from this site" });
    this.back = page.getByRole("link", { name: "Back to the lesson" });
  }

  /** What one step of the experiment saw ("check", "check-plain", "omit"). */
  result(step: string): Locator {
    return this.page.locator(`[data-testid="elsewhere-result"][data-step="${step}"]`);
  }
}

/** 7. Let another site in without your password: the shop's side of the lab. */
export class LetAnotherSiteIn extends LessonPage {
  /** The lab account to sign in with on the shop's login page, as the lab shows it. */
  readonly account: Locator;
  readonly openPartner: Locator;
  readonly swap: Locator;
  readonly refresh: Locator;
  readonly goals: Locator;
  readonly events: Locator;
  readonly summary: Locator;

  constructor(page: Page) {
    super(page, "let-another-site-in", "delegation");
    this.account = page.getByTestId("delegation-account");
    this.openPartner = page.getByRole("link", { name: /^1\. On the partner's site/ });
    this.swap = page.getByRole("button", { name: /^2\. The attacker's link/ });
    this.refresh = page.getByRole("button", { name: /^3\. What each side received/ });
    this.goals = page.getByTestId("delegation-goal");
    this.events = page.getByTestId("delegation-event");
    this.summary = page.getByTestId("delegation-summary");
  }

  /** The goal with this id ("no-password", "stolen-code", "swap", "scope", "ended"). */
  labGoal(id: string): Locator {
    return this.goals.and(this.page.locator(`[data-goal="${id}"]`));
  }

  /** The lab account's email and password, read from the sentence the lab shows. */
  async labAccount(): Promise<{ email: string; password: string }> {
    await expect(this.account).toContainText("password");
    const text = (await this.account.textContent()) ?? "";
    const found = /email (\S+), password (\S+) —/.exec(text);
    if (!found) throw new Error(`no lab account in: ${text}`);
    return { email: found[1], password: found[2] };
  }
}

/** 7. Let another site in: the lab page on the partner's site, where the partner and the attacker act. */
export class DelegationPartner {
  readonly root: Locator;
  readonly status: Locator;
  readonly code: Locator;
  readonly signIn: Locator;
  readonly guess: Locator;
  readonly trade: Locator;
  readonly replay: Locator;
  readonly me: Locator;
  readonly orders: Locator;
  readonly endAccess: Locator;
  readonly back: Locator;
  /** The log, newest first; each step's answer in `data-status`. */
  readonly steps: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId("partner-delegation-lab");
    this.status = this.root.getByRole("status").first();
    this.code = page.getByTestId("delegation-code");
    this.signIn = page.getByRole("button", { name: "Sign in with Tokenshop" });
    this.guess = page.getByRole("button", { name: "Attacker: redeem the code without its verifier" });
    this.trade = page.getByRole("button", { name: "Partner: trade the code with its verifier" });
    this.replay = page.getByRole("button", { name: "Attacker: redeem the same code again" });
    this.me = page.getByRole("button", { name: "Partner: call the API (GET /api/v1/me)" });
    this.orders = page.getByRole("button", { name: "Partner: read your orders (you did not allow it)" });
    this.endAccess = page.getByRole("link", { name: "End the partner's access on the shop's account page" });
    this.back = page.getByRole("link", { name: "Back to the lesson: what each side received" });
    this.steps = page.getByTestId("delegation-step");
  }

  async ready() {
    await expect(this.root).toHaveAttribute("data-ready", "true");
  }

  /**
   * Signs in through the shop from the lab page: the shop's login page when this browser has no
   * session there (`account` given), its consent page, Allow, and back with a code.
   */
  async signInThroughShop(account?: { email: string; password: string }) {
    await this.signIn.click();
    await allowAtShop(this.page, account);
    await this.ready();
    await expect(this.code).not.toHaveText("none yet");
  }
}

/** 8. Replay after logout (the lab's short sign-in: its access token lasts seconds). */
export class ReplayAfterLogout extends LessonPage {
  readonly revokeNow: Locator;
  readonly run: Locator;
  readonly cookieStatus: Locator;
  readonly tokenStatus: Locator;
  readonly countdown: Locator;
  /** The lab's step log, and each step in it (its HTTP status in `data-status`). */
  readonly log: Locator;
  readonly steps: Locator;
  /** Why the button waits, and for how long: before a run, and during one. */
  readonly wait: Locator;
  readonly waiting: Locator;

  constructor(page: Page) {
    super(page, "replay-after-logout", "race-demo");
    this.wait = page.getByTestId("race-wait");
    this.waiting = page.getByTestId("race-waiting");
    this.revokeNow = page.getByLabel(/Revoke now/);
    this.run = page.getByRole("button", { name: "Log in both ways, log out both, replay" });
    this.cookieStatus = page.getByTestId("race-cookie-status");
    this.tokenStatus = page.getByTestId("race-token-status");
    this.countdown = page.getByTestId("race-countdown");
    this.log = page.getByTestId("race-steps");
    this.steps = this.log.getByTestId("race-step");
  }
}

/** 9. Steal a refresh token. */
export class StealARefreshToken extends LessonPage {
  readonly thiefFirst: Locator;
  readonly clientFirst: Locator;
  /** The same theft against a refresh token bound to the client's key (DPoP). */
  readonly boundTheft: Locator;
  /** The lab's step log, and each step in it (its HTTP status in `data-status`). */
  readonly log: Locator;
  readonly steps: Locator;

  constructor(page: Page) {
    super(page, "steal-a-refresh-token", "theft-demo");
    this.thiefFirst = page.getByRole("button", { name: "The thief refreshes first" });
    this.clientFirst = page.getByRole("button", { name: "The client refreshes first" });
    this.boundTheft = page.getByRole("button", { name: "The thief steals a DPoP-bound one" });
    this.log = page.getByTestId("theft-steps");
    this.steps = this.log.getByTestId("theft-step");
  }
}

/** 10. Rotate the key. */
export class RotateTheKey extends LessonPage {
  readonly run: Locator;
  /** The lab's step log, and each step in it (its HTTP status in `data-status`). */
  readonly log: Locator;
  readonly steps: Locator;

  constructor(page: Page) {
    super(page, "rotate-the-key", "rotation-demo");
    this.run = page.getByRole("button", { name: "Get a token, rotate, get another" });
    this.log = page.getByTestId("rotation-steps");
    this.steps = this.log.getByTestId("rotation-step");
  }
}

/** 11. Guest carts, merged at login. */
export class GuestCarts extends LessonPage {
  readonly build: Locator;
  readonly logIn: Locator;
  readonly rows: Locator;
  readonly preview: Locator;
  readonly actual: Locator;
  /** The learner's prediction for each product, a number field named for it. */
  readonly predictions: Locator;
  readonly loginHint: Locator;
  readonly verdict: Locator;
  /** The lab's step log, and each step in it (its HTTP status in `data-status`). */
  readonly log: Locator;
  readonly steps: Locator;

  constructor(page: Page) {
    super(page, "guest-carts", "merge-demo");
    this.predictions = page.getByRole("spinbutton", { name: /^Your prediction: / });
    this.loginHint = page.getByTestId("merge-login-hint");
    this.verdict = page.getByTestId("merge-verdict");
    this.build = page.getByRole("button", { name: "1. Fill both guest carts" });
    this.logIn = page.getByRole("button", { name: "2. Log in both ways" });
    this.rows = page.getByTestId("merge-row");
    this.preview = page.getByTestId("merge-preview");
    this.actual = page.getByTestId("merge-actual");
    this.log = page.getByTestId("merge-steps");
    this.steps = this.log.getByTestId("merge-step");
  }
}

/** 12. The summary: the comparison, measured, the claims tested, several instances. */
export class Summary extends LessonPage {
  readonly compare: Locator;
  readonly costSession: Locator;
  readonly costSessionSpread: Locator;
  readonly costJwt: Locator;
  readonly jwtBytes: Locator;
  readonly instancesRow: Locator;
  readonly cachingRow: Locator;
  readonly instancesHere: Locator;
  readonly instancesChecks: Locator;
  readonly instancesMeasured: Locator;
  readonly claims: Locator;

  constructor(page: Page) {
    super(page, "summary");
    this.compare = page.getByTestId("compare");
    this.costSession = page.getByTestId("cost-session");
    this.costSessionSpread = page.getByTestId("cost-session-spread");
    this.costJwt = page.getByTestId("cost-jwt");
    this.jwtBytes = page.getByTestId("jwt-bytes");
    this.instancesRow = page.getByTestId("row-instances");
    this.cachingRow = page.getByTestId("row-caching");
    this.instancesHere = page.getByTestId("instances-here");
    this.instancesChecks = page.getByTestId("instances-check");
    this.instancesMeasured = page.getByTestId("instances-measured");
    this.claims = page.getByTestId("claim");
  }

  claim(about: string): Locator {
    return this.claims.filter({ hasText: about });
  }

  evidence(claim: Locator): Locator {
    return claim.getByTestId("claim-evidence");
  }
}

/** The decision guide: pick a kind of client, get an answer. */
export class WhichOne extends LessonPage {
  readonly client: Locator;
  readonly show: Locator;
  readonly answer: Locator;
  readonly cases: Locator;

  constructor(page: Page) {
    super(page, "which-one");
    this.client = page.getByLabel(/kind of client/i);
    this.show = page.getByRole("button", { name: "Show my answer" });
    this.answer = page.getByTestId("guide-answer");
    this.cases = page.getByTestId("guide-case");
  }
}

/**
 * A table that stacks on a narrow screen (`table.stack`): every cell is labelled with its own
 * column's header, the label is what the screen shows before it, and no cell is off-screen.
 */
export async function expectStackedTable(table: Locator) {
  const page = table.page();
  const width = page.viewportSize()?.width ?? 0;
  const cells = await table.evaluate((t) => {
    const heads = [...t.querySelectorAll("thead th")].map((th) => th.textContent?.trim() ?? "");
    return [...t.querySelectorAll("tbody tr")].flatMap((tr) => [...tr.children].map((cell, i) => {
      const box = cell.getBoundingClientRect();
      return {
        header: heads[i] ?? "",
        label: (cell as HTMLElement).dataset.label ?? null,
        before: getComputedStyle(cell, "::before").content,
        tag: cell.tagName,
        right: box.right,
        display: getComputedStyle(tr).display,
      };
    }));
  });
  expect(cells.length, "the table has rows").toBeGreaterThan(0);
  for (const c of cells) {
    expect(c.right, `${c.header}: on screen`).toBeLessThanOrEqual(width + 1);
    if (c.tag !== "TD") continue;
    expect(c.label, "a cell's label is its own column's header").toBe(c.header);
    if (width <= 600) {
      expect(c.display, "stacked").toBe("grid");
      // Chromium reports the rule itself (attr() unresolved) or its result; either way, the label.
      expect([`"${c.header}: "`, 'attr(data-label) ": "'], "the screen shows the label").toContain(c.before);
    }
  }
}
