// After `success`, the file on disk is the file that was checked, and everything else about an
// existing file (mode, links, final newline) is as the user left it: a rewrite changes only the
// lines the model changed.
import { chmodSync, linkSync, lstatSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { runCli, tempProject, type TempProject } from "../support/project.js";
import { fence, GOOD } from "../faults/support.js";

let server: FakeOpenAIServer;
let proj: TempProject;

beforeEach(async () => {
  proj = tempProject({ ".gitignore": "node_modules/\n" });
  server = await startFakeOpenAIServer({ flavor: "lmstudio", models: [{ id: "coder", state: "loaded", maxContextLength: 32768, loadedContextLength: 32768 }] });
});
afterEach(async () => {
  await server.close();
  proj.cleanup();
});

async function run(output = "src/slugify.mjs") {
  const path = join(proj.home, "spec.json");
  writeFileSync(path, JSON.stringify({ task_id: "after", description: "Write slugify(input).", output_file: output }));
  return runCli(["run", path], { cwd: proj.root, home: proj.home, env: { LOCAL_DELEGATE_BASE_URL: server.baseUrl, LOCAL_DELEGATE_CONNECT_TIMEOUT_MS: "2000", LOCAL_DELEGATE_TIMEOUT_MS: "8000" } });
}
const bytes = (rel: string) => readFileSync(join(proj.root, rel));

describe("the file after a success", () => {
  it("keeps an executable script executable, and a private file private", async () => {
    chmodSync(proj.write("src/slugify.mjs", "export const slugify = (s) => s;\n"), 0o755);
    server.setScript([{ content: fence(GOOD) }]);
    expect((await run()).json.status).toBe("success");
    expect(statSync(join(proj.root, "src/slugify.mjs")).mode & 0o7777).toBe(0o755);
    chmodSync(join(proj.root, "src/slugify.mjs"), 0o600);
    server.setScript([{ content: fence(GOOD.replace("input", "text")) }]);
    expect((await run()).json.status).toBe("success");
    expect(statSync(join(proj.root, "src/slugify.mjs")).mode & 0o7777).toBe(0o600);
  });

  it("keeps a file without a final newline without one", async () => {
    proj.write("src/slugify.mjs", "export const slugify = (s) => s;");
    server.setScript([{ content: fence(GOOD) }]);
    expect((await run()).json.status).toBe("success");
    expect(bytes("src/slugify.mjs").toString("utf8")).toBe(GOOD.replace(/\n$/, ""));
    // A CRLF file without one: the same, its line endings kept too.
    proj.write("src/slugify.mjs", "export const slugify = (s) => s;\r\n// old");
    server.setScript([{ content: fence(GOOD) }]);
    expect((await run()).json.status).toBe("success");
    expect(bytes("src/slugify.mjs").toString("utf8")).toBe(GOOD.replace(/\n$/, "").replace(/\n/g, "\r\n"));
  });

  it("keeps a file that ends with a newline ending with one", async () => {
    proj.write("src/slugify.mjs", "export const slugify = (s) => s;\n");
    server.setScript([{ content: fence(GOOD) }]);
    expect((await run()).json.status).toBe("success");
    expect(bytes("src/slugify.mjs").toString("utf8")).toBe(GOOD);
  });

  it("writes through a symlink to its target, the link kept", async () => {
    proj.write("src/real.mjs", "export const slugify = (s) => s;\n");
    symlinkSync("real.mjs", join(proj.root, "src/slugify.mjs"));
    server.setScript([{ content: fence(GOOD) }]);
    expect((await run()).json.status).toBe("success");
    expect(lstatSync(join(proj.root, "src/slugify.mjs")).isSymbolicLink()).toBe(true);
    expect(bytes("src/real.mjs").toString("utf8")).toBe(GOOD);
  });
});

describe("a file with another hard link", () => {
  it("is refused before the model is asked: its other name would keep the old content", async () => {
    const original = "export const slugify = (s) => s;\n";
    proj.write("src/slugify.mjs", original);
    linkSync(join(proj.root, "src/slugify.mjs"), join(proj.root, "other.mjs"));
    server.setScript([{ content: fence(GOOD) }]);
    const r = await run();
    expect(r.json.status).toBe("invalid");
    expect(r.json.error).toBe("output_file: has 1 other hard link: a rewrite replaces the file, and it would keep the old content");
    expect(server.requests.filter((q) => q.path.endsWith("/chat/completions"))).toHaveLength(0);
    expect(bytes("src/slugify.mjs").toString("utf8")).toBe(original);
    expect(statSync(join(proj.root, "other.mjs")).ino).toBe(statSync(join(proj.root, "src/slugify.mjs")).ino);
  });

  it("linked while the model answers: the write refuses it, and both names keep the old content", async () => {
    const original = "export const slugify = (s) => s;\n";
    proj.write("src/slugify.mjs", original);
    server.setScript([{ content: fence(GOOD), onChunk: (n) => void (n === 1 && linkSync(join(proj.root, "src/slugify.mjs"), join(proj.root, "other.mjs"))) }]);
    const r = await run();
    expect(r.json.status).toBe("failed");
    expect(r.json.error).toMatch(/^cannot write .*slugify\.mjs: it has 1 other hard link: a rewrite replaces the file, and it would keep the old content; nothing was written/);
    expect(bytes("src/slugify.mjs").toString("utf8")).toBe(original);
    expect(bytes("other.mjs").toString("utf8")).toBe(original);
  });
});
