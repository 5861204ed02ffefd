// Inputs a run must not choke on: huge context files (one over the limit, and the most the spec
// allows), binary files, non-UTF-8 text, a FIFO. Each is refused by name before the model is
// asked, or sent cut to fit; the output file is never rewritten from text the engine could not
// read faithfully (a Latin-1 file rewritten as UTF-8 would change every accented byte).
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { runCli, tempProject, type TempProject } from "../support/project.js";
import { cliEnv, fence, GOOD, killChildren, snapshot, spawnCli } from "./support.js";

let server: FakeOpenAIServer;
let proj: TempProject;

beforeEach(async () => {
  proj = tempProject({ ".gitignore": "node_modules/\n" });
  // A model with a big context, so that only the engine's own limits are tested.
  server = await startFakeOpenAIServer({ flavor: "lmstudio", models: [{ id: "big-coder", state: "loaded", maxContextLength: 131072, loadedContextLength: 131072 }] });
});
afterEach(async () => {
  killChildren();
  await server.close();
  proj.cleanup();
});

async function run(spec: Record<string, unknown>, extra: Record<string, string> = {}) {
  const path = join(proj.home, "spec.json");
  writeFileSync(path, JSON.stringify({ task_id: "inputs", description: "Write slugify(input).", output_file: "src/slugify.mjs", ...spec }));
  return runCli(["run", path], { cwd: proj.root, home: proj.home, env: { LOCAL_DELEGATE_BASE_URL: server.baseUrl, LOCAL_DELEGATE_CONNECT_TIMEOUT_MS: "2000", LOCAL_DELEGATE_TIMEOUT_MS: "8000", ...extra } });
}

const chats = () => server.requests.filter((q) => q.path.endsWith("/chat/completions"));
const bytes = (rel: string) => readFileSync(join(proj.root, rel));

/** A source file of about `size` bytes, valid UTF-8 with some multibyte text. */
function source(size: number, seed = 0): string {
  const unit = `/** Renvoie la valeur n° ${seed} — déjà calculée. */\nexport function f${seed}_IDX(a: number): number {\n  return a * ${seed} + IDX;\n}\n`;
  let out = "";
  for (let i = 0; out.length < size; i++) out += unit.replaceAll("IDX", String(i));
  return out;
}

/** Latin-1 bytes: valid text in that encoding, invalid UTF-8. */
const latin1 = (s: string) => Buffer.from(s, "latin1");

describe("huge context", () => {
  it("a context file over 1 MB is refused by name, with what to do", async () => {
    proj.write("data/big.ts", source(1_100_000));
    const before = snapshot(proj.root);
    const r = await run({ context_files: ["data/big.ts"] });
    expect(r.code).toBe(2);
    expect(r.json.error).toMatch(/^context_files\[0\]: is 1\.\d MB; a file over 1 MB cannot be sent to a local model/);
    expect(r.json.hint).toMatch(/smaller file/);
    expect(chats()).toHaveLength(0);
    expect(snapshot(proj.root)).toEqual(before);
  });

  it("an output file over 1 MB is refused, and left as it is", async () => {
    proj.write("src/slugify.mjs", source(1_100_000));
    const before = snapshot(proj.root);
    const r = await run({});
    expect(r.code).toBe(2);
    expect(r.json.error).toMatch(/^output_file: is 1\.\d MB/);
    expect(chats()).toHaveLength(0);
    expect(snapshot(proj.root)).toEqual(before);
  });

  it("the most context a spec may name (20 files of almost 1 MB): cut to fit the budget, the run succeeds", async () => {
    // Data-like modules (long constants) rather than thousands of functions: cutting 20 MB of
    // functions to signatures parses every file and takes 8-12 s here, and past 10 s the model
    // pool re-asks the server over a keep-alive socket the server has closed meanwhile, which
    // fails the run as "unavailable" (src/model; see the report of issue 6). This test is about
    // the inputs, not that.
    const line = (f: number, i: number) => `export const row_${f}_${i} = "${"Crème brûlée, déjà vu — ".repeat(40)}";\n`;
    const files = Array.from({ length: 20 }, (_, f) => {
      let text = "";
      for (let i = 0, size = 0; size < 1_000_000; i++) {
        const l = line(f, i);
        text += l;
        size += Buffer.byteLength(l);
      }
      return proj.write(`lib/part${f}.ts`, text).slice(proj.root.length + 1);
    });
    server.setScript([{ content: fence(GOOD) }]);
    const spec = join(proj.home, "spec.json");
    writeFileSync(spec, JSON.stringify({ task_id: "inputs", description: "Write slugify(input).", output_file: "src/slugify.mjs", context_files: files }));
    // As a child process, so the fake server is never stuck behind the engine's work on one event loop.
    const started = Date.now();
    const r = await spawnCli(["run", spec], { cwd: proj.root, env: cliEnv(proj.home, { LOCAL_DELEGATE_BASE_URL: server.baseUrl, LOCAL_DELEGATE_TIMEOUT_MS: "20000" }) }).done;
    expect(r.json, r.stdout).toMatchObject({ status: "success" });
    // Against reading 20 MB whole or for ever, not a speed goal: generous, for a loaded machine.
    expect(Date.now() - started).toBeLessThan(45_000);
    // 20 MB named, a prompt that fits a local model sent: the default budget is 6000 tokens.
    const body = chats()[0]!.rawBody;
    expect(Buffer.byteLength(body)).toBeLessThan(200_000);
    expect(body).toContain("lib/part0.ts");
    expect(body).toContain("Crème brûlée");
  }, 60_000);
});

