import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { formatFailure } from "../../src/errors.js";
import { readSpecFile, validateSpec } from "../../src/spec/load.js";
import { SPEC_FIELDS } from "../../src/spec/schema.js";
import { tmpDir, type TmpDir } from "../support/tmp-dir.js";

let dir: TmpDir;
let outside: TmpDir;
let root: string;

beforeEach(() => {
  dir = tmpDir("ld-spec-");
  outside = tmpDir("ld-spec-outside-");
  root = dir.path;
  mkdirSync(join(root, ".git"));
  dir.write("src/a.ts", "export const a = 1;\n");
  dir.write("src/b.ts", "export const b = 2;\n");
  outside.write("secret.ts", "export const secret = 1;\n");
});

afterEach(() => {
  dir.cleanup();
  outside.cleanup();
});

const base = { task_id: "t1", description: "write it", output_file: "src/new.ts" };

/** The failure for a spec that must be refused; the test fails if it is accepted. */
function refused(raw: unknown) {
  const r = validateSpec(raw, root);
  if (r.ok) throw new Error(`spec was accepted: ${JSON.stringify(raw)}`);
  return r.error;
}

describe("validateSpec: schema", () => {
  it.each([
    ["task_id", { description: "d", output_file: "a.ts" }],
    ["description", { task_id: "t", output_file: "a.ts" }],
    ["output_file", { task_id: "t", description: "d" }],
  ])("a missing %s is required", (field, raw) => {
    const e = refused(raw);
    expect(e).toMatchObject({ code: "SPEC_INVALID", field, message: "is required" });
  });

  it.each([
    ["task_id", { ...base, task_id: "" }],
    ["description", { ...base, description: "   " }],
    ["output_file", { ...base, output_file: "" }],
    ["context_files[1]", { ...base, context_files: ["src/a.ts", ""] }],
    ["constraints[0]", { ...base, constraints: [" "] }],
    ["test_command", { ...base, test_command: "  " }],
    ["lint_command", { ...base, lint_command: "" }],
  ])("an empty %s is refused", (field, raw) => {
    const e = refused(raw);
    expect(e.code).toBe("SPEC_INVALID");
    expect(e.field).toBe(field);
    expect(e.message).toMatch(/empty/);
  });

  it.each([
    ["task_id", { ...base, task_id: 5 }, /expected string/],
    ["description", { ...base, description: ["x"] }, /expected string/],
    ["context_files", { ...base, context_files: "src/a.ts" }, /expected array/],
    ["context_files[0]", { ...base, context_files: [3] }, /expected string/],
    ["constraints", { ...base, constraints: { a: 1 } }, /expected array/],
    ["kind", { ...base, kind: "poem" }, /code.*test.*refactor.*doc/],
    ["rename.to", { ...base, kind: "refactor", rename: { from: "a", to: "not-an-identifier" } }, /identifier/],
    ["rename.from", { ...base, kind: "refactor", rename: { to: "b" } }, /required/],
  ])("a wrong type for %s names the field", (field, raw, message) => {
    const e = refused(raw);
    expect(e.code).toBe("SPEC_INVALID");
    expect(e.field).toBe(field);
    expect(e.message).toMatch(message);
  });

  it("a spec that is not an object is refused", () => {
    for (const raw of [null, [], "spec", 3]) {
      const e = refused(raw);
      expect(e.code).toBe("SPEC_INVALID");
      expect(e.message).toMatch(/expected object/);
    }
  });

  it("outputFile in place of output_file is an unknown field with a suggestion, not a missing one", () => {
    const e = refused({ task_id: "t", description: "d", outputFile: "src/new.ts" });
    expect(e).toEqual({ code: "SPEC_INVALID", field: "outputFile", message: "unknown field (did you mean output_file?)" });
    expect(formatFailure(e)).toBe("outputFile: unknown field (did you mean output_file?)");
  });

  it("a near-miss field name gets a suggestion, a far one does not", () => {
    expect(refused({ ...base, contxt_files: [] })).toMatchObject({ field: "contxt_files", message: "unknown field (did you mean context_files?)" });
    expect(refused({ ...base, TestCommand: "npm test" })).toMatchObject({ message: "unknown field (did you mean test_command?)" });
    expect(refused({ ...base, banana: 1 })).toMatchObject({ code: "SPEC_INVALID", field: "banana", message: "unknown field" });
  });

  it("an unknown key inside rename is named with its path, without a top-level suggestion", () => {
    const e = refused({ ...base, kind: "refactor", output_file: "src/a.ts", rename: { from: "a", to: "b", too: "c" } });
    expect(e).toMatchObject({ code: "SPEC_INVALID", field: "rename.too" });
    expect(e.message).toBe("unknown field");
  });

  it.each(["../x", "-lead", ".hidden", "a/b", "a b", "ä", "a:b", "x".repeat(81)])("task_id %j is refused", (id) => {
    const e = refused({ ...base, task_id: id });
    expect(e.code).toBe("SPEC_INVALID");
    expect(e.field).toBe("task_id");
  });

  it.each(["a", "slugify-2", "T_1.v2", "9lives"])("task_id %j is accepted", (id) => {
    expect(validateSpec({ ...base, task_id: id }, root).ok).toBe(true);
  });

  it("too many context files or constraints are refused by count", () => {
    const many = Array.from({ length: 21 }, () => "src/a.ts");
    expect(refused({ ...base, context_files: many })).toMatchObject({ field: "context_files", message: "at most 20 files" });
    expect(refused({ ...base, constraints: Array.from({ length: 31 }, (_, i) => `c${i}`) })).toMatchObject({ field: "constraints" });
  });

  it("SPEC_FIELDS lists every field the schema accepts", () => {
    expect(SPEC_FIELDS.sort()).toEqual(
      ["constraints", "context_files", "description", "kind", "language", "lint_command", "output_file", "rename", "task_id", "test_command"].sort(),
    );
  });
});

