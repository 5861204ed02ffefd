// A file changed by someone else while a run works on it (Claude, the user, a tool): the run never
// writes over the change, and when it puts its files back it keeps the changed version and says where.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { changedUnder } from "../../src/write/changed.js";
import { sha256, type BackupEntry } from "../../src/write/manifest.js";
import { startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { runCli, tempProject, type TempProject } from "../support/project.js";

const ORIGINAL = "export function slugify(s) {\n  return s;\n}\n";
const USER_EDIT = "export function slugify(s) {\n  return s; // edited while the model answered\n}\nexport const keepMe = 1;\n";
const GOOD = `export function slugify(input) {\n  return input.toLowerCase().trim().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");\n}\n`;
const BUGGY = "export function slugify(input) {\n  return input.toLowerCase();\n}\n";
const USER_FIX = "export function slugify(input) {\n  return input.toLowerCase().trim(); // fixed by hand while the tests ran\n}\n";
const fence = (s: string) => "```js\n" + s + "```\n";
const hash = (s: string) => sha256(Buffer.from(s));

describe("changedUnder", () => {
  const written: BackupEntry = { rel: "a.ts", existed: true, sha256: hash("before"), written_sha256: hash("ours") };
  it("holds a file to what the run last wrote, else to what it read", () => {
    expect(changedUnder(written, hash("ours"))).toBe(false);
    expect(changedUnder(written, hash("before"))).toBe(true);
    expect(changedUnder(written, null)).toBe(true);
    expect(changedUnder(undefined, hash("read"), hash("read"))).toBe(false);
    expect(changedUnder(undefined, hash("edit"), hash("read"))).toBe(true);
    expect(changedUnder(undefined, hash("made meanwhile"), null)).toBe(true);
    expect(changedUnder(undefined, null, null)).toBe(false);
    // Nothing was built on the file's content: nothing to hold it to.
    expect(changedUnder(undefined, hash("anything"), undefined)).toBe(false);
  });
  it("takes a write that failed after the manifest named its content as possibly landed", () => {
    const failed: BackupEntry = { rel: "a.ts", existed: false, writing_sha256: hash("ours") };
    expect(changedUnder(failed, null)).toBe(false);
    expect(changedUnder(failed, hash("ours"))).toBe(false);
    expect(changedUnder(failed, hash("someone's"))).toBe(true);
  });
});

describe("a run whose file changes under it", () => {
  let server: FakeOpenAIServer;
  let proj: TempProject;
  beforeEach(async () => {
    proj = tempProject({ "src/slugify.mjs": ORIGINAL, "fix-then-fail.mjs": `import { writeFileSync } from "node:fs";\nwriteFileSync("src/slugify.mjs", ${JSON.stringify(USER_FIX)});\nprocess.exit(1);\n` });
    server = await startFakeOpenAIServer({ flavor: "lmstudio" });
  });
  afterEach(async () => {
    await server.close();
    proj.cleanup();
  });
  const run = (spec: Record<string, unknown>) =>
    runCli(["run", proj.spec({ task_id: "slugify", kind: "code", description: "Write slugify(input): lower-case, dashes between words.", ...spec })], {
      cwd: proj.root,
      home: proj.home,
      env: { LOCAL_DELEGATE_BASE_URL: server.baseUrl, LOCAL_DELEGATE_RETRIES: "0" },
    });

  it("does not write the model's file over an edit made while the model answered", async () => {
    server.setScript(() => {
      writeFileSync(join(proj.root, "src/slugify.mjs"), USER_EDIT);
      return { content: fence(GOOD) };
    });
    const r = await run({ output_file: "src/slugify.mjs" });
    expect(r.json).toMatchObject({ status: "failed", error: expect.stringContaining("src/slugify.mjs changed while this run was working on it"), hint: expect.stringContaining("run the task again") });
    expect(r.code).toBe(1);
    expect(proj.read("src/slugify.mjs")).toBe(USER_EDIT);
  });

  it("does not write a new file over one made in its place while the model answered", async () => {
    server.setScript(() => {
      writeFileSync(join(proj.root, "src/new.mjs"), USER_EDIT);
      return { content: fence(GOOD) };
    });
    const r = await run({ output_file: "src/new.mjs" });
    expect(r.json).toMatchObject({ status: "failed", error: expect.stringContaining("src/new.mjs changed while this run was working on it") });
    expect(proj.read("src/new.mjs")).toBe(USER_EDIT);
  });

  it("puts the original back over an edit made while its checks ran, and keeps that edit where it says", async () => {
    server.setScript([{ content: fence(BUGGY) }]);
    const r = await run({ output_file: "src/slugify.mjs", test_command: "node fix-then-fail.mjs" });
    expect(r.json.status).toBe("escalated");
    expect(proj.read("src/slugify.mjs")).toBe(ORIGINAL);
    const kept = r.json.kept as string[];
    expect(kept).toHaveLength(1);
    expect(readFileSync(kept[0]!, "utf8")).toBe(USER_FIX);
  });

  it("writes each attempt over its own last one", async () => {
    server.setScript([{ content: fence(BUGGY) }, { content: fence(GOOD) }]);
    const check = `import { slugify } from "./src/slugify.mjs";\nprocess.exit(slugify("  A b ") === "a-b" ? 0 : 1);\n`;
    writeFileSync(join(proj.root, "check.mjs"), check);
    const r = await runCli(["run", proj.spec({ task_id: "slugify", kind: "code", description: "Write slugify(input).", output_file: "src/slugify.mjs", test_command: "node check.mjs" })], {
      cwd: proj.root,
      home: proj.home,
      env: { LOCAL_DELEGATE_BASE_URL: server.baseUrl, LOCAL_DELEGATE_RETRIES: "1" },
    });
    expect(r.json.status).toBe("success");
    expect(proj.read("src/slugify.mjs")).toBe(GOOD);
  });
});
