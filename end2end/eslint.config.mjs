// Lints the hand-written browser modules under src/ (ES modules, checked types in
// tsconfig.browser.json). Run it from the repository root, naming this file with -c:
//
//   end2end/node_modules/.bin/eslint -c end2end/eslint.config.mjs --max-warnings 0 src
//
// or from end2end/:  cd end2end && npm run lint:browser  (which runs exactly that from ..).
//
// Why not `cd end2end && npx eslint ../src`: ESLint 9 ignores every file outside its base path
// ("File ignored because outside of base path"), and the base path is this file's directory when
// ESLint finds it by lookup, or the working directory when -c names it. A config object's own
// `basePath` can only narrow that, never reach "..". So the working directory must be the repo
// root, and the patterns below are relative to it.
import js from "@eslint/js";
import globals from "globals";

const TESTID = "data-testid belongs to the tests: a script finds elements by data-lab / data-lab-part (src/browser/kit.js), and may only write a test id";

export default [
  {
    files: ["src/**/*.js"],
    ...js.configs.recommended,
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "module",
      globals: { ...globals.browser },
    },
    rules: {
      ...js.configs.recommended.rules,
      // A browser resolves "./kit" to nothing, and tsc (moduleResolution "bundler") would not say so.
      "no-restricted-imports": ["error", {
        patterns: [{ regex: "^\\.{1,2}/(?!.*\\.js$)", message: "Relative imports name the file with its .js extension, as the browser fetches it." }],
      }],
      "no-restricted-syntax": ["error",
        { selector: "Literal[value=/data-testid/]", message: TESTID },
        { selector: "TemplateElement[value.raw=/data-testid/]", message: TESTID },
        { selector: "MemberExpression[property.name='testid']:not(AssignmentExpression > MemberExpression.left)", message: TESTID },
        { selector: "ObjectPattern > Property[key.name='testid']", message: TESTID },
      ],
    },
  },
];
