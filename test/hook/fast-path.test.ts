import { spawnSync } from "node:child_process";
import { builtinModules } from "node:module";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { projectConfigPath } from "../../src/config/layers.js";
import { RACY_MS, snapshotPath } from "../../src/config/snapshot.js";
import { ledgerPath } from "../../src/ledger/append.js";
import { writeHealthCache } from "../../src/model/health-cache.js";
import { dataDir } from "../../src/project/root.js";
import { builtHook, builtHookFor, distDir, hookEntries } from "../support/dist.js";
import { deadBaseUrl, runCli, tempProject, type TempProject } from "../support/project.js";

// The hook starts on every Write Claude makes. Its bundle holds no YAML parser and no schema
// library; it reads the config from a JSON snapshot and loads the full config read (YAML, the one
// schema: dist/hook-config.cjs) and the server probe (dist/hook-probe.cjs) only when it needs them.

// Text only a YAML parser or a schema library carries (the `yaml` package's error class, zod's).
const YAML_MARKS = ["YAMLParseError", "YAMLWarning"];
const ZOD_MARKS = ["ZodError", "$ZodType", "_zod"];

let proj: TempProject;
afterEach(() => proj?.cleanup());

const state = () => join(proj.home, "state", "local-delegate");
const env = (extra: Record<string, string> = {}): Record<string, string> => ({ PATH: process.env.PATH ?? "", HOME: proj.home, XDG_STATE_HOME: join(proj.home, "state"), XDG_CONFIG_HOME: join(proj.home, "config"), ...extra });
const UTIL = Array.from({ length: 12 }, (_, i) => `export const k${i} = (n: number) => n * ${i};`).join("\n") + "\n";
const write = (file: string) => JSON.stringify({ hook_event_name: "PreToolUse", tool_name: "Write", cwd: proj.root, session_id: "s1", tool_input: { file_path: join(proj.root, file), content: UTIL } });

/** Runs the built hook with a preload that lists every module it require()s and every file it reads whole. */
function hookRun(input: string, e: Record<string, string>) {
  const list = join(proj.home, "loaded.json");
  const preload = join(proj.home, "record-loads.cjs");
  writeFileSync(
    preload,
    `const M = require("module"); const fs = require("fs"); const seen = []; const read = [];
const load = M._load; M._load = function (request, ...rest) { seen.push(request); return load.call(this, request, ...rest); };
const readFile = fs.readFileSync; fs.readFileSync = function (p, ...rest) { if (typeof p === "string") read.push(p); return readFile.call(this, p, ...rest); };
process.on("exit", () => fs.writeFileSync(${JSON.stringify(list)}, JSON.stringify({ seen, read, builtins: process.moduleLoadList })));\n`,
  );
  // The entry Claude Code runs for this event (hooks/hooks.json).
  const r = spawnSync(process.execPath, ["--require", preload, builtHookFor(input)], { input, encoding: "utf8", timeout: 20_000, cwd: proj.root, env: e });
  expect(r.status).toBe(0);
  const { seen, read, builtins } = JSON.parse(readFileSync(list, "utf8")) as { seen: string[]; read: string[]; builtins: string[] };
  return { stdout: r.stdout, loaded: seen, read, builtins };
}

const lazyParts = (loaded: string[]) => loaded.filter((m) => /hook-(config|probe)\.cjs$|yaml|zod/.test(m));

