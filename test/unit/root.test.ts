import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { dataDir, findProjectRoot } from "../../src/project/root.js";
import { tmpDir, type TmpDir } from "../support/tmp-dir.js";

let dir: TmpDir;
beforeEach(() => {
  dir = tmpDir("ld-root-");
});
afterEach(() => dir.cleanup());

describe("findProjectRoot", () => {
  it("finds the nearest folder holding a .git folder, from deep below", () => {
    mkdirSync(dir.join("repo", ".git"), { recursive: true });
    mkdirSync(dir.join("repo", "a", "b", "c"), { recursive: true });
    expect(findProjectRoot(dir.join("repo", "a", "b", "c"))).toBe(dir.join("repo"));
    expect(findProjectRoot(dir.join("repo"))).toBe(dir.join("repo"));
  });

  it("takes a .git file (a worktree or submodule) as a root too", () => {
    mkdirSync(dir.join("repo", ".git"), { recursive: true });
    mkdirSync(dir.join("repo", "sub", "src"), { recursive: true });
    writeFileSync(dir.join("repo", "sub", ".git"), "gitdir: ../.git/modules/sub\n");
    expect(findProjectRoot(dir.join("repo", "sub", "src"))).toBe(dir.join("repo", "sub"));
  });

  it("is the start folder when no .git is above it", () => {
    // A temp folder is normally not inside a repository; if it is, this test cannot tell.
    const above = findProjectRoot(dir.path);
    const start = dir.join("plain", "x");
    mkdirSync(start, { recursive: true });
    expect(findProjectRoot(start)).toBe(above === dir.path ? start : above);
    expect(findProjectRoot(`${start}/../x/`)).toBe(above === dir.path ? start : above);
  });
});

it("dataDir is .claude/local-delegate under the root", () => {
  expect(dataDir("/p")).toBe(join("/p", ".claude", "local-delegate"));
});
