// local-delegate's own files in a project (`.claude/local-delegate/specs/<task>.json`, a plan's
// state per task) are files of the project, and git keeps symlinks: a cloned repository may carry
// one named for a likely task id that leads out, to `~/.bashrc`. Written "through the link, so
// the link stays", the spec Claude handed over on stdin used to replace that file outside. Now
// such a file is replaced where it is, never through a link: the file outside keeps its bytes.
import { lstatSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { stateFile, writeStepState } from "../../src/plan/state.js";
import { startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { runCli, tempProject, type TempProject } from "../support/project.js";
import { fence, GOOD, ORIGINAL } from "./support.js";

const BASHRC = "export PS1='$ '\n";

let server: FakeOpenAIServer;
let proj: TempProject;
let outside: string;
beforeEach(async () => {
  proj = tempProject({ "src/slugify.mjs": ORIGINAL });
  outside = join(dirname(proj.root), "outside");
  mkdirSync(outside, { recursive: true });
  writeFileSync(join(outside, "bashrc"), BASHRC);
  server = await startFakeOpenAIServer({ flavor: "lmstudio" });
  server.setScript([{ content: fence(GOOD) }]);
});
afterEach(async () => {
  await server.close();
  proj.cleanup();
});

/** A link the repository carries at `rel` under local-delegate's folder, to the file outside. */
function plant(rel: string): string {
  const at = join(proj.data, rel);
  mkdirSync(dirname(at), { recursive: true });
  symlinkSync(join(outside, "bashrc"), at);
  return at;
}

describe("a link planted among local-delegate's own files", () => {
  it("specs/<task>.json: the spec given on stdin is kept in the project, the file outside untouched", async () => {
    const at = plant("specs/slug.json");
    const spec = JSON.stringify({ task_id: "slug", description: "Write the module.", output_file: "src/slugify.mjs" });
    const r = await runCli(["run", "-"], { cwd: proj.root, home: proj.home, stdin: spec, env: { LOCAL_DELEGATE_BASE_URL: server.baseUrl, LOCAL_DELEGATE_TIMEOUT_MS: "8000" } });
    expect(r.json).toMatchObject({ status: "success", file: "src/slugify.mjs" });
    expect(readFileSync(join(outside, "bashrc"), "utf8")).toBe(BASHRC);
    // The copy is still kept, as a file of its own where the link was.
    expect(lstatSync(at).isFile()).toBe(true);
    expect(JSON.parse(readFileSync(at, "utf8"))).toMatchObject({ task_id: "slug" });
  });

  it("a plan's state for a task: written in the project, not through the link", () => {
    const at = stateFile(proj.data, "theme-utils");
    plant(relative(proj.data, at));
    expect(writeStepState(proj.data, "theme-utils", { inputs: "a", output: "b", at: "now" })).toBe(true);
    expect(readFileSync(join(outside, "bashrc"), "utf8")).toBe(BASHRC);
    expect(lstatSync(at).isFile()).toBe(true);
  });
});
