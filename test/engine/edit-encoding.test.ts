// A file may say which encoding its tools read it in: a Python or Ruby coding comment, an XML
// declaration. A task writes UTF-8, so in a file declared Latin-1 each non-ASCII character it adds
// reads as others ("café" as "cafÃ©"): the file compiles, and is wrong. Such an answer is fed back
// like a failing check, never written; ASCII, or a file declared UTF-8, is written as it is.
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { cliEnv, killChildren, spawnCli } from "../faults/support.js";
import { startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { tempProject, type TempProject } from "../support/project.js";

let server: FakeOpenAIServer;
let proj: TempProject;
beforeAll(async () => {
  server = await startFakeOpenAIServer({ flavor: "lmstudio" });
});
afterAll(async () => {
  await server.close();
});
afterEach(() => {
  killChildren();
  proj?.cleanup();
});

const py = (s: string) => "```python\n" + s + "```\n";
const COOKIE = "# -*- coding: latin-1 -*-\n";
const ORIGINAL = `${COOKIE}def name():\n    return "cafe"\n`;
const ACCENTED = `${COOKIE}def name():\n    return "caf\u00e9"\n`;
const ESCAPED = `${COOKIE}def name():\n    return "caf\\xe9"\n`;
const SPEC = { task_id: "cafe", description: "Make name() return the French spelling, with the accent.", output_file: "app/names.py" };
const hasPython = spawnSync("python3", ["--version"]).status === 0;

async function run(spec: Record<string, unknown>, answers: string[], files: Record<string, string>) {
  proj = tempProject(files);
  server.setScript(answers.map((content) => ({ content })));
  const before = server.requests.length;
  const r = await spawnCli(["run", proj.spec(spec)], { cwd: proj.root, env: cliEnv(proj.home, { LOCAL_DELEGATE_BASE_URL: server.baseUrl }) }).done;
  const chats = server.requests.slice(before).filter((q) => q.path.endsWith("/chat/completions"));
  return { r, retry: chats[1]?.body.messages.at(-1).content as string | undefined };
}

/** What python3 makes of the file's name(): its characters' code points. */
const pyName = (file: string) => execFileSync("python3", ["-c", "import runpy,sys; print([ord(c) for c in runpy.run_path(sys.argv[1])['name']()])", file], { encoding: "utf8" }).trim();

describe("a file that declares an encoding other than UTF-8", () => {
  it.runIf(hasPython)("the fixture: written as UTF-8 under a Latin-1 coding comment, python3 reads another string", () => {
    proj = tempProject({ "app/utf8.py": ACCENTED, "app/escaped.py": ESCAPED });
    expect(pyName(join(proj.root, "app/utf8.py"))).toBe("[99, 97, 102, 195, 169]");
    expect(pyName(join(proj.root, "app/escaped.py"))).toBe("[99, 97, 102, 233]");
  });

  it("an answer with non-ASCII text is not written; the retry that escapes it is", async () => {
    const { r, retry } = await run(SPEC, [py(ACCENTED), py(ESCAPED)], { "app/names.py": ORIGINAL });
    expect(retry).toContain("the file declares its encoding as latin-1");
    expect(r.json).toMatchObject({ status: "success", attempts: 2 });
    expect(proj.read("app/names.py")).toBe(ESCAPED);
  });

  it("twice: escalated, the file byte for byte as it was", async () => {
    const { r } = await run(SPEC, [py(ACCENTED), py(ACCENTED)], { "app/names.py": ORIGINAL });
    expect(r.json).toMatchObject({ status: "escalated", attempts: 2 });
    expect(r.json.error).toMatch(/declares its encoding as latin-1/);
    expect(readFileSync(join(proj.root, "app/names.py"))).toEqual(Buffer.from(ORIGINAL));
  });

  it("an XML declaration counts the same", async () => {
    const xml = (s: string) => "```xml\n" + s + "```\n";
    const before = '<?xml version="1.0" encoding="ISO-8859-1"?>\n<menu>\n  <item>cafe</item>\n</menu>\n';
    const spec = { task_id: "menu", description: "Add an item creme brulee, spelt the French way.", output_file: "menu.xml" };
    const accented = before.replace("</menu>", "  <item>cr\u00e8me br\u00fbl\u00e9e</item>\n</menu>");
    const { r } = await run(spec, [xml(accented), xml(accented)], { "menu.xml": before });
    expect(r.json).toMatchObject({ status: "escalated" });
    expect(r.json.error).toMatch(/declares its encoding as ISO-8859-1/);
  });

  it("near miss: declared UTF-8, or no declaration, non-ASCII text is written", async () => {
    const utf8 = ACCENTED.replace("latin-1", "utf-8");
    const a = await run(SPEC, [py(utf8)], { "app/names.py": ORIGINAL.replace("latin-1", "utf-8") });
    expect(a.r.json).toMatchObject({ status: "success", attempts: 1 });
    expect(proj.read("app/names.py")).toBe(utf8);
    proj.cleanup();
    const plain = ACCENTED.replace(COOKIE, "");
    const b = await run(SPEC, [py(plain)], { "app/names.py": ORIGINAL.replace(COOKIE, "") });
    expect(b.r.json).toMatchObject({ status: "success", attempts: 1 });
  });
});