describe("validateSpec: paths", () => {
  it("refuses a .. escape and names the field", () => {
    const e = refused({ ...base, output_file: "../escape.ts" });
    expect(e.code).toBe("PATH_ESCAPE");
    expect(e.field).toBe("output_file");
    expect(e.message).toMatch(/inside the project/);
  });

  it("refuses a .. escape hidden in the middle of a path", () => {
    expect(refused({ ...base, output_file: "src/../../x.ts" })).toMatchObject({ code: "PATH_ESCAPE", field: "output_file" });
  });

  it("refuses an absolute path outside the project, accepts one inside", () => {
    expect(refused({ ...base, output_file: outside.join("secret.ts") })).toMatchObject({ code: "PATH_ESCAPE", field: "output_file" });
    const r = validateSpec({ ...base, output_file: join(root, "src", "abs.ts") }, root);
    expect(r.ok && r.value.output.rel).toBe("src/abs.ts");
  });

  it("refuses a context file outside the project, naming its index", () => {
    const e = refused({ ...base, context_files: ["src/a.ts", outside.join("secret.ts")] });
    expect(e).toMatchObject({ code: "PATH_ESCAPE", field: "context_files[1]" });
  });

  it("refuses a symlinked folder that leads out, for output and context", () => {
    symlinkSync(outside.path, join(root, "linked"));
    expect(refused({ ...base, output_file: "linked/new.ts" })).toMatchObject({ code: "PATH_ESCAPE", field: "output_file" });
    expect(refused({ ...base, output_file: "linked/deeper/new.ts" })).toMatchObject({ code: "PATH_ESCAPE", field: "output_file" });
    expect(refused({ ...base, context_files: ["linked/secret.ts"] })).toMatchObject({ code: "PATH_ESCAPE", field: "context_files[0]" });
  });

  it("refuses a symlinked file that leads out", () => {
    symlinkSync(outside.join("secret.ts"), join(root, "src", "link.ts"));
    const e = refused({ ...base, output_file: "src/link.ts" });
    expect(e.code).toBe("PATH_ESCAPE");
    expect(e.message).toMatch(/symlink/);
  });

  it("refuses a broken symlink", () => {
    symlinkSync(join(root, "nowhere", "gone.ts"), join(root, "src", "broken.ts"));
    const e = refused({ ...base, output_file: "src/broken.ts" });
    expect(e).toMatchObject({ code: "PATH_ESCAPE", field: "output_file" });
    expect(e.message).toMatch(/broken symlink/);
  });

  it("accepts a symlink that stays inside the project and keeps the path as named", () => {
    symlinkSync(join(root, "src"), join(root, "alias"));
    const r = validateSpec({ ...base, output_file: "alias/new.ts" }, root);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.output).toEqual({ abs: join(root, "alias", "new.ts"), rel: "alias/new.ts", real: "src/new.ts" });
  });

  it.each([".git/config", ".git/hooks/pre-commit", ".GIT/config", "sub/.git/HEAD", ".Git"])("refuses %s", (p) => {
    expect(refused({ ...base, output_file: p })).toMatchObject({ code: "PATH_ESCAPE", field: "output_file" });
  });

  it("refuses a path that reaches .git/ through a symlink", () => {
    symlinkSync(join(root, ".git"), join(root, "gitdir"));
    const e = refused({ ...base, output_file: "gitdir/hooks/post-checkout" });
    expect(e.code).toBe("PATH_ESCAPE");
    expect(e.message).toMatch(/\.git/);
  });

  it("accepts names that merely contain .git", () => {
    expect(validateSpec({ ...base, output_file: ".gitignore" }, root).ok).toBe(true);
    expect(validateSpec({ ...base, output_file: "src/.github/x.yml" }, root).ok).toBe(true);
  });

  it("refuses output inside .claude/local-delegate/, directly or through a symlink", () => {
    const e = refused({ ...base, output_file: ".claude/local-delegate/ledger.jsonl" });
    expect(e).toMatchObject({ code: "PATH_ESCAPE", field: "output_file" });
    expect(e.message).toMatch(/\.claude\/local-delegate/);
    // macOS and Windows folders ignore case: the same folder by another spelling.
    expect(refused({ ...base, output_file: ".Claude/Local-Delegate/ledger.jsonl" })).toMatchObject({ code: "PATH_ESCAPE" });
    mkdirSync(join(root, ".claude", "local-delegate"), { recursive: true });
    symlinkSync(join(root, ".claude", "local-delegate"), join(root, "ld"));
    expect(refused({ ...base, output_file: "ld/ledger.jsonl" })).toMatchObject({ code: "PATH_ESCAPE", field: "output_file" });
  });

  // Claude Code's own folder: its settings run hooks (shell commands) and local-delegate.yaml says
  // which server gets the project's code. Claude Code asks the user before writing there.
  it("refuses output under .claude/ (settings, config), as named, in any case, or through a symlink", () => {
    for (const f of [".claude/local-delegate.yaml", ".claude/settings.json", ".Claude/settings.local.json", ".claude/commands/x.md", "./src/../.claude/hooks/h.sh"]) {
      const e = refused({ ...base, output_file: f });
      expect(e, f).toMatchObject({ code: "PATH_ESCAPE", field: "output_file" });
      expect(e.message, f).toMatch(/^must not be under \.claude\/, Claude Code's settings folder/);
    }
    mkdirSync(join(root, ".claude"));
    symlinkSync(join(root, ".claude"), join(root, "conf"));
    expect(refused({ ...base, output_file: "conf/local-delegate.yaml" })).toMatchObject({ code: "PATH_ESCAPE", field: "output_file" });
  });

  // Windows drops trailing dots and spaces, reads `:` as a stream, and knows `.claude` as CLAUDE~1.
  it("refuses output under a name Windows or macOS opens as .claude/", () => {
    for (const f of [".claude./settings.json", ".claude /settings.json", ".claude::$INDEX_ALLOCATION/settings.json", "CLAUDE~1/settings.json", ".cl\u200daude/settings.json"]) {
      expect(refused({ ...base, output_file: f }), f).toMatchObject({ code: "PATH_ESCAPE", field: "output_file" });
    }
  });

  it("near miss: accepts names that merely start with .claude", () => {
    for (const f of [".claude-notes/x.md", ".claudeignore", ".claudeignore.", "docs/.claude-x/x.md", "src/claude/x.ts", "claude~2/x.md"]) {
      expect(validateSpec({ ...base, output_file: f }, root).ok, f).toBe(true);
    }
  });

  // Claude Code started in a monorepo's package reads its .claude/settings.json, and finds skills in nested .claude/skills/.
  it("refuses a nested .claude/", () => {
    expect(refused({ ...base, output_file: "docs/.claude/x.md" })).toMatchObject({ code: "PATH_ESCAPE", field: "output_file" });
  });

  // `resolve` drops a trailing slash: "src/utils/" would be written as a file named src/utils,
  // and reported as a success, where the spec named a folder.
  it.each(["src/utils/", "src/x.ts/.", "lib/x/..", "./"])("refuses an output_file that names a folder: %s", (f) => {
    const e = refused({ ...base, output_file: f });
    expect(e).toMatchObject({ field: "output_file" });
    expect(e.message).toMatch(/folder/);
  });

  it("near miss: accepts an output_file that normalises to a file inside the project", () => {
    for (const [f, rel] of [["a/../src/b.ts", "src/b.ts"], ["./src//c.ts", "src/c.ts"], [join(root, "src", "d.ts"), "src/d.ts"], ["src/..e.ts", "src/..e.ts"], ["src/e.", "src/e."]]) {
      const r = validateSpec({ ...base, output_file: f }, root);
      expect(r.ok && r.value.output.rel, f).toBe(rel);
    }
  });

  // JSON keeps a stray space: "src/a.ts " would create a new file named `a.ts ` beside src/a.ts,
  // reported as a success; as context, "no such file: src/a.ts " shows no visible fault.
  it.each([
    ["output_file", { ...base, output_file: "src/a.ts " }],
    ["output_file", { ...base, output_file: "\tsrc/new.ts" }],
    ["context_files[1]", { ...base, context_files: ["src/a.ts", "src/b.ts\n"] }],
  ])("refuses %s with a space or line break at an end, saying so", (field, raw) => {
    const e = refused(raw);
    expect(e).toMatchObject({ code: "SPEC_INVALID", field });
    expect(e.message).toMatch(/space/);
  });

  it("refuses the project folder itself", () => {
    expect(refused({ ...base, output_file: "." })).toMatchObject({ code: "PATH_ESCAPE", field: "output_file" });
  });

  it("refuses a missing context file, naming it", () => {
    const e = refused({ ...base, context_files: ["src/a.ts", "src/missing.ts"] });
    expect(e).toEqual({ code: "SPEC_INVALID", field: "context_files[1]", message: "no such file: src/missing.ts" });
  });

  it("refuses a context file that is a folder, saying so", () => {
    expect(refused({ ...base, context_files: ["src"] })).toEqual({ code: "SPEC_INVALID", field: "context_files[0]", message: "is a folder, not a file" });
  });

  // "no such file" for a pipe the user can see with ls sends them looking for a typo.
  it("refuses a context file that is a FIFO, saying what it is, without opening it", (ctx) => {
    const made = spawnSync("mkfifo", [join(root, "src", "pipe.ts")]);
    if (made.error || made.status !== 0) return ctx.skip("mkfifo is not available here");
    expect(refused({ ...base, context_files: ["src/a.ts", "src/pipe.ts"] })).toEqual({
      code: "SPEC_INVALID",
      field: "context_files[1]",
      message: "is a FIFO (named pipe), not a regular file; only regular files are read",
    });
  });

  it("refuses a context file that is a symlink to a FIFO inside the project, saying what it leads to", (ctx) => {
    const made = spawnSync("mkfifo", [join(root, "src", "pipe")]);
    if (made.error || made.status !== 0) return ctx.skip("mkfifo is not available here");
    symlinkSync(join(root, "src", "pipe"), join(root, "src", "link.ts"));
    expect(refused({ ...base, context_files: ["src/link.ts"] }).message).toMatch(/^is a FIFO \(named pipe\)/);
  });

  it("refuses an output that is a folder", () => {
    expect(refused({ ...base, output_file: "src" })).toEqual({ code: "SPEC_INVALID", field: "output_file", message: "is a folder, not a file" });
  });

  it("refuses a refactor of a file that does not exist", () => {
    const e = refused({ ...base, kind: "refactor", output_file: "src/missing.ts" });
    expect(e).toMatchObject({ code: "SPEC_INVALID", field: "output_file" });
    expect(e.message).toMatch(/existing file/);
  });

  it("refuses a rename to the same name, which would otherwise be refused as the new name being taken", () => {
    const e = refused({ ...base, kind: "refactor", output_file: "src/a.ts", rename: { from: "alpha", to: "alpha" } });
    expect(e).toMatchObject({ code: "SPEC_INVALID", field: "rename" });
    expect(e.message).toMatch(/^rename\.from and rename\.to are both `alpha`: there is nothing to rename/);
  });

  it("refuses a rename on a task that is not a refactor", () => {
    const e = refused({ ...base, output_file: "src/a.ts", rename: { from: "a", to: "alpha" } });
    expect(e).toMatchObject({ code: "SPEC_INVALID", field: "rename" });
    expect(e.message).toMatch(/refactor/);
  });
});