describe("binary and non-UTF-8 files", () => {
  it("a binary context file whose first bytes look like text (a NUL inside the first 8 KB)", async () => {
    proj.write("assets/blob.bin", "");
    writeFileSync(join(proj.root, "assets/blob.bin"), Buffer.concat([Buffer.from("PK".padEnd(4000, "x")), Buffer.from([0, 1, 2, 255, 254]), Buffer.alloc(50_000, 7)]));
    const r = await run({ context_files: ["assets/blob.bin"] });
    expect(r.code).toBe(2);
    expect(r.json.error).toBe("context_files[0]: is a binary file, not text");
    expect(chats()).toHaveLength(0);
  });

  it("a binary output file is never overwritten", async () => {
    writeFileSync(join(proj.root, "logo.png"), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]));
    const before = snapshot(proj.root);
    const r = await run({ output_file: "logo.png", language: "text" });
    expect(r.code).toBe(2);
    expect(r.json.error).toBe("output_file: is a binary file, not text");
    expect(snapshot(proj.root)).toEqual(before);
  });

  it("a Latin-1 context file: refused as not UTF-8, with a hint", async () => {
    writeFileSync(join(proj.root, "legacy.js"), latin1("// Réglages: déjà vu, 20 °C\nexport const x = 'é';\n"));
    const r = await run({ context_files: ["legacy.js"] });
    expect(r.code).toBe(2);
    expect(r.json.error).toBe("context_files[0]: is not UTF-8 text");
    expect(r.json.hint).toMatch(/convert it to UTF-8/);
    expect(chats()).toHaveLength(0);
  });

  it("a Latin-1 output file is left byte for byte as it is", async () => {
    const original = latin1("// Créé par l'équipe\nexport const slugify = (s) => s; // « à faire »\n");
    proj.write("src/slugify.mjs", "");
    writeFileSync(join(proj.root, "src/slugify.mjs"), original);
    const before = snapshot(proj.root);
    server.setScript([{ content: fence(GOOD) }]);
    const r = await run({});
    expect(r.code).toBe(2);
    expect(r.json.error).toBe("output_file: is not UTF-8 text");
    expect(bytes("src/slugify.mjs")).toEqual(original);
    expect(snapshot(proj.root)).toEqual(before);
  });

  // Windows tools (PowerShell's `>`, some editors) write UTF-16: that is text, and "binary" would
  // send the user looking for the wrong problem.
  it("a UTF-16 context file (with its BOM) is refused as UTF-16 text, with what to do", async () => {
    writeFileSync(join(proj.root, "notes.txt"), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("export const x = 1;\n", "utf16le")]));
    const r = await run({ context_files: ["notes.txt"] });
    expect(r.code).toBe(2);
    expect(r.json.error).toBe("context_files[0]: is UTF-16 text, not UTF-8");
    expect(r.json.hint).toMatch(/convert it to UTF-8/);
    expect(chats()).toHaveLength(0);
  });

  it("a UTF-16 big-endian output file is refused as UTF-16 text, and left as it is", async () => {
    const be = Buffer.from("export const x = 1;\n", "utf16le").swap16();
    proj.write("src/slugify.mjs", "");
    writeFileSync(join(proj.root, "src/slugify.mjs"), Buffer.concat([Buffer.from([0xfe, 0xff]), be]));
    const before = snapshot(proj.root);
    const r = await run({});
    expect(r.code).toBe(2);
    expect(r.json.error).toBe("output_file: is UTF-16 text, not UTF-8");
    expect(chats()).toHaveLength(0);
    expect(snapshot(proj.root)).toEqual(before);
  });

  it("a UTF-8 file with a BOM keeps its BOM (and its line endings) when rewritten", async () => {
    proj.write("src/slugify.mjs", "\uFEFFexport const slugify = (s) => s;\r\n// old\r\n");
    server.setScript([{ content: fence(GOOD) }]);
    const r = await run({});
    expect(r.json.status).toBe("success");
    expect(bytes("src/slugify.mjs")).toEqual(Buffer.from(`\uFEFF${GOOD.replace(/\n/g, "\r\n")}`, "utf8"));
    // The model never saw the BOM.
    expect(chats()[0]!.rawBody).not.toContain("\\ufeff");
    expect(chats()[0]!.rawBody).not.toContain("\uFEFF");
  });

  it("a context file that is a FIFO is refused at once, not read forever", async (ctx) => {
    const fifo = join(proj.root, "pipe.ts");
    const made = spawnSync("mkfifo", [fifo]);
    if (made.error || made.status !== 0) return ctx.skip("mkfifo is not available here");
    const started = Date.now();
    const r = await run({ context_files: ["pipe.ts"] });
    expect(r.code).toBe(2);
    expect(r.json.error).toBe("context_files[0]: is a FIFO (named pipe), not a regular file; only regular files are read");
    // A FIFO read would block for ever (nothing ever writes it): any end at all shows it was not read.
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});
