import { afterEach, beforeEach, expect } from "vitest";
import { startFakeOpenAIServer, type FakeOpenAIServer } from "./fake-openai-server.js";
import { runCli, tempProject, type TempProject } from "./project.js";

// A rename through the CLI, as the rename tests of each language run it: the module at `file`
// holds `before`; the scripted model answers `after` (twice, for a retry); importers are the
// test's own files. Set up and torn down around each test of the file that calls it.

export interface RenameCase {
  task_id: string;
  file: string;
  fence: string;
  before: string;
  after: string;
  from: string;
  to: string;
}

export type RenameResult = Awaited<ReturnType<typeof runCli>>;

export function renameHarness(c: RenameCase) {
  let server: FakeOpenAIServer;
  let proj: TempProject;
  beforeEach(async () => {
    server = await startFakeOpenAIServer();
  });
  afterEach(async () => {
    await server.close();
    proj.cleanup();
  });
  const answer = { content: "```" + c.fence + "\n" + c.after + "```" };
  return {
    proj: (): TempProject => proj,
    async rename(files: Record<string, string>, test?: string): Promise<RenameResult> {
      proj = tempProject({ [c.file]: c.before, ...files });
      server.setScript([answer, answer]);
      const spec = proj.spec({ task_id: c.task_id, kind: "refactor", description: `rename ${c.from} to ${c.to}`, output_file: c.file, rename: { from: c.from, to: c.to }, ...(test ? { test_command: test } : {}) });
      return runCli(["run", spec], { cwd: proj.root, home: proj.home, env: { LOCAL_DELEGATE_BASE_URL: server.baseUrl } });
    },
    /** A refusal: named, nothing changed, not a success, and the model never asked (found from the project alone). */
    expectRefused(r: RenameResult, files: Record<string, string>, message: RegExp): void {
      expect(r.json, r.stdout).toMatchObject({ status: "invalid" });
      expect(r.code).toBe(2);
      expect(r.json.error).toMatch(message);
      for (const [rel, content] of Object.entries({ [c.file]: c.before, ...files })) expect(proj.read(rel), rel).toBe(content);
      expect(server.requests.filter((q) => q.path.endsWith("/chat/completions")), "the model was called").toHaveLength(0);
    },
  };
}
