// Tiny projects for real test runners, each with a failing check, shared by the live tests (which
// run the runner where it is installed) and the fixture tests (which replay the output recorded
// from the same project, so the parsing is tested where the runner is missing).
//
// Record again with: LD_RECORD_RUNNERS=1 npx vitest run test/verify/runners/live.test.ts
// (jest is not a dependency: point LD_JEST_DIR at a folder where `npm install jest` was run).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
export const FIXTURES = join(REPO, "test/verify/runners/output");

export interface FirstExpect {
  /** Substrings the first-failure line must hold (expected and actual values, the message). */
  has: string[];
  test?: string;
  /** `file:line` as the line shows it. */
  at?: string;
}

export interface RunnerCase {
  name: string;
  runner: string;
  /** Why the runner cannot run here, or null. */
  missing: () => string | null;
  files: Record<string, string>;
  /** Links and such, after the files are written. */
  setup?: (dir: string) => void;
  command: string;
  env?: Record<string, string>;
  /** The file the model wrote (errors in it are the model's). */
  outputFile: string;
  /** A failure the model made: what `firstFailure` must show. */
  first?: FirstExpect;
  /** A fault of the command itself: what its message must hold. */
  fault?: string[];
}

const cache = new Map<string, boolean>();
/** Whether `cmd` runs and exits 0 (cached: each probe costs a process start). */
export function works(cmd: string): boolean {
  if (!cache.has(cmd)) cache.set(cmd, spawnSync("sh", ["-c", cmd], { stdio: "ignore", timeout: 60_000 }).status === 0);
  return cache.get(cmd)!;
}

export const need = (cmd: string, what: string) => () => (works(cmd) ? null : `${what} is not installed`);

/** A python3 with pytest: the machine's (pyenv's) or Debian's python3-pytest. */
export function pytestPython(): string | null {
  return ["python3", "/usr/bin/python3"].find((p) => works(`${p} -m pytest --version`)) ?? null;
}

export const JUNIT_JAR = "/usr/share/java/junit-platform-console-standalone.jar";
export const MAVEN_REPO = "/usr/share/maven-repo";

/** A link to a node_modules folder, so a project in /tmp resolves vitest or jest. */
export const linkModules = (target: () => string) => (dir: string) => symlinkSync(target(), join(dir, "node_modules"), "dir");

export function jestModules(): string | null {
  const dir = process.env.LD_JEST_DIR;
  return dir && existsSync(join(dir, "node_modules/.bin/jest")) ? join(dir, "node_modules") : null;
}

export interface Recorded {
  command: string;
  exitCode: number | null;
  /** The project folder the runner ran in: locations under it are shown relative. */
  root: string;
  outputFile: string;
  version: string;
}

const INDEX = join(FIXTURES, "index.json");

export function readIndex(): Record<string, Recorded> {
  return existsSync(INDEX) ? (JSON.parse(readFileSync(INDEX, "utf8")) as Record<string, Recorded>) : {};
}

export function record(c: RunnerCase, r: Recorded, output: string): void {
  mkdirSync(FIXTURES, { recursive: true });
  writeFileSync(join(FIXTURES, `${c.name}.txt`), output);
  const index = readIndex();
  index[c.name] = r;
  writeFileSync(INDEX, `${JSON.stringify(Object.fromEntries(Object.entries(index).sort(([a], [b]) => a.localeCompare(b))), null, 2)}\n`);
}

export const recording = () => process.env.LD_RECORD_RUNNERS === "1";

/** Where a case runs: a fixed folder when recording (stable paths in the fixtures), else a fresh one. */
export function caseDir(c: RunnerCase, fresh: () => string): string {
  if (!recording()) return fresh();
  const dir = `/tmp/ld-runner/${c.name}`;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** The runner's version, for the fixture's index (what produced it). */
export function versionOf(c: RunnerCase): string {
  const probe: Record<string, string> = {
    "node:test": "node --version",
    vitest: `${REPO}/node_modules/.bin/vitest --version`,
    jest: `${process.env.LD_JEST_DIR ?? "."}/node_modules/.bin/jest --version`,
    pytest: `${pytestPython() ?? "python3"} -m pytest --version`,
    unittest: "python3 --version",
    "go test": "go version",
    "cargo test": "cargo --version",
    "junit console": `java -jar ${JUNIT_JAR} --version`,
    "maven surefire": "mvn --version",
  };
  const r = spawnSync("sh", ["-c", `${probe[c.runner] ?? "true"} 2>&1 | head -1`], { encoding: "utf8" });
  return r.stdout.trim();
}

/** What a result line must never carry. */
export const FRAME_MARK = /(^|\s)at\s+\S+\s+\(|node:internal|triggerUncaughtException|\bat \/|\bat file:|^\s+at\s|\w\(\w+\.java:\d+\)|stack backtrace|goroutine \d+/;
