import { existsSync, mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isUnder, realRelative, resolveInProject } from "../../src/project/safe-path.js";
import { tmpDir, type TmpDir } from "../support/tmp-dir.js";

let dir: TmpDir;
let outside: TmpDir;
let root: string;

beforeEach(() => {
  dir = tmpDir("ld-safe-");
  outside = tmpDir("ld-safe-out-");
  root = dir.path;
  dir.write("src/a.ts", "a");
  outside.write("o.ts", "o");
});
afterEach(() => {
  dir.cleanup();
  outside.cleanup();
});

function escape(input: string) {
  const r = resolveInProject(root, input, "f");
  if (r.ok) throw new Error(`${input} was accepted as ${r.value.rel}`);
  expect(r.error.code).toBe("PATH_ESCAPE");
  expect(r.error.field).toBe("f");
  return r.error.message;
}

describe("resolveInProject", () => {
  it("resolves relative and absolute paths inside the project, forward slashes in rel", () => {
    expect(resolveInProject(root, "src/a.ts", "f")).toEqual({ ok: true, value: { abs: join(root, "src/a.ts"), rel: "src/a.ts" } });
    expect(resolveInProject(root, "./src//b/../a.ts", "f")).toEqual({ ok: true, value: { abs: join(root, "src/a.ts"), rel: "src/a.ts" } });
    expect(resolveInProject(root, join(root, "new", "deep", "x.ts"), "f")).toEqual({
      ok: true,
      value: { abs: join(root, "new/deep/x.ts"), rel: "new/deep/x.ts" },
    });
  });

  it("refuses empty, NUL, the root itself, .. and absolute paths outside", () => {
    expect(escape("  ")).toMatch(/empty/);
    expect(escape("a\0b")).toMatch(/NUL/);
    expect(escape(".")).toMatch(/not the project folder/);
    expect(escape("src/..")).toMatch(/not the project folder/);
    expect(escape("..")).toMatch(/inside the project/);
    expect(escape("../x")).toMatch(/inside the project/);
    expect(escape("src/../../x")).toMatch(/inside the project/);
    expect(escape(outside.join("o.ts"))).toMatch(/inside the project/);
    expect(escape("/etc/passwd")).toMatch(/inside the project/);
  });

  it("accepts names that start with two dots but are not ..", () => {
    expect(resolveInProject(root, "..config/x.ts", "f")).toMatchObject({ ok: true, value: { rel: "..config/x.ts" } });
    // The same name when it exists on disk: the symlink check must not mistake it for an escape.
    dir.write("..cache/y.ts", "y");
    expect(resolveInProject(root, "..cache/y.ts", "f")).toMatchObject({ ok: true, value: { rel: "..cache/y.ts" } });
    expect(resolveInProject(root, "..cache/new.ts", "f")).toMatchObject({ ok: true, value: { rel: "..cache/new.ts" } });
  });

  it("refuses .git in any case and at any depth, allows look-alikes", () => {
    for (const p of [".git", ".git/config", ".GIT/HEAD", "pkg/.Git/x", ".git/new/dir/x"]) expect(escape(p)).toMatch(/\.git/);
    for (const p of [".gitignore", ".github/workflows/ci.yml", "x.git", "git/x"]) expect(resolveInProject(root, p, "f").ok).toBe(true);
  });

  // Windows drops trailing dots and spaces and reads `:` as a stream of the file, and knows `.git`
  // as GIT~1 too; HFS+ ignores some invisible code points: each of these opens `.git/` there.
  it("refuses the names Windows or macOS open as .git, allows look-alikes", () => {
    for (const p of [".git./hooks/pre-commit", ".git ./hooks/x", ".GIT. . /config", ".git::$INDEX_ALLOCATION/hooks/x", ".git:x", "Git~1/hooks/x", "pkg/.g\u200cit/config", "\ufeff.git/config"]) {
      expect(escape(p)).toMatch(/\.git/);
    }
    for (const p of [".gitignore", ".gitignore.", ".git-blame-ignore-revs", ".gitx/y", "x.git./y", "git~2/x", "git/x", "src/a:b.ts"]) expect(resolveInProject(root, p, "f").ok).toBe(true);
  });

  it("refuses a symlink out: as the file, as a folder on the way, and for a file not yet created", () => {
    symlinkSync(outside.join("o.ts"), join(root, "file-link.ts"));
    symlinkSync(outside.path, join(root, "dir-link"));
    expect(escape("file-link.ts")).toMatch(/symlink at file-link.ts leads to/);
    expect(escape("dir-link/o.ts")).toMatch(/symlink/);
    expect(escape("dir-link/not/yet/there.ts")).toMatch(/symlink/);
  });

  it("refuses a broken symlink and a path through one", () => {
    symlinkSync(join(root, "missing"), join(root, "dangling"));
    expect(escape("dangling")).toMatch(/broken symlink \(dangling\)/);
    expect(escape("dangling/x.ts")).toMatch(/broken symlink/);
  });

  it("refuses a symlink into .git/", () => {
    mkdirSync(join(root, ".git", "hooks"), { recursive: true });
    symlinkSync(join(root, ".git", "hooks"), join(root, "hooks"));
    expect(escape("hooks/pre-commit")).toMatch(/\.git\/ \(through a symlink\)/);
  });

  it("accepts a symlink that stays inside, keeping the path as named", () => {
    symlinkSync(join(root, "src"), join(root, "lib"));
    symlinkSync(join(root, "src", "a.ts"), join(root, "a-link.ts"));
    // Kept as named; `real` is the path the write walks, with the link inside the project resolved.
    expect(resolveInProject(root, "lib/a.ts", "f")).toEqual({ ok: true, value: { abs: join(root, "lib/a.ts"), rel: "lib/a.ts", real: "src/a.ts" } });
    expect(resolveInProject(root, "a-link.ts", "f")).toMatchObject({ ok: true, value: { rel: "a-link.ts", real: "src/a.ts" } });
  });

  it("works when the root itself is reached through a symlink", () => {
    const via = outside.join("root-link");
    symlinkSync(root, via);
    expect(resolveInProject(via, "src/a.ts", "f")).toEqual({ ok: true, value: { abs: join(via, "src/a.ts"), rel: "src/a.ts" } });
    expect(resolveInProject(via, "src/new.ts", "f").ok).toBe(true);
    const r = resolveInProject(via, "../o.ts", "f");
    expect(!r.ok && r.error.code).toBe("PATH_ESCAPE");
  });

  // The CLI's root is process.cwd(), the physical path; Claude names files by the path it was
  // started in, which may go through a symlink (~/code -> /Volumes/data/code, macOS /tmp ->
  // /private/tmp). The same file, named by that path, is inside the project.
  it("accepts an absolute path that reaches the project through a symlink to it, as the same file", () => {
    const via = outside.join("root-link");
    symlinkSync(root, via);
    expect(resolveInProject(root, join(via, "src/a.ts"), "f")).toEqual({ ok: true, value: { abs: join(root, "src/a.ts"), rel: "src/a.ts" } });
    expect(resolveInProject(root, join(via, "src/new/b.ts"), "f")).toEqual({ ok: true, value: { abs: join(root, "src/new/b.ts"), rel: "src/new/b.ts" } });
    // …and still refuses what is outside, or .git/, by that path.
    expect(escape(join(via, "..", "o.ts"))).toMatch(/inside the project/);
    expect(escape(join(via, ".git", "config"))).toMatch(/\.git/);
    symlinkSync(outside.path, join(root, "out"));
    expect(escape(join(via, "out", "o.ts"))).toMatch(/symlink/);
    // A file outside that links into the project is not a way into the project folder.
    symlinkSync(join(root, "src", "a.ts"), outside.join("a-link.ts"));
    expect(escape(outside.join("a-link.ts"))).toMatch(/inside the project/);
  });
});

