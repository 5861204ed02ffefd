// `.claude/local-delegate/ledger.jsonl` is a file in the project, and git keeps symlinks: a cloned
// repository may carry one that leads out, to `~/.bashrc` or (for root) `/etc/profile.d/x.sh`,
// dangling or not. Every run and every judged Write used to append a line through it, creating
// the file when missing; a shell reading that line runs the `$(…)` of a file name in it. The
// ledger is now opened without following a link: the line is not written, the run still ends.
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { appendJsonLine, ledgerPath } from "../../src/ledger/append.js";
import { startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { runCli, tempProject, type TempProject } from "../support/project.js";
import { fence, GOOD, ORIGINAL } from "./support.js";

let server: FakeOpenAIServer;
let proj: TempProject;
let outside: string;
beforeEach(async () => {
  proj = tempProject({ "src/slugify.mjs": ORIGINAL });
  outside = join(dirname(proj.root), "outside");
  mkdirSync(outside, { recursive: true });
  mkdirSync(proj.data, { recursive: true });
  server = await startFakeOpenAIServer({ flavor: "lmstudio" });
  server.setScript([{ content: fence(GOOD) }]);
});
afterEach(async () => {
  await server.close();
  proj.cleanup();
});

async function runTask() {
  const spec = proj.spec({ task_id: "slug", description: "Write the module.", output_file: "src/slugify.mjs" });
  return runCli(["run", spec], { cwd: proj.root, home: proj.home, env: { LOCAL_DELEGATE_BASE_URL: server.baseUrl, LOCAL_DELEGATE_TIMEOUT_MS: "8000" } });
}

describe("a ledger that is a symlink out of the project", () => {
  it("is not appended to: the file outside keeps its bytes, and the run still succeeds", async () => {
    writeFileSync(join(outside, "bashrc"), "export PS1='$ '\n");
    symlinkSync(join(outside, "bashrc"), ledgerPath(proj.data));
    const r = await runTask();
    expect(r.json).toMatchObject({ status: "success", file: "src/slugify.mjs" });
    expect(readFileSync(join(outside, "bashrc"), "utf8")).toBe("export PS1='$ '\n");
  });

  it("does not create the file a dangling one names", async () => {
    symlinkSync(join(outside, "profile.sh"), ledgerPath(proj.data));
    const r = await runTask();
    expect(r.json).toMatchObject({ status: "success" });
    expect(existsSync(join(outside, "profile.sh"))).toBe(false);
  });

  it("is refused by appendJsonLine with a message naming the link (a regular ledger is still appended)", () => {
    const ledger = ledgerPath(proj.data);
    expect(appendJsonLine(ledger, { n: 1 })).toEqual({ ok: true, value: undefined });
    expect(readFileSync(ledger, "utf8")).toBe('{"n":1}\n');
    const linked = join(proj.data, "linked.jsonl");
    symlinkSync(join(outside, "target"), linked);
    const r = appendJsonLine(linked, { n: 2 });
    expect(r).toMatchObject({ ok: false, error: { code: "IO", message: expect.stringContaining("it is a symlink, not followed") } });
    expect(existsSync(join(outside, "target"))).toBe(false);
  });
});
