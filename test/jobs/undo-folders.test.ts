// Undoing a job whose parallel tasks wrote new files into one new folder: each run records only
// the folders it created, and the run that created the folder may be undone while another run's
// file is still in it. Once all are undone, no empty folder of theirs may be left behind.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { jobRuns, undoJobRuns } from "../../src/jobs/undo.js";
import { resolveInProject } from "../../src/project/safe-path.js";
import { Transaction } from "../../src/write/transaction.js";
import { gate, startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { useProcessTag } from "../support/processes.js";
import { tempProject, type TempProject } from "../support/project.js";
import { cli, fence, HANG, killJobs, useBuiltCli, waitFor } from "./helpers.js";

useBuiltCli();
useProcessTag();

let proj: TempProject;
beforeEach(() => (proj = tempProject({ "hang.mjs": HANG, "src/slugify.mjs": "// original\n" })));
afterEach(() => {
  killJobs(proj);
  proj.cleanup();
});

function open(task: string): Transaction {
  const t = Transaction.open(proj.root, proj.data, task);
  if (!t.ok) throw new Error(t.error.message);
  return t.value;
}
function write(t: Transaction, rel: string, content: string): void {
  const p = resolveInProject(proj.root, rel, "file");
  if (!p.ok) throw new Error(p.error.message);
  const w = t.write(p.value, content);
  if (!w.ok) throw new Error(w.error.message);
}

/** Two runs, the older writing into the folders the newer one created: what two parallel tasks leave. */
async function twoRunsIntoOneNewFolder(folder: string): Promise<string> {
  const since = new Date(Date.now() - 1_000).toISOString();
  const older = open("a");
  // The runs are undone newest first, ordered by their creation time (in ms).
  const created = Date.now();
  await waitFor("the clock to move on", () => Date.now() > created, 5_000, 1);
  const newer = open("b");
  write(newer, `${folder}/b.js`, "export const B = 2;\n");
  write(older, `${folder}/a.js`, "export const A = 1;\n");
  older.commit();
  newer.commit();
  return since;
}

describe("undo of a job's runs", () => {
  it("removes a new folder the newer run created once the older run's file in it is gone too", async () => {
    const since = await twoRunsIntoOneNewFolder("src/new/deep");
    const report = await undoJobRuns(proj.root, proj.data, jobRuns(proj.data, process.pid, since, null), { committed: true });
    expect([...report.restored].sort()).toEqual(["src/new/deep/a.js", "src/new/deep/b.js"]);
    expect(readdirSync(join(proj.root, "src"))).toEqual(["slugify.mjs"]);
  });

  it("keeps a folder that holds someone else's file, and the folders above it", async () => {
    const since = await twoRunsIntoOneNewFolder("src/new/deep");
    proj.write("src/new/deep/notes.txt", "mine\n");
    await undoJobRuns(proj.root, proj.data, jobRuns(proj.data, process.pid, since, null), { committed: true });
    expect(readdirSync(join(proj.root, "src/new/deep"))).toEqual(["notes.txt"]);
  });

  it("keeps a folder that was there before the job", async () => {
    proj.write("src/old/keep.txt", "x");
    const since = await twoRunsIntoOneNewFolder("src/old");
    await undoJobRuns(proj.root, proj.data, jobRuns(proj.data, process.pid, since, null), { committed: true });
    expect(readdirSync(join(proj.root, "src/old"))).toEqual(["keep.txt"]);
  });
});

describe("cancel of a plan whose parallel tasks write new files into one new folder", () => {
  let server: FakeOpenAIServer;
  beforeEach(async () => (server = await startFakeOpenAIServer({ flavor: "lmstudio" })));
  afterEach(() => server.close());

  it("leaves no empty folder behind", async () => {
    proj.write("par.yaml", `request: two new files in a new folder, then a third
tasks:
  - {task_id: a, owner: local, description: constants a, output_file: src/new/a.js}
  - {task_id: b, owner: local, description: constants b, output_file: src/new/b.js}
  - {task_id: c, owner: local, description: constants c, output_file: src/c.js, depends_on: [a, b], test_command: node hang.mjs}
`);
    // The first task to ask (its run opened first) is answered only after the other has written:
    // the newer run creates src/new/, the older one writes into it.
    const first = gate();
    let n = 0;
    server.setScript(() => {
      n++;
      if (n === 1) return { content: fence("export const A = 1;\n"), hold: first.promise };
      return { content: fence(`export const X${n} = ${n};\n`) };
    });
    const env = { LOCAL_DELEGATE_BASE_URL: server.baseUrl, LOCAL_DELEGATE_TIMEOUT_MS: "20000", LOCAL_DELEGATE_TEST_TIMEOUT_MS: "60000", LOCAL_DELEGATE_RETRIES: "0", LOCAL_DELEGATE_MAX_PARALLEL: "2" };
    const started = await cli(["plan", "run", "par.yaml", "--background"], proj, env);
    expect(started.json?.job).toBeTruthy();
    await waitFor("the second task's file", () => proj.exists("src/new/a.js") || proj.exists("src/new/b.js"));
    first.open();
    await waitFor("c's test command", () => proj.exists("hang.pid"), 20_000);
    const r = await cli(["cancel", started.json.job], proj, env);
    expect([...r.json.restored].sort()).toEqual(["src/c.js", "src/new/a.js", "src/new/b.js"]);
    expect(readdirSync(join(proj.root, "src"))).toEqual(["slugify.mjs"]); // src/new was not there before
  }, 60_000);
});
