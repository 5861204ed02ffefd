import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { broken, correct, type Fixture } from "./fixtures/index.js";

// The fixtures against the real compilers: every correct one compiles and every broken one is
// refused, so what the gate is tested on is what the languages accept. A language whose toolchain
// is not installed is skipped, and says so in its title (.ci/run installs them).

const work = mkdtempSync(join(tmpdir(), "ld-toolchains-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Toolchain {
  /** The program that must be on PATH. */
  tool: string;
  /** The command line that accepts or refuses `file` (a copy of the fixture in its own folder). */
  check: (file: string, dir: string) => string[];
}

const TOOLCHAINS: Record<string, Toolchain> = {
  python: { tool: "python3", check: (f) => ["python3", "-m", "py_compile", f] },
  // A module of its own: `go build` type-checks it too, so a correct fixture must really compile.
  go: { tool: "go", check: (f, dir) => (writeFileSync(join(dir, "go.mod"), "module fixture\n\ngo 1.19\n"), ["go", "build", "-o", join(dir, "out"), "."]) },
  rust: { tool: "rustc", check: (f, dir) => ["rustc", "--edition", "2021", "--crate-type", "lib", "--emit=metadata", "-o", join(dir, "out.rmeta"), f] },
  java: { tool: "javac", check: (f, dir) => ["javac", "-d", join(dir, "classes"), f] },
  // `-I`: a C file includes its header from beside the fixture.
  c: { tool: "gcc", check: (f) => ["gcc", "-x", "c", "-std=c11", "-fsyntax-only", "-I", resolve("test/lang/fixtures/c/ok"), f] },
  cpp: { tool: "g++", check: (f) => ["g++", "-x", "c++", "-std=c++17", "-fsyntax-only", f] },
  ruby: { tool: "ruby", check: (f) => ["ruby", "-c", f] },
  php: { tool: "php", check: (f) => ["php", "-l", f] },
  bash: { tool: "bash", check: (f) => ["bash", "-n", f] },
  toml: { tool: "python3", check: (f) => ["python3", "-c", "import sys, tomllib; tomllib.load(open(sys.argv[1], 'rb'))", f] },
};

function installed(tool: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${tool}`], { stdio: "ignore" }).status === 0;
}

let n = 0;
function compile(f: Fixture, tc: Toolchain): { ok: boolean; output: string } {
  const dir = join(work, `${f.language}-${n++}`);
  mkdirSync(dir);
  const file = join(dir, basename(f.path));
  cpSync(f.path, file);
  const [cmd, ...args] = tc.check(file, dir);
  const r = spawnSync(cmd!, args, { cwd: dir, encoding: "utf8", timeout: 120_000, env: { ...process.env, PYTHONPYCACHEPREFIX: join(dir, "pycache") } });
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}`.slice(0, 2000) };
}

for (const [language, tc] of Object.entries(TOOLCHAINS)) {
  const available = installed(tc.tool);
  describe.skipIf(!available)(`${language} fixtures against ${tc.tool}${available ? "" : " (skipped: not installed)"}`, () => {
    it.each(correct(language).map((f) => [f.path, f] as const))("%s compiles", (_, f) => {
      const r = compile(f, tc);
      expect(r.ok, r.output).toBe(true);
    }, 180_000);
    it.each(broken(language).map((f) => [f.path, f] as const))("%s is refused", (_, f) => {
      const r = compile(f, tc);
      expect(r.ok, r.output).toBe(false);
    }, 180_000);
  });
}

it("has a toolchain for at least Python, Go, Rust and Java, or says which is missing", () => {
  const missing = ["python", "go", "rust", "java"].filter((l) => !installed(TOOLCHAINS[l]!.tool));
  if (missing.length) console.warn(`toolchains missing here (their fixture checks were skipped): ${missing.join(", ")}`);
  expect(Object.keys(TOOLCHAINS)).toEqual(expect.arrayContaining(["python", "go", "rust", "java"]));
});