describe("validateSpec: the happy path", () => {
  it("fills defaults, infers the language and resolves paths", () => {
    const r = validateSpec(base, root);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({
      task_id: "t1",
      kind: "code",
      language: "typescript",
      root,
      context_files: [],
      constraints: [],
      context: [],
      output: { abs: join(root, "src", "new.ts"), rel: "src/new.ts" },
    });
  });

  it("infers the language per extension and keeps an explicit one", () => {
    const lang = (output_file: string, extra: object = {}) => {
      const r = validateSpec({ ...base, output_file, ...extra }, root);
      return r.ok ? r.value.language : r.error.message;
    };
    expect(lang("x.py")).toBe("python");
    expect(lang("C.TSX")).toBe("tsx");
    expect(lang("README")).toBe("text");
    // The file's extension is how its toolchain reads it: another language of the table named for it gives way.
    expect(lang("x.ts", { language: "javascript" })).toBe("typescript");
    expect(lang("App.tsx", { language: "TypeScript" })).toBe("tsx");
    // Near misses: a header may be C++; a name the table does not know, or a file it does not, keeps the name.
    expect(lang("x.h", { language: "c++" })).toBe("cpp");
    expect(lang("x.json", { language: "jsonc" })).toBe("jsonc");
    expect(lang("Dockerfile", { language: "python" })).toBe("python");
  });

  it("takes a language named by its name, case, extension or fence tag as the table's id", () => {
    const lang = (language: string, output_file = "x.txt") => {
      const r = validateSpec({ ...base, output_file, language }, root);
      return r.ok ? r.value.language : r.error.message;
    };
    const cases: [string, string][] = [["Python", "python"], ["PY", "python"], ["python3", "python"], [".py", "python"], ["TypeScript", "typescript"], ["ts", "typescript"], ["TSX", "tsx"], ["jsx", "jsx"], ["JS", "javascript"], ["node", "javascript"], ["golang", "go"], ["Go", "go"], ["C#", "csharp"], ["c++", "cpp"], ["C", "c"], ["sh", "bash"], ["Shell", "bash"], ["yml", "yaml"], ["md", "markdown"]];
    for (const [given, id] of cases) expect(lang(given), given).toBe(id);
    // Near miss: a name the table does not know is kept as given.
    expect(lang("text")).toBe("text");
    expect(lang("Dockerfile", "Dockerfile")).toBe("Dockerfile");
    // …and so is another dialect a fence tag stands for: its file would be refused by the other's checker.
    for (const dialect of ["zsh", "sass", "jsonc"]) expect(lang(dialect)).toBe(dialect);
  });

  it("deduplicates context files that name the same file", () => {
    const r = validateSpec({ ...base, context_files: ["src/a.ts", "./src/a.ts", join(root, "src/a.ts"), "src/b.ts", "src/../src/a.ts"] }, root);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.context).toEqual([
      { abs: join(root, "src", "a.ts"), rel: "src/a.ts" },
      { abs: join(root, "src", "b.ts"), rel: "src/b.ts" },
    ]);
  });

  it("accepts a refactor with a rename of an existing file", () => {
    const r = validateSpec({ ...base, kind: "refactor", output_file: "src/a.ts", rename: { from: "a", to: "alpha" } }, root);
    expect(r.ok && r.value.rename).toEqual({ from: "a", to: "alpha" });
  });

  it("trims commands and description", () => {
    const r = validateSpec({ ...base, description: "  do it  ", test_command: " npm test " }, root);
    expect(r.ok && [r.value.description, r.value.test_command]).toEqual(["do it", "npm test"]);
  });
});

