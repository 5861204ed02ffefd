// A context file that is data (a table of hex constants, hashes, base64) takes about twice the
// tokens its characters suggest. Estimated by characters, a prompt holding one was sent to a
// model whose loaded context it overflows: llama-server refuses it, and a server that cuts it
// (Ollama, LM Studio's overflow policy) answers from part of the task.
import { createHash } from "node:crypto";
import { countTokens } from "gpt-tokenizer/encoding/cl100k_base";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { runCli, tempProject } from "../support/project.js";

let server: FakeOpenAIServer;
beforeAll(async () => {
  server = await startFakeOpenAIServer({ flavor: "llamacpp", models: [{ id: "coder.gguf", loadedContextLength: 8192 }] });
});
afterAll(async () => {
  await server.close();
});

const word = (i: number) => createHash("sha256").update(`w${i}`).digest().readUInt32BE(0).toString(16).padStart(8, "0");
/** 1 100 hex constants: about 13 000 characters, over 9 000 tokens. */
const TABLE = `#include <stdint.h>\nconst uint32_t table[] = {\n${Array.from({ length: 275 }, (_, r) => `  ${[0, 1, 2, 3].map((c) => `0x${word(r * 4 + c)}`).join(", ")},`).join("\n")}\n};\n`;
/** Ordinary C of the same length: about 4 000 tokens. */
const CODE = Array.from({ length: 220 }, (_, i) => `static int scale_${i}(int value) {\n  return value * ${i} + offset;\n}\n`).join("").slice(0, TABLE.length);
const ANSWER = "```c\n#include <stdint.h>\nuint32_t lookup(int i) { return (uint32_t)i; }\n```\n";

async function run(context: string) {
  const proj = tempProject();
  proj.write("src/table.c", context);
  server.setScript([{ content: ANSWER }]);
  const before = server.requests.length;
  const spec = proj.spec({ task_id: "lookup", description: "Write lookup() over the table.", output_file: "src/lookup.c", context_files: ["src/table.c"] });
  const r = await runCli(["run", spec], { cwd: proj.root, home: proj.home, env: { LOCAL_DELEGATE_BASE_URL: server.baseUrl, LOCAL_DELEGATE_CONTEXT_BUDGET: "20000" } });
  const sent = server.requests.slice(before).filter((q) => q.path.endsWith("/chat/completions")).length;
  proj.cleanup();
  return { r, sent };
}

describe("a context file of data against the model's loaded context", () => {
  it("a table of hex constants that overflows 8k is refused before it is sent", async () => {
    expect(countTokens(TABLE)).toBeGreaterThan(8192);
    const { r, sent } = await run(TABLE);
    expect(sent).toBe(0);
    expect(r.json).toMatchObject({ status: "failed" });
    expect(r.json.error).toMatch(/do not fit the model's loaded context of 8192 tokens/);
  });

  it("near miss: ordinary code of the same length is sent and written", async () => {
    expect(CODE.length).toBe(TABLE.length);
    const { r, sent } = await run(CODE);
    expect(sent).toBe(1);
    expect(r.json).toMatchObject({ status: "success", attempts: 1 });
  });
});
