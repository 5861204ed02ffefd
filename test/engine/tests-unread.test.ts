// A test command that passes without reading the file the model wrote has not checked it. The run
// is still a success (the file's syntax and promises were checked), but the result says
// `tests: "none"` and why, never "passed": for a test file, its tests did not run at all. Not a
// failure: a build or a watcher that read the file before the command (the qualification harness
// builds a test file's JavaScript so) is a way to test it that the probe cannot see. Told by the
// file's access time (src/verify/read-probe.ts); where this file system does not record reads, the
// cases that need it are skipped, and the probe says it cannot tell (null), which changes nothing.
import { closeSync, openSync, readSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { armReadProbe } from "../../src/verify/read-probe.js";
import { startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { runCli, tempProject, type TempProject } from "../support/project.js";

const MODULE = "export function slugify(s) {\n  return s.toLowerCase().trim().replace(/[^a-z0-9]+/g, \"-\");\n}\n";
const OLD_TEST = 'import test from "node:test";\nimport assert from "node:assert";\ntest("old", () => assert.ok(true));\n';
const NEW_TEST = 'import test from "node:test";\nimport assert from "node:assert";\nimport { slugify } from "../src/slugify.mjs";\ntest("slugify", () => assert.equal(slugify("A B"), "a-b"));\n';
const fence = (s: string) => "Here it is:\n\n```js\n" + s + "```\n";

let server: FakeOpenAIServer;
let proj: TempProject;

beforeEach(async () => {
  proj = tempProject({ "test/old.test.mjs": OLD_TEST, "src/slugify.mjs": MODULE, "package.json": '{ "type": "module" }\n' });
  server = await startFakeOpenAIServer({ flavor: "lmstudio" });
});
afterEach(async () => {
  await server.close();
  proj.cleanup();
});

/** Whether reads move a file's access time here (not under `noatime`), tested on a scratch file. */
function readsRecorded(dir: string): boolean {
  const f = join(dir, ".atime-check");
  writeFileSync(f, "x");
  const s = statSync(f, { bigint: true });
  utimesSync(f, Number(s.mtimeNs) / 1e9 - 5, Number(s.mtimeNs) / 1e9);
  const before = statSync(f, { bigint: true }).atimeNs;
  const fd = openSync(f, "r");
  readSync(fd, Buffer.alloc(1), 0, 1, 0);
  closeSync(fd);
  return statSync(f, { bigint: true }).atimeNs !== before;
}
const recorded = readsRecorded(tempProject().root);

async function run(spec: Record<string, unknown>) {
  const path = proj.spec({ task_id: "t", description: "Write it.", ...spec });
  return runCli(["run", path], { cwd: proj.root, home: proj.home, env: { LOCAL_DELEGATE_BASE_URL: server.baseUrl, LOCAL_DELEGATE_TIMEOUT_MS: "20000" } });
}

describe.skipIf(!recorded)("a test command that never read the model's file", () => {
  it("a module: success, but tests `none` with a hint, not `passed`", async () => {
    server.setScript([{ content: fence(MODULE.replace("trim()", "trim().trim()")) }]);
    const r = await run({ output_file: "src/slugify.mjs", test_command: "node --test test/old.test.mjs" });
    expect(r.json).toMatchObject({ status: "success", tests: "none" });
    expect(r.json.hint).toContain("passed without reading src/slugify.mjs");
  });

  it("a module the tests import: tests `passed`, nothing more (near miss)", async () => {
    proj.write("test/new.test.mjs", NEW_TEST);
    server.setScript([{ content: fence(MODULE.replace("trim()", "trim().trim()")) }]);
    const r = await run({ output_file: "src/slugify.mjs", test_command: "node --test test/" });
    expect(r.json).toMatchObject({ status: "success", tests: "passed" });
    expect(r.json).not.toHaveProperty("hint");
  });

  it("a test file the command never ran: tests `none`, its tests did not run", async () => {
    server.setScript([{ content: fence(NEW_TEST) }]);
    const r = await run({ output_file: "test/new.test.mjs", test_command: "node --test test/old.test.mjs" });
    expect(r.json).toMatchObject({ status: "success", tests: "none" });
    expect(r.json.hint).toContain("passed without reading test/new.test.mjs");
  });

  it("with no parser for the file either, says nothing checked it", async () => {
    server.setScript([{ content: "```sql\nCREATE TABLE users (id INTEGER PRIMARY KEY);\n```\n" }]);
    const r = await run({ output_file: "db/schema.sql", test_command: "node --test test/old.test.mjs" });
    expect(r.json).toMatchObject({ status: "success", tests: "none", checked: "none" });
  });

  it("a test file the command runs: success, tests `passed` (near miss)", async () => {
    server.setScript([{ content: fence(NEW_TEST) }]);
    const r = await run({ output_file: "test/new.test.mjs", test_command: "node --test test/" });
    expect(r.json).toMatchObject({ status: "success", tests: "passed" });
  });
});

describe.skipIf(!recorded)("the read probe", () => {
  it("tells a read from no read, and keeps the modification time", () => {
    const f = join(proj.root, "src/slugify.mjs");
    const mtime = statSync(f, { bigint: true }).mtimeNs;
    const unread = armReadProbe(f)!;
    expect(unread.wasRead()).toBe(false);
    const read = armReadProbe(f)!;
    const fd = openSync(f, "r");
    readSync(fd, Buffer.alloc(4), 0, 4, 0);
    closeSync(fd);
    expect(read.wasRead()).toBe(true);
    // utimes takes seconds as a double and libuv sets whole microseconds: a microsecond or two
    // earlier at most, for each of the two probes.
    expect(Number(statSync(f, { bigint: true }).mtimeNs - mtime)).toBeLessThan(1000);
    expect(Number(statSync(f, { bigint: true }).mtimeNs - mtime)).toBeGreaterThan(-5000);
  });

  it("a file rewritten meanwhile counts as read; a missing file cannot be probed", () => {
    const f = join(proj.root, "src/slugify.mjs");
    const p = armReadProbe(f)!;
    writeFileSync(f, `${MODULE}// more\n`);
    expect(p.wasRead()).toBe(true);
    expect(armReadProbe(join(proj.root, "src/none.mjs"))).toBeNull();
  });
});
