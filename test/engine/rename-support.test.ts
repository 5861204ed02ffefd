import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { writeManyFiles } from "../support/many-files.js";
import { runCli, tempProject, type TempProject } from "../support/project.js";

// A rename in a language whose importers the engine does not update is refused before the model
// is called when a file of a related language uses the name in its code, and only then.

let server: FakeOpenAIServer;
let proj: TempProject;
beforeEach(async () => {
  server = await startFakeOpenAIServer();
});
afterEach(async () => {
  await server.close();
  proj.cleanup();
});

interface Case {
  file: string;
  before: string;
  after: string;
  fence: string;
  from: string;
  to: string;
}

async function rename(c: Case, others: Record<string, string>, prepare?: (root: string) => void) {
  proj = tempProject({ [c.file]: c.before, ...others });
  prepare?.(proj.root);
  server.setScript([{ content: "```" + c.fence + "\n" + c.after + "```" }]);
  const spec = proj.spec({ task_id: "rename", kind: "refactor", description: `rename ${c.from} to ${c.to}`, output_file: c.file, rename: { from: c.from, to: c.to } });
  return runCli(["run", spec], { cwd: proj.root, home: proj.home, env: { LOCAL_DELEGATE_BASE_URL: server.baseUrl } });
}

const chats = () => server.requests.filter((q) => q.path.endsWith("/chat/completions"));

const CPP: Case = { file: "src/date.cpp", before: '#include "date.h"\n\nint parseDate(const char* s) {\n  return s[0];\n}\n', after: '#include "date.h"\n\nint parseIsoDate(const char* s) {\n  return s[0];\n}\n', fence: "cpp", from: "parseDate", to: "parseIsoDate" };
const JAVA: Case = { file: "src/Dates.java", before: "public class Dates {\n  public static int parseDate(String s) {\n    return 1;\n  }\n}\n", after: "public class Dates {\n  public static int parseIsoDate(String s) {\n    return 1;\n  }\n}\n", fence: "java", from: "parseDate", to: "parseIsoDate" };
const TS: Case = { file: "src/date.ts", before: "export function parseDate(s: string): Date {\n  return new Date(s);\n}\n", after: "export function parseIsoDate(s: string): Date {\n  return new Date(s);\n}\n", fence: "ts", from: "parseDate", to: "parseIsoDate" };
const GO: Case = { file: "clock/date.go", before: "package clock\n\nfunc ParseDate(s string) string {\n\treturn s\n}\n", after: "package clock\n\nfunc ParseIsoDate(s string) string {\n\treturn s\n}\n", fence: "go", from: "ParseDate", to: "ParseIsoDate" };

describe("rename in a language the engine does not update", () => {
  it.each([
    ["a C++ function whose prototype is in a C header", CPP, "src/date.h", "int parseDate(const char* s);\n"],
    ["a Java method a Kotlin file calls", JAVA, "src/Main.kt", 'fun main() {\n  println(Dates.parseDate("x"))\n}\n'],
    ["a TypeScript function a Vue component uses", TS, "src/App.vue", '<script setup lang="ts">\nimport { parseDate } from "./date";\n</script>\n<template>{{ parseDate("2020") }}</template>\n'],
  ])("is refused before the model when %s", async (_what, c, user, content) => {
    const r = await rename(c, { [user]: content });
    expect(r.json, r.stdout).toMatchObject({ status: "invalid" });
    expect(r.json.error).toMatch(new RegExp(`^rename: \`${c.from}\` is also used in ${user.replace(/\./g, "\\.")}; .*half done`));
    expect(chats()).toHaveLength(0);
    expect(proj.read(c.file)).toBe(c.before);
  });

  it("goes ahead when another file names it only in a comment or a string", async () => {
    const r = await rename(GO, { "cmd/main.go": 'package main\n\n// see clock.ParseDate\nfunc main() {\n\tprintln("ParseDate")\n}\n' });
    expect(r.json, r.stdout).toMatchObject({ status: "success" });
    expect(proj.read(GO.file)).toBe(GO.after);
  });

  it("is refused, not checked in part, in a project with more files than it searches", async () => {
    // 5,001 Go files that do not use the name, besides the one renamed.
    const r = await rename(GO, {}, (root) => writeManyFiles(root, 5_001, ".go", "package gen\n"));
    expect(r.json, r.stdout).toMatchObject({ status: "invalid" });
    expect(r.json.error).toMatch(/^rename: the project has 5002 files that could use `ParseDate`, more than the 5000 the engine searches/);
    expect(chats()).toHaveLength(0);
    expect(proj.read(GO.file)).toBe(GO.before);
  });
});