describe("readSpecFile", () => {
  it("reads JSON and keeps the text", () => {
    const p = dir.write("spec.json", '{"task_id":"t"}');
    expect(readSpecFile(p)).toEqual({ ok: true, value: { json: { task_id: "t" }, text: '{"task_id":"t"}' } });
  });

  it("refuses bad JSON, a missing file and a huge file", () => {
    const bad = readSpecFile(dir.write("bad.json", "{nope"));
    expect(!bad.ok && bad.error.code).toBe("SPEC_INVALID");
    expect(!bad.ok && bad.error.message).toMatch(/^spec is neither valid JSON nor YAML/);
    const missing = readSpecFile(dir.join("missing.json"));
    expect(!missing.ok && missing.error.message).toMatch(/cannot read spec file/);
    const huge = readSpecFile(dir.write("huge.json", `"${"x".repeat(300 * 1024)}"`));
    expect(!huge.ok && huge.error.message).toMatch(/at most 262144/);
  });

  it("refuses a folder by what it is", () => {
    const r = readSpecFile(dir.join("src"));
    expect(r).toEqual({ ok: false, error: { code: "SPEC_INVALID", message: `cannot read spec file ${dir.join("src")}: it is a folder` } });
  });

  // `run pipe.json` used to open the FIFO and wait for a writer for ever. A writer is started here
  // so that a read that does open it returns (and the test fails) instead of hanging the run.
  it("refuses a FIFO by what it is, without waiting on it", (ctx) => {
    const fifo = dir.join("spec.fifo");
    const made = spawnSync("mkfifo", [fifo]);
    if (made.error || made.status !== 0) return ctx.skip("mkfifo is not available here");
    const writer = spawn("sh", ["-c", `printf '{"task_id":"t"}' > "$1"`, "sh", fifo], { stdio: "ignore" });
    try {
      const r = readSpecFile(fifo);
      expect(r).toEqual({ ok: false, error: { code: "SPEC_INVALID", message: `cannot read spec file ${fifo}: it is a FIFO (named pipe), not a regular file` } });
    } finally {
      writer.kill();
    }
  });
});
