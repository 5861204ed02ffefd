// The spec's paths are checked when it is read; the files are read later, after the run has
// waited for its lock (another run's whole generation, minutes). A context or output path swapped
// for a symlink that leads out meanwhile must not put a file from outside into the prompt.
import { mkdirSync, rmSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readTaskInputs } from "../../src/engine/read-inputs.js";
import { validateSpec, type TaskSpec } from "../../src/spec/load.js";
import { tmpDir, type TmpDir } from "../support/tmp-dir.js";

let dir: TmpDir;
let outside: TmpDir;

beforeEach(() => {
  dir = tmpDir("ld-inputs-");
  outside = tmpDir("ld-inputs-out-");
  mkdirSync(join(dir.path, ".git"));
  dir.write("src/a.ts", "export const a = 1;\n");
  dir.write("src/out.ts", "export const out = 1;\n");
  outside.write("secret.ts", "export const SECRET = 'hunter2';\n");
});
afterEach(() => {
  dir.cleanup();
  outside.cleanup();
});

function spec(): TaskSpec {
  const r = validateSpec({ task_id: "t", description: "d", output_file: "src/out.ts", context_files: ["src/a.ts"] }, dir.path);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe("readTaskInputs", () => {
  it("reads the output and context files the spec named", () => {
    const r = readTaskInputs(spec());
    expect(r.ok && [r.value.existing, r.value.context.map((c) => c.text)]).toEqual(["export const out = 1;\n", ["export const a = 1;\n"]]);
  });

  it("refuses a context file swapped for a symlink that leads out since the spec was checked", () => {
    const s = spec();
    rmSync(dir.join("src/a.ts"));
    symlinkSync(outside.join("secret.ts"), dir.join("src/a.ts"));
    const r = readTaskInputs(s);
    expect(r.ok ? r.value.context.map((c) => c.text) : r.error).toMatchObject({ code: "PATH_ESCAPE", field: "context_files[0]" });
  });

  it("refuses an output file swapped for a symlink that leads out, or a folder on the way", () => {
    const s = spec();
    rmSync(dir.join("src/out.ts"));
    symlinkSync(outside.join("secret.ts"), dir.join("src/out.ts"));
    const r = readTaskInputs(s);
    expect(r.ok ? r.value.existing : r.error).toMatchObject({ code: "PATH_ESCAPE", field: "output_file" });
    rmSync(dir.join("src"), { recursive: true });
    symlinkSync(outside.path, dir.join("src"));
    outside.write("a.ts", "export const elsewhere = 1;\n");
    const again = readTaskInputs(s);
    expect(again.ok ? again.value : again.error).toMatchObject({ code: "PATH_ESCAPE" });
  });

  it("near miss: a context file swapped for a symlink that stays inside is read", () => {
    const s = spec();
    dir.write("src/real.ts", "export const real = 1;\n");
    rmSync(dir.join("src/a.ts"));
    symlinkSync(dir.join("src/real.ts"), dir.join("src/a.ts"));
    const r = readTaskInputs(s);
    expect(r.ok && r.value.context[0]!.text).toBe("export const real = 1;\n");
  });
});
