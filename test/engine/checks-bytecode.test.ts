// runChecks runs the Python file just written, never the bytecode Python cached for an earlier
// version. Python trusts __pycache__/<stem>.cpython-XY.pyc when the source's mtime (whole
// seconds) and size match: a retry writing a same-size fix within the same second would be tested
// against the last attempt's code. Here that moment is made on purpose (utimesSync), not raced.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runChecks } from "../../src/engine/checks.js";
import { dropBytecode } from "../../src/verify/bytecode.js";
import { tmpDir, type TmpDir } from "../support/tmp-dir.js";
import { works } from "../verify/runners/support.js";

const WRONG = "def f():\n    return 2\n";
const RIGHT = "def f():\n    return 1\n";
const CHECK = "import mod\nassert mod.f() == 1, f'f() returned {mod.f()}'\n";

let proj: TmpDir;
const saved = { ...process.env };
beforeEach(() => {
  proj = tmpDir("ld-pyc-");
  proj.write("check.py", CHECK);
  // Users' shells do not set it (this sandbox may): Python writes __pycache__ by default.
  delete process.env.PYTHONDONTWRITEBYTECODE;
  delete process.env.PYTHONPYCACHEPREFIX;
});
afterEach(() => {
  process.env = { ...saved };
  proj.cleanup();
});

/** The last attempt's file, imported once so Python caches it; then the fix, same size, same second. */
function staleCache(env: NodeJS.ProcessEnv = process.env): void {
  const mod = proj.write("mod.py", WRONG);
  execFileSync("python3", ["-c", "import mod"], { cwd: proj.path, env });
  const { atime, mtime } = statSync(mod);
  writeFileSync(mod, RIGHT);
  utimesSync(mod, atime, mtime);
  // The trap is set: Python itself, run plainly, still runs the old code.
  const plain = spawnSync("python3", ["check.py"], { cwd: proj.path, env, encoding: "utf8" });
  expect(plain.stderr).toContain("f() returned 2");
}

const check = () => runChecks([{ kind: "tests", command: "python3 check.py" }], proj.path, 60_000, undefined, undefined, undefined, "mod.py").then((o) => o.failure);

describe.skipIf(!works("python3 --version"))("the written Python file, not a stale cache, is tested", () => {
  it("a same-size fix written in the same second as the last attempt passes", async () => {
    staleCache();
    expect(await check()).toBeNull();
  });

  it("also when the user keeps bytecode under PYTHONPYCACHEPREFIX", async () => {
    process.env.PYTHONPYCACHEPREFIX = proj.join("cache");
    staleCache();
    expect(existsSync(proj.join("__pycache__"))).toBe(false);
    expect(await check()).toBeNull();
  });

  it("the checks leave no bytecode behind for the next attempt", async () => {
    proj.write("mod.py", RIGHT);
    expect(await check()).toBeNull();
    expect(existsSync(proj.join("__pycache__"))).toBe(false);
  });

  it("a wrong file still fails (the cache is gone, not the check)", async () => {
    proj.write("mod.py", WRONG);
    expect((await check())?.message).toContain("f() returned 2");
  });
});

describe("dropBytecode", () => {
  it("removes only the written module's caches", () => {
    for (const n of ["mod.cpython-311.pyc", "mod.cpython-311.opt-1.pyc", "mod.cpython-312.pyc", "module.cpython-311.pyc", "mod_x.cpython-311.pyc", "other.cpython-311.pyc"]) proj.write(`pkg/__pycache__/${n}`, "");
    proj.write("pkg/mod.py", RIGHT);
    expect(dropBytecode(proj.path, "pkg/mod.py", {})).toHaveLength(3);
    expect(readdirSync(proj.join("pkg/__pycache__")).sort()).toEqual(["mod_x.cpython-311.pyc", "module.cpython-311.pyc", "other.cpython-311.pyc"]);
  });

  it("leaves files that are not Python alone", () => {
    proj.write("__pycache__/mod.cpython-311.pyc", "");
    expect(dropBytecode(proj.path, "mod.js", {})).toEqual([]);
    expect(dropBytecode(proj.path, "missing/mod.py", {})).toEqual([]);
    expect(existsSync(proj.join("__pycache__/mod.cpython-311.pyc"))).toBe(true);
  });
});