describe("realRelative", () => {
  it("resolves symlinks in the existing part and keeps the rest", () => {
    mkdirSync(join(root, "data", "inner"), { recursive: true });
    symlinkSync(join(root, "data", "inner"), join(root, "shortcut"));
    expect(realRelative(root, join(root, "shortcut", "new", "x.json"))).toBe("data/inner/new/x.json");
    expect(realRelative(root, join(root, "src", "a.ts"))).toBe("src/a.ts");
  });

  it("is null through a broken symlink", () => {
    symlinkSync(join(root, "missing"), join(root, "dangling"));
    expect(realRelative(root, join(root, "dangling", "x"))).toBeNull();
  });
});

describe("isUnder", () => {
  it("matches the folder and what is below it, not a sibling sharing the prefix", () => {
    expect(isUnder(".claude/local-delegate", ".claude/local-delegate")).toBe(true);
    expect(isUnder(".claude/local-delegate/x", ".claude/local-delegate")).toBe(true);
    expect(isUnder(".claude/local-delegate.yaml", ".claude/local-delegate")).toBe(false);
    expect(isUnder(".claude/local-delegatex/y", ".claude/local-delegate")).toBe(false);
  });
});

it("creates nothing on disk", () => {
  resolveInProject(root, "new/deep/x.ts", "f");
  expect(existsSync(join(root, "new"))).toBe(false);
});
