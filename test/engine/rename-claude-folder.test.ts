import { describe, expect, it } from "vitest";
import { renameHarness } from "../support/rename-run.js";

// A rename's importers are found by the engine, and it writes them itself. Claude Code's settings
// folders (.claude/, at the root or in a monorepo's package, where Claude Code also reads them)
// are never written by a run, model text or not: an importer there is left as it is.

const BEFORE = "export function parseDate(s) {\n  return new Date(s);\n}\n";
const AFTER = "export function parseIsoDate(s) {\n  return new Date(s);\n}\n";

describe("a rename's importers in a .claude/ folder", () => {
  const { rename, proj } = renameHarness({ task_id: "rename-date", file: "packages/app/src/date.mjs", fence: "js", before: BEFORE, after: AFTER, from: "parseDate", to: "parseIsoDate" });

  it("are left as they are, in a nested package's .claude/ as at the root; the project's own are renamed", async () => {
    const skill = 'import { parseDate } from "../../../src/date.mjs";\nexport const t = parseDate("2020-01-01");\n';
    const files = {
      "packages/app/.claude/skills/dates/run.mjs": skill,
      ".claude/hooks/check.mjs": 'import { parseDate } from "../../packages/app/src/date.mjs";\nparseDate("x");\n',
      "packages/app/src/use.mjs": 'import { parseDate } from "./date.mjs";\nexport const t = parseDate("2020-01-01");\n',
    };
    const r = await rename(files);
    expect(r.json, r.stdout).toMatchObject({ status: "success" });
    expect(proj().read("packages/app/src/use.mjs")).toContain("parseIsoDate");
    expect(proj().read("packages/app/.claude/skills/dates/run.mjs")).toBe(skill);
    expect(proj().read(".claude/hooks/check.mjs")).toBe(files[".claude/hooks/check.mjs"]);
  });
});
