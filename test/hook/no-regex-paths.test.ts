import { describe, expect, it } from "vitest";
import { asksForCode } from "../../src/hook/policy.js";
import { ignoredPath } from "../../src/hook/target.js";
import { ledgerTailMentions } from "../../src/ledger/tail.js";
import { normalizeModel, serverKey } from "../../src/util/model-id.js";
import { safeName } from "../../src/util/safe-name.js";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// The hook's hot paths use string operations where they used regular expressions (a fresh process
// compiles each on first use). These hold them to what the patterns they replace said.

const OLD_IGNORED = /^(\.claude\/|node_modules\/|\.git\/|dist\/|build\/|coverage\/|\.next\/|out\/)|(^|\/)\.[^/]+$|(^|\/)(package-lock\.json|yarn\.lock|pnpm-lock\.yaml|bun\.lockb?|CLAUDE\.md|AGENTS\.md|CHANGELOG\.md)$/;
const OLD_VERB = /\b(implement|add|create|write|build|make|generate|refactor|extract|scaffold|port|convert|introduce|support)\b/i;
const OLD_NOUN = /\b(function|functions|component|module|util|utils|utility|helper|helpers|test|tests|class|endpoint|api|feature|type|types|interface|schema|constants?|config|script|page|hook|file|files|docs?|readme|parser|validator|cli|command)\b/i;
const oldAsks = (p: string) => !p.trim().startsWith("/") && OLD_VERB.test(p.trim()) && OLD_NOUN.test(p.trim());
const oldSafe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "");

const PATHS = [
  "src/pad.ts", "node_modules/pad/index.js", "a/node_modules/x.js", ".claude/plan.json", ".claudex/a.ts", ".git/config", ".github/workflows/ci.yml",
  "dist/cli.js", "src/dist/a.ts", "distance.ts", "build/out.js", "builder/a.ts", "coverage/lcov.info", ".next/a.js", "out/a.js", "outer/a.js",
  ".env", "src/.eslintrc", ".", "src/.", "..", "a/..", "package-lock.json", "web/package-lock.json", "package-lock.json.bak", "yarn.lock",
  "pnpm-lock.yaml", "bun.lock", "bun.lockb", "bun.lockbb", "CLAUDE.md", "docs/CLAUDE.md", "claude.md", "AGENTS.md", "CHANGELOG.md", "CHANGELOG.mdx", "README.md",
];

const PROMPTS = [
  "Add a date formatting helper and its tests", "add-on for the CLI", "ADD A HELPER", "Please implement the parser", "write docs", "Write the doc",
  "addition of helpers", "add_helper please", "explain this function", "/local-delegate:local-code add a helper", "  /clear", "make constants", "make constant",
  "build the readme", "Fix the bug in the reducer", "créer une fonction helper add", "Add ünïcode helper", "support the API", "scaffold a page", "convert types",
  "porting the module", "", "add", "helper",
];

describe("the hook's string checks say what its patterns said", () => {
  it("ignored paths", () => {
    for (const p of PATHS) expect(ignoredPath(p), p).toBe(OLD_IGNORED.test(p));
    // And the list is not trivially one-sided.
    expect(PATHS.filter(ignoredPath).length).toBeGreaterThan(10);
    expect(PATHS.filter((p) => !ignoredPath(p)).length).toBeGreaterThan(10);
  });

  it("prompts that ask for code", () => {
    for (const p of PROMPTS) expect(asksForCode(p), p).toBe(oldAsks(p));
    expect(PROMPTS.filter(asksForCode).length).toBeGreaterThan(5);
    expect(PROMPTS.filter((p) => !asksForCode(p)).length).toBeGreaterThan(5);
  });

  it("file-safe names", () => {
    for (const s of ["/home/u/proj", "--a--", "a/-b", "C:\\Users\\me\\proj", "ünï/cödé", "..", "", "///", "a.b_c-d", "x y\tz", "é"]) expect(safeName(s), s).toBe(oldSafe(s));
  });

  it("model ids and server keys", () => {
    const oldModel = (id: string) => (id.trim().toLowerCase().split(/[\\/]/).pop() ?? "").replace(/\.gguf$/, "");
    const oldServer = (x: string) => x.replace(/\/+$/, "").toLowerCase();
    for (const id of ["Qwen2.5-Coder-7B", " models/qwen.GGUF ", "C:\\models\\q.gguf", "a/b\\c", "name:tag", "x.gguf.gguf", "/", "", "dir/"]) expect(normalizeModel(id), id).toBe(oldModel(id));
    for (const u of ["http://localhost:1234/v1/", "HTTP://X//", "http://x", "///", ""]) expect(serverKey(u), u).toBe(oldServer(u.trim()));
  });
});

describe("ledgerTailMentions", () => {
  it("is false only when the ledger's tail cannot name the text", () => {
    const dir = mkdtempSync(join(tmpdir(), "ld-mentions-"));
    try {
      const ledger = join(dir, "ledger.jsonl");
      expect(ledgerTailMentions(ledger, "coder-7b")).toBe(false); // no ledger
      writeFileSync(ledger, `${JSON.stringify({ event: "run", model: "models/Coder-7B.gguf" })}\n`);
      expect(ledgerTailMentions(ledger, "coder-7b")).toBe(true);
      expect(ledgerTailMentions(ledger, "coder-3b")).toBe(false);
      // What JSON may escape cannot be searched for: the caller parses.
      expect(ledgerTailMentions(ledger, 'odd"name')).toBe(true);
      expect(ledgerTailMentions(ledger, "modèle")).toBe(true);
      // Only the tail counts, as for the lines parsed.
      writeFileSync(ledger, `${JSON.stringify({ model: "old-model" })}\n${"x".repeat(100)}\n`);
      expect(ledgerTailMentions(ledger, "old-model", 50)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
