// A file whose name the filesystem takes (up to 255 bytes) is written and put back like any
// other: the temp file beside it, and its copy in the backups, must not need a longer name.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { runCli, tempProject, type TempProject } from "../support/project.js";
import { fence, GOOD, ORIGINAL } from "./support.js";

// The original uses CRLF, and a run keeps a file's line endings.
const WRITTEN = GOOD.replace(/\n/g, "\r\n");

let server: FakeOpenAIServer;
let proj: TempProject;
beforeEach(async () => {
  server = await startFakeOpenAIServer({ flavor: "lmstudio" });
});
afterEach(async () => {
  await server.close();
  proj.cleanup();
});

/** `bytes` long in all (UTF-8), ending in .mjs. */
const nameOf = (bytes: number, stem = "n") => `${stem.repeat(Math.floor((bytes - 4) / Buffer.byteLength(stem)))}.mjs`;

function run(file: string, test?: string) {
  server.setScript([{ content: fence(GOOD) }, { content: fence(GOOD) }]);
  const spec = proj.spec({ task_id: "long", description: "Write slugify(input).", output_file: `src/${file}`, ...(test ? { test_command: test } : {}) });
  return runCli(["run", spec], { cwd: proj.root, home: proj.home, env: { LOCAL_DELEGATE_BASE_URL: server.baseUrl, LOCAL_DELEGATE_CONNECT_TIMEOUT_MS: "2000", LOCAL_DELEGATE_TIMEOUT_MS: "8000", LOCAL_DELEGATE_RETRIES: "0" } });
}

describe("a file name near the filesystem's 255-byte limit", () => {
  for (const [what, file] of [
    ["250 ASCII bytes", nameOf(250)],
    ["252 bytes of accented letters", nameOf(252, "é")],
  ] as const) {
    it(`${what}: an existing file is rewritten, and a failed run puts it back, no temp file left`, async () => {
      expect(Buffer.byteLength(file)).toBeLessThanOrEqual(255);
      proj = tempProject({ [`src/${file}`]: ORIGINAL });
      const ok = await run(file);
      expect(ok.json, ok.stdout).toMatchObject({ status: "success" });
      expect(proj.read(`src/${file}`)).toBe(WRITTEN);
      const failed = await run(file, "node -e 'process.exit(1)'");
      expect(failed.json, failed.stdout).toMatchObject({ status: "escalated" });
      expect(proj.read(`src/${file}`)).toBe(WRITTEN);
      expect(readdirSync(join(proj.root, "src"))).toEqual([file]);
    });
  }

  it("a new file of that name is created, then removed again by a failed run", async () => {
    proj = tempProject({ "src/keep.mjs": ORIGINAL });
    const file = nameOf(250);
    const r = await run(file, "node -e 'process.exit(1)'");
    expect(r.json, r.stdout).toMatchObject({ status: "escalated" });
    expect(readdirSync(join(proj.root, "src"))).toEqual(["keep.mjs"]);
  });

  it("near miss: a short name is written as before", async () => {
    proj = tempProject({ "src/slugify.mjs": ORIGINAL });
    const r = await run("slugify.mjs");
    expect(r.json, r.stdout).toMatchObject({ status: "success" });
  });
});
