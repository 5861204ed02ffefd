import { describe, expect, it } from "vitest";
import { tempProject } from "../support/project.js";
import { commonPrefixFiles, contextOf, sharedContext, startOrder } from "../../src/plan/share.js";

const ROOT = "/project";
const task = (id: string, context_files: string[]) => ({ id, context_files });

describe("sharedContext", () => {
  it("lists the files more than one task reads, the most read first, then by path", () => {
    const tasks = [
      task("a", ["src/z.ts", "src/only-a.ts", "src/types.ts"]),
      task("b", ["./src/types.ts", "src/z.ts"]),
      task("c", ["src/types.ts", "src/y.ts"]),
      task("d", ["src/y.ts", "src/types.ts", "src/z.ts"]),
    ];
    expect(sharedContext(tasks, ROOT)).toEqual(["src/types.ts", "src/z.ts", "src/y.ts"]);
  });

  it("reads paths the way a spec resolves them: `./x`, `a/../x` and an absolute path inside the project are one file", () => {
    // The resolver looks at the folders on the way (symlinks), so the project must exist.
    const proj = tempProject();
    try {
      const root = proj.root;
      expect(contextOf(task("a", ["./src/x.ts", "src/../src/x.ts", `${root}/src/x.ts`, "src/y.ts"]), root)).toEqual(["src/x.ts", "src/y.ts"]);
      expect(sharedContext([task("a", ["./src/x.ts"]), task("b", [`${root}/src/x.ts`])], root)).toEqual(["src/x.ts"]);
    } finally {
      proj.cleanup();
    }
  });

  it("is empty when no file is read twice", () => {
    expect(sharedContext([task("a", ["a.ts"]), task("b", ["b.ts"]), task("c", [])], ROOT)).toEqual([]);
  });
});

describe("startOrder", () => {
  const shared = ["src/types.ts", "src/z.ts"];
  const files = (t: { context_files: string[] }) => contextOf(t, ROOT);

  it("starts next the ready task whose prompt begins most like the last one's", () => {
    const last = task("first", ["src/types.ts", "src/z.ts"]);
    const ready = [task("b", ["src/other.ts"]), task("c", ["src/types.ts"]), task("d", ["src/z.ts", "src/types.ts", "src/d.ts"])];
    expect(startOrder(ready, last, files, shared).map((t) => t.id)).toEqual(["d", "c", "b"]);
  });

  it("keeps plan order among equals, with no last task, and when nothing is shared", () => {
    const ready = [task("b", ["src/z.ts"]), task("c", ["src/types.ts"]), task("d", [])];
    expect(startOrder(ready, null, files, shared).map((t) => t.id)).toEqual(["b", "c", "d"]);
    expect(startOrder(ready, task("x", ["src/q.ts"]), files, shared).map((t) => t.id)).toEqual(["b", "c", "d"]);
    expect(startOrder(ready, task("x", ["src/z.ts"]), files, []).map((t) => t.id)).toEqual(["b", "c", "d"]);
  });

  it("counts only the files both prompts begin with: a shared file after a difference is no prefix", () => {
    // In prompt order, one lists types then z, the other only z: they differ from the first file.
    expect(commonPrefixFiles(["src/types.ts", "src/z.ts"], ["src/z.ts"], shared)).toBe(0);
    expect(commonPrefixFiles(["src/z.ts", "src/types.ts"], ["src/types.ts", "x.ts"], shared)).toBe(1);
  });
});
