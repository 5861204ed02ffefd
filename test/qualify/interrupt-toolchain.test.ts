// Ctrl-C while qualify asks a toolchain whether it works (`python3 --version`, `go version`, a
// rustc build): a shim that hangs (a pyenv or asdf shim waiting on the network, a rustup proxy
// installing a toolchain) must not keep the user waiting, and must not be left running.
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cliEnv, killChildren, spawnCli } from "../faults/support.js";
import { startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { identify, isSame, useProcessTag } from "../support/processes.js";
import { tempProject, type TempProject } from "../support/project.js";
import { waitFor } from "../support/wait.js";

useProcessTag();

let server: FakeOpenAIServer;
let proj: TempProject;
beforeEach(async () => {
  proj = tempProject();
  server = await startFakeOpenAIServer({ flavor: "lmstudio" });
});
afterEach(async () => {
  killChildren();
  await server.close();
  proj.cleanup();
});

/** A folder with `tool`s that say they started (their pid in `<tool>.pid`) and then never end. */
function hangingTools(tools: string[]): string {
  const bin = join(proj.home, "bin");
  mkdirSync(bin, { recursive: true });
  for (const t of tools) {
    writeFileSync(join(bin, t), `#!/bin/sh\necho $$ > "${join(bin, `${t}.pid`)}"\nexec sleep 600\n`);
    chmodSync(join(bin, t), 0o755);
  }
  return bin;
}

describe("Ctrl-C while qualify checks the toolchains", () => {
  it("ends at once, cancelled, with the hanging check ended too", async () => {
    const bin = hangingTools(["python3", "go", "rustc"]);
    const env = cliEnv(proj.home, { LOCAL_DELEGATE_BASE_URL: server.baseUrl, PATH: `${bin}:${process.env.PATH}` });
    const { child, done } = spawnCli(["qualify", "--kinds", "code", "--json"], { cwd: proj.root, env });
    const pidFile = await waitFor("a toolchain check to start", () => ["python3", "go", "rustc"].map((t) => join(bin, `${t}.pid`)).find((f) => { try { return readFileSync(f, "utf8").trim() !== ""; } catch { return false; } }), 20_000);
    const pid = Number(readFileSync(pidFile, "utf8"));
    const who = identify(pid);
    const sent = Date.now();
    child.kill("SIGINT");
    const r = await done;
    expect(Date.now() - sent).toBeLessThan(10_000);
    expect(r.code).toBe(130);
    // As qualify stopped by Ctrl-C mid-suite says it: stopped, exit 130.
    expect(r.json).toMatchObject({ status: "stopped", error: "cancelled" });
    // Not "does not run": the user's toolchain was not judged.
    for (const s of r.json.skipped) expect(s.reason).toMatch(/not checked \(cancelled\)$/);
    await waitFor("the hanging check to be gone", () => !isSame(pid, who), 5_000);
    // Not one chat request: the suite never started.
    expect(server.requests.filter((q) => q.path.endsWith("/chat/completions"))).toEqual([]);
  }, 150_000);
});
