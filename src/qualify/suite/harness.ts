// The helpers every hidden check imports (written to `.qualify/harness.mjs`). Plain Node 20, no
// packages: it runs on the user's machine in a throwaway project with no node_modules. Each
// failure is one line starting with ✗ and naming what was expected and what came back, which is
// what the engine's failure summary keeps and feeds back to the model on its retry; the check's
// source stays hidden, as a real project's tests would.
export const HARNESS_FILE = ".qualify/harness.mjs";
export const PREPARED_FILE = ".qualify/prepared.json";

export const HARNESS = String.raw`import { copyFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { inspect, isDeepStrictEqual } from "node:util";
import vm from "node:vm";

const root = process.cwd();
let failures = 0;
let finished = false;

// An answer that ends the process (process.exit(0) in the module or in a call) would end the check
// with its code: every check not yet run would count as passed.
process.on("exit", (code) => {
  if (finished || code !== 0) return;
  console.error("✗ the checks were cut short: the answer ended the process (process.exit)");
  process.exitCode = 1;
});

// Each call into the model's code runs under a watchdog: an endless loop becomes one failed check
// that says so, in two seconds, instead of the whole check hanging until the engine kills it.
const CALL_MS = 2000;
const sandbox = vm.createContext({ f: null });
function guarded(thunk) {
  sandbox.f = thunk;
  let value;
  try {
    value = vm.runInContext("f()", sandbox, { timeout: CALL_MS });
  } catch (e) {
    if (e && e.code === "ERR_SCRIPT_EXECUTION_TIMEOUT") throw new Error("did not return within " + CALL_MS / 1000 + " s (an endless loop?)");
    throw e;
  }
  if (!value || typeof value.then !== "function") return value;
  let timer;
  const late = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error("did not settle within " + CALL_MS / 1000 + " s")), CALL_MS); });
  return Promise.race([value, late]).finally(() => clearTimeout(timer));
}

export function show(v) {
  return inspect(v, { depth: 5, breakLength: Infinity, compact: true });
}

function firstLine(e) {
  return asWritten(String(e && e.message ? e.message : e).split("\n")[0]);
}

// A TypeScript answer runs as the JavaScript built from it under .qualify/ts/: an error there is
// about the file the model wrote, and must say so (to the model, and to the engine, which takes an
// error in a file the model did not write for a broken check and judges nothing).
function asWritten(text) {
  return String(text).replace(/\.qualify[\\/]ts[\\/]([^\s'"()]+?)\.js\b/g, "$1.ts");
}

export function fail(what, detail) {
  failures++;
  console.error("✗ " + what + (detail ? ": " + detail : ""));
}

export function fatal(what) {
  console.error("✗ " + what);
  process.exit(1);
}

/** A check whose thunk returns true; a throw is a failure that names the error. */
export function check(what, thunk, detail) {
  try {
    if (!guarded(thunk)) fail(what, detail);
  } catch (e) {
    fail(what, "threw " + (e && e.name ? e.name : "") + ": " + firstLine(e));
  }
}

export function eq(what, thunk, expected) {
  let actual;
  try {
    actual = guarded(thunk);
  } catch (e) {
    return fail(what, "expected " + show(expected) + ", threw " + (e && e.name ? e.name : "") + ": " + firstLine(e));
  }
  if (!isDeepStrictEqual(actual, expected)) fail(what, "expected " + show(expected) + ", received " + show(actual));
}

export async function eqAsync(what, thunk, expected) {
  let actual;
  try {
    actual = await guarded(thunk);
  } catch (e) {
    return fail(what, "expected " + show(expected) + ", rejected with " + (e && e.name ? e.name : "") + ": " + firstLine(e));
  }
  if (!isDeepStrictEqual(actual, expected)) fail(what, "expected " + show(expected) + ", received " + show(actual));
}

/** Expects a throw (or a rejection) of the class, with the message when one is given. */
export async function throws(what, thunk, ctor, message) {
  let value;
  try {
    value = await guarded(thunk);
  } catch (e) {
    if (e && /^did not (return|settle) within/.test(e.message)) return fail(what, e.message);
    if (!(e instanceof ctor)) return fail(what, "expected a " + ctor.name + ", got " + (e && e.name ? e.name : typeof e) + ": " + firstLine(e));
    if (message !== undefined && e.message !== message) fail(what, "expected the message " + show(message) + ", got " + show(e.message));
    return;
  }
  fail(what, "expected a " + ctor.name + ", received " + show(value));
}

export async function load(rel) {
  try {
    return await import(pathToFileURL(join(root, rel)).href);
  } catch (e) {
    fatal("cannot load " + asWritten(rel) + ": " + (e && e.name ? e.name + ": " : "") + firstLine(e));
  }
}

/** The JavaScript made from a TypeScript file before this check ran, or the reason there is none. */
export async function loadTs(rel) {
  prepared();
  return load(".qualify/ts/" + rel.replace(/\.(ts|mts)$/, ".js"));
}

export function prepared() {
  const p = join(root, ".qualify/prepared.json");
  if (!existsSync(p)) fatal("the TypeScript file was not prepared for the checks");
  const data = JSON.parse(readFileSync(p, "utf8"));
  if (data.errors.length) fatal(data.errors.join("; "));
  return data;
}

/** A top-level declaration of a TypeScript file (see shape.ts), or undefined. */
export function decl(rel, name) {
  const shape = prepared().shapes[rel];
  return shape ? shape.decls.find((d) => d.name === name) : undefined;
}

export function source(rel) {
  try {
    return readFileSync(join(root, rel), "utf8");
  } catch {
    fatal("cannot read " + rel);
  }
}

/** Type text without spaces, for comparing with the ways a person may write the same type. */
export function compact(t) {
  return String(t ?? "").replace(/\s+/g, "").replace(/'/g, '"').replace(/^\((.*)\)$/, "$1");
}

/** The members of a union written at its top level, sorted. */
export function unionMembers(t) {
  const out = [];
  let depth = 0, cur = "";
  for (const ch of compact(t).replace(/^\|/, "")) {
    if ("<([{".includes(ch)) depth++;
    if (">)]}".includes(ch)) depth--;
    if (ch === "|" && depth === 0) { out.push(cur); cur = ""; } else cur += ch;
  }
  out.push(cur);
  return out.filter(Boolean).sort();
}

/** Runs a test file with node --test: its exit code, its test count and the lines that matter. */
export function nodeTest(file) {
  const r = spawnSync(process.execPath, ["--test", "--test-reporter=tap", file], { cwd: root, encoding: "utf8", timeout: 30000 });
  const out = (r.stdout || "") + (r.stderr || "");
  const count = Number((/^# tests (\d+)/m.exec(out) || [])[1] || 0);
  const lines = out.split("\n").filter((l) => /not ok|Error|expected|actual|Cannot|failed/i.test(l)).slice(0, 12).map(asWritten);
  return { ok: r.status === 0, count, timedOut: r.error !== undefined, lines };
}

/** Runs fn with the file replaced by another, and puts it back whatever happens. */
export function swapped(target, replacement, fn) {
  const original = readFileSync(join(root, target));
  copyFileSync(join(root, replacement), join(root, target));
  try {
    return fn();
  } finally {
    writeFileSync(join(root, target), original);
  }
}

/**
 * The test-writing check: the tests must pass against the real code and fail against each
 * mutant, a copy of it with one documented behaviour broken.
 */
export function testsCatch(testFile, target, mutants) {
  const real = nodeTest(testFile);
  if (real.timedOut) fatal("the tests did not finish within 30 s");
  if (!real.ok) fatal("the tests fail against the correct code:\n" + real.lines.join("\n"));
  if (real.count === 0) fatal("no tests ran");
  for (const [file, broken] of mutants) {
    const r = swapped(target, file, () => nodeTest(testFile));
    if (r.ok) fail("the tests still pass when " + broken, "add a test that catches it");
  }
}

export function finish() {
  finished = true;
  if (failures) {
    console.error(failures + " hidden check(s) failed");
    process.exit(1);
  }
  console.log("all hidden checks passed");
}
`;
