import { test, expect } from "../fixtures";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

// TESTING.md shows its code as it is in this suite: each code block that names a file on its first
// line (`// end2end/...`) must appear in that file, line for line, so the guide cannot drift.

const root = resolve(__dirname, "../..");

test("every code block TESTING.md takes from the suite is in the suite, as written", () => {
  const guide = readFileSync(resolve(root, "TESTING.md"), "utf8");
  const blocks = [...guide.matchAll(/```(?:ts|typescript)\n\/\/ (end2end\/[^\n]+)\n([\s\S]*?)```/g)];
  expect(blocks.length, "TESTING.md takes its examples from the suite").toBeGreaterThanOrEqual(4);
  for (const [, file, code] of blocks) {
    const source = readFileSync(resolve(root, file.trim()), "utf8");
    const lines = code.split("\n").filter((l) => l.trim() && l.trim() !== "// …");
    for (const line of lines) expect(source, `${file}: ${line}`).toContain(line);
  }
});