describe("the hook's bundle", () => {
  it("carries no YAML parser and no schema library in any entry, and requires only Node's own modules at its top", () => {
    const entries = hookEntries();
    // Each event's entry holds its own code only: a hook compiles all of it on every start. A big
    // step here is something heavy pulled in by an import (npx esbuild --bundle --analyze).
    const limits: [string, number][] = [
      // Every event, for a person trying it (not on Claude Code's path: hooks.json runs the entries
      // below); 25.5 kB since folders are made one level at a time (util/fs.ts makeFolders), 26.5
      // since a model named by part of its id is judged on the record of the id its runs got, 27
      // since a session start says why a refused config turns the plugin off, 27.5 since a Write in
      // the worktree the session works in (under .claude/worktrees/) is judged.
      ["hook.cjs", 27_500],
      // A session start's and a prompt's entries ask the resident helper; their work is beside them.
      [entries.SessionStart, 9_000], // and it writes the session's env file itself (helper-trust.ts)
      ["hook-session-start-work.cjs", 17_000], // and it finds the record of a model named by part of its id, and says why a config is refused
      [entries.UserPromptSubmit, 8_000],
      ["hook-prompt-work.cjs", 9_000],
      [entries.PreToolUse, 12_500], // the filter (and the worktree the session works in); a Write it judges goes to the helper, or loads hook-write.cjs
      ["hook-write.cjs", 45_000],
      ["hook-helper.cjs", 32_500], // resident: every event's code, compiled once (and makeFolders, recordedModel, the refused config's note and the working checkout, as hook.cjs)
    ];
    const builtin = (s: string) => s.startsWith("node:") || builtinModules.includes(s);
    for (const [file, limit] of limits) {
      const text = readFileSync(join(distDir(), file), "utf8");
      for (const mark of [...YAML_MARKS, ...ZOD_MARKS]) expect(text, `${file} holds ${mark}`).not.toContain(mark);
      // Its own parts beside it, loaded when needed (the runs below show when).
      const required = [...text.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1]!).filter((r) => !builtin(r));
      for (const r of required) expect(["./hook-config.cjs", "./hook-probe.cjs", "./hook-write.cjs", "./hook-session-start-work.cjs", "./hook-prompt-work.cjs"], `${file} requires ${r}`).toContain(r);
      expect(text.length, `dist/${file} grew past ${limit / 1000} kB`).toBeLessThan(limit);
    }
    // The filter's entry reaches neither the config read nor the probe itself.
    const filter = readFileSync(join(distDir(), entries.PreToolUse), "utf8");
    expect([...filter.matchAll(/\brequire\("(\.[^"]+)"\)/g)].map((m) => m[1])).toEqual(["./hook-write.cjs"]);
    // The marks are real: the full config read, beside it, holds both.
    const full = readFileSync(join(distDir(), "hook-config.cjs"), "utf8");
    expect(YAML_MARKS.some((m) => full.includes(m)) && ZOD_MARKS.some((m) => full.includes(m))).toBe(true);
    expect(readFileSync(builtHook(), "utf8").length).toBeGreaterThan(readFileSync(join(distDir(), entries.UserPromptSubmit), "utf8").length);
  });
});

describe("the hook's fast path", () => {
  it("with a config snapshot, loads neither the config reader (YAML, schema) nor the probe", async () => {
    proj = tempProject();
    const dead = await deadBaseUrl();
    const e = env({ LOCAL_DELEGATE_BASE_URL: dead, LOCAL_DELEGATE_MODEL: "m" });
    writeHealthCache(state(), dead, { up: true, model: "m", checked_at: new Date().toISOString() });
    // No config file: the first run reads the config the full way and leaves a snapshot.
    const first = hookRun(write("src/a.ts"), e);
    expect(first.loaded).toContain("./hook-config.cjs");
    expect(existsSync(snapshotPath(state(), proj.root))).toBe(true);
    for (const input of [write("src/b.ts"), JSON.stringify({ hook_event_name: "UserPromptSubmit", prompt: "Add a slugify helper and its tests", cwd: proj.root })]) {
      const r = hookRun(input, e);
      expect(r.stdout).not.toBe("");
      expect(lazyParts(r.loaded)).toEqual([]);
      // Nor Node's socket and stream modules, for its stdin (a socket here) and stdout: a fifth of a bare Node start.
      expect(r.builtins.filter((m) => /^NativeModule (net|stream|internal\/streams\/(readable|duplex))$/.test(m))).toEqual([]);
    }
  });

  it("with a project YAML config, reads it once and then from the snapshot until the file changes", async () => {
    proj = tempProject();
    const dead = await deadBaseUrl();
    const e = env({ LOCAL_DELEGATE_BASE_URL: dead });
    writeHealthCache(state(), dead, { up: true, model: "m", checked_at: new Date().toISOString() });
    proj.write(".claude/local-delegate.yaml", "hook_mode: enforce\n");
    // A file changed in the last 2 s is not snapshotted (its next change could keep its size and
    // time stamp): the hook reads it the full way until then.
    const fresh = hookRun(write("src/a.ts"), e);
    expect(fresh.loaded).toContain("./hook-config.cjs");
    expect(fresh.stdout).toContain('"permissionDecision":"deny"');
    expect(existsSync(snapshotPath(state(), proj.root))).toBe(false);
    const changed = statSync(projectConfigPath(proj.root));
    const aged = Math.max(changed.mtimeMs, changed.ctimeMs) + RACY_MS + 50;
    while (Date.now() < aged) await new Promise((r) => setTimeout(r, 50));
    const settled = hookRun(write("src/a.ts"), e);
    expect(settled.loaded).toContain("./hook-config.cjs");
    expect(existsSync(snapshotPath(state(), proj.root))).toBe(true);
    const fast = hookRun(write("src/b.ts"), e);
    expect(fast.stdout).toContain('"permissionDecision":"deny"');
    expect(lazyParts(fast.loaded)).toEqual([]);
    expect(fast.read).not.toContain(projectConfigPath(proj.root));
    // The file changes: the snapshot is stale, and the new setting holds at once.
    proj.write(".claude/local-delegate.yaml", "hook_mode: off\n");
    const off = hookRun(write("src/c.ts"), e);
    expect(off.loaded).toContain("./hook-config.cjs");
    expect(off.stdout).toBe("");
  });

  it("reads nothing for an event it lets through: a Write under node_modules/, a small Edit, a prompt that asks for no code", async () => {
    proj = tempProject();
    const e = env({ LOCAL_DELEGATE_BASE_URL: await deadBaseUrl() });
    // No snapshot, and a config that would take the full read: an event filtered out never gets there.
    proj.write(".claude/local-delegate.yaml", "hook_mode: enforce\n");
    proj.write("src/k.ts", UTIL);
    // Claude's own fix: one line of twelve. Only the edited file is read, to learn that.
    const smallEdit = JSON.stringify({ hook_event_name: "PreToolUse", tool_name: "Edit", cwd: proj.root, session_id: "s1", tool_input: { file_path: join(proj.root, "src/k.ts"), old_string: "n * 3;", new_string: "n * 3 + 1;" } });
    for (const input of [write("node_modules/x/index.js"), write("package-lock.json"), smallEdit, JSON.stringify({ hook_event_name: "UserPromptSubmit", prompt: "What does this error mean?", cwd: proj.root })]) {
      const r = hookRun(input, e);
      expect(r.stdout).toBe("");
      expect(lazyParts(r.loaded)).toEqual([]);
      expect(r.loaded).not.toContain("./hook-write.cjs");
      // Node reads the entry itself (and a prompt's entry, with no resident helper to ask, the
      // event's code beside it); the hook reads nothing but the edited file.
      expect(r.read.filter((p) => !p.startsWith(distDir()) && p !== join(proj.root, "src/k.ts"))).toEqual([]);
    }
    expect(existsSync(snapshotPath(state(), proj.root))).toBe(false);
    expect(existsSync(ledgerPath(dataDir(proj.root)))).toBe(false);
    // The same file rewritten whole by an Edit is judged (with no server up, let through and noted).
    const rewrite = JSON.stringify({ hook_event_name: "PreToolUse", tool_name: "Edit", cwd: proj.root, session_id: "s1", tool_input: { file_path: join(proj.root, "src/k.ts"), old_string: UTIL, new_string: UTIL.split("n *").join("n /") } });
    const judged = hookRun(rewrite, e);
    expect(judged.loaded).toContain("./hook-write.cjs");
    expect(judged.stdout).toContain("writing src/k.ts yourself is right");
    expect(existsSync(ledgerPath(dataDir(proj.root)))).toBe(true);
  });
});

describe("one config schema", () => {
  it("the hook refuses what every command refuses: route_min_first_pass: 5", async () => {
    proj = tempProject();
    const dead = await deadBaseUrl();
    const e = env({ LOCAL_DELEGATE_BASE_URL: dead, LOCAL_DELEGATE_HOOK_MODE: "enforce" });
    writeHealthCache(state(), dead, { up: true, model: "m", checked_at: new Date().toISOString() });
    // Within bounds, the Write is denied: the refusal below is the bound's doing.
    proj.write(".claude/local-delegate.yaml", "route_min_first_pass: 0.9\n");
    expect(hookRun(write("src/a.ts"), e).stdout).toContain('"permissionDecision":"deny"');
    writeFileSync(projectConfigPath(proj.root), "route_min_first_pass: 5\n");
    proj.write("src/a.ts", UTIL);
    const cmd = await runCli(["classify", "--file", "src/a.ts"], { cwd: proj.root, home: proj.home, env: e });
    expect(cmd.code).toBe(2);
    expect(cmd.stderr).toContain("route_min_first_pass");
    const r = hookRun(write("src/a.ts"), e);
    expect(r.stdout).toBe("");
  });
});
