// A git repository inside another (a submodule, a vendored repo): the same file can be named from
// the outer project (sub/x.mjs) and from the inner one (x.mjs). Each project keeps its own locks,
// backups and recovery, so two runs on that file, one from each, must never both go ahead: the
// second would back up the first's unverified file as the original, and put it back.
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { tempProject, type TempProject } from "../support/project.js";
import { cliEnv, fence, GOOD, killChildren, ORIGINAL, spawnCli, waitForFile } from "./support.js";

let server: FakeOpenAIServer;
let proj: TempProject;
beforeEach(async () => {
  proj = tempProject({ "sub/x.mjs": ORIGINAL });
  mkdirSync(join(proj.root, "sub/.git"));
  server = await startFakeOpenAIServer({ flavor: "lmstudio" });
});
afterEach(async () => {
  killChildren();
  await server.close();
  proj.cleanup();
});

/** A test command that says it started, waits for its go (bounded), then fails. */
function gatedFailure(name: string): string {
  const started = join(proj.home, `${name}.started`);
  const go = join(proj.home, `${name}.go`);
  writeFileSync(join(proj.home, `${name}.mjs`), `import { existsSync, writeFileSync } from "node:fs";\nwriteFileSync(${JSON.stringify(started)}, "");\nconst until = Date.now() + 30_000;\nconst tick = () => (existsSync(${JSON.stringify(go)}) || Date.now() > until ? process.exit(1) : setTimeout(tick, 20));\ntick();\n`);
  return `node ${JSON.stringify(join(proj.home, `${name}.mjs`))}`;
}

function start(cwd: string, outputFile: string, name: string) {
  const spec = join(proj.home, `${name}.json`);
  writeFileSync(spec, JSON.stringify({ task_id: name, description: "Write slugify(input).", output_file: outputFile, test_command: gatedFailure(name) }));
  const env = cliEnv(proj.home, { LOCAL_DELEGATE_BASE_URL: server.baseUrl, LOCAL_DELEGATE_CONNECT_TIMEOUT_MS: "2000", LOCAL_DELEGATE_TIMEOUT_MS: "10000", LOCAL_DELEGATE_RETRIES: "0", LOCAL_DELEGATE_LOCK_WAIT_MS: "1000" });
  return spawnCli(["run", spec], { cwd, env }).done;
}

describe("one file, reached from an outer and an inner project", () => {
  // Before: both runs went ahead, both escalated (which promises the files as they were), and the
  // file was left holding the outer run's model output that had failed its tests.
  it("two runs, one from each: the outer one is refused before the model is asked; the file as it was", async () => {
    server.setScript([{ content: fence(GOOD) }, { content: fence(`${GOOD}// the second\n`) }]);
    const outer = start(proj.root, "sub/x.mjs", "outer");
    const inner = start(join(proj.root, "sub"), "x.mjs", "inner");
    const o = await outer;
    expect(o.json, o.stdout).toMatchObject({ status: "invalid" });
    expect(o.json.error).toMatch(/^output_file: is inside sub\/, a project of its own/);
    expect(o.json.hint).toMatch(/cd sub/);
    expect(await waitForFile(join(proj.home, "inner.started"), 20_000)).toBe(true);
    writeFileSync(join(proj.home, "inner.go"), "");
    const i = await inner;
    expect(i.json, i.stdout).toMatchObject({ status: "escalated" });
    expect(proj.read("sub/x.mjs")).toBe(ORIGINAL);
    expect(server.requests.filter((q) => q.path.endsWith("/chat/completions"))).toHaveLength(1);
  }, 90_000);

  it("a link into the inner project is refused the same way", async () => {
    symlinkSync("sub", join(proj.root, "alias"));
    const o = await start(proj.root, "alias/x.mjs", "outer");
    expect(o.json, o.stdout).toMatchObject({ status: "invalid" });
    expect(o.json.error).toMatch(/^output_file: is inside sub\/, a project of its own/);
  });

  it("a rename whose importer is in the inner project is refused, every file as it was", async () => {
    proj.write("lib/date.mjs", "export function parseDate(s) {\n  return new Date(s);\n}\n");
    const use = 'import { parseDate } from "../lib/date.mjs";\nexport const d = parseDate;\n';
    proj.write("sub/use.mjs", use);
    server.setScript([{ content: fence("export function parseIsoDate(s) {\n  return new Date(s);\n}\n") }]);
    const spec = join(proj.home, "rename.json");
    writeFileSync(spec, JSON.stringify({ task_id: "rename", kind: "refactor", description: "rename parseDate to parseIsoDate", output_file: "lib/date.mjs", rename: { from: "parseDate", to: "parseIsoDate" } }));
    const r = await spawnCli(["run", spec], { cwd: proj.root, env: cliEnv(proj.home, { LOCAL_DELEGATE_BASE_URL: server.baseUrl, LOCAL_DELEGATE_CONNECT_TIMEOUT_MS: "2000", LOCAL_DELEGATE_TIMEOUT_MS: "10000" }) }).done;
    expect(r.json, r.stdout).toMatchObject({ status: "invalid" });
    expect(r.json.error).toMatch(/^rename: sub\/use\.mjs uses `parseDate` but is inside sub\/, a project of its own/);
    expect(proj.read("sub/use.mjs")).toBe(use);
  });

  it("near miss: a folder that only looks like a project (no .git of its own) is written from the outer one", async () => {
    server.setScript([{ content: fence(GOOD) }]);
    proj.write("plain/x.mjs", ORIGINAL);
    const spec = join(proj.home, "plain.json");
    writeFileSync(spec, JSON.stringify({ task_id: "plain", description: "Write slugify(input).", output_file: "plain/x.mjs" }));
    const r = await spawnCli(["run", spec], { cwd: proj.root, env: cliEnv(proj.home, { LOCAL_DELEGATE_BASE_URL: server.baseUrl, LOCAL_DELEGATE_CONNECT_TIMEOUT_MS: "2000", LOCAL_DELEGATE_TIMEOUT_MS: "10000" }) }).done;
    expect(r.json, r.stdout).toMatchObject({ status: "success" });
  });
});
