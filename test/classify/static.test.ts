import { describe, expect, it } from "vitest";
import { classifyContent, categoryOf } from "../../src/classify/content.js";
import { classifyDescription } from "../../src/classify/description.js";
import { DELEGABLE_UTIL } from "../support/delegable.js";

const lines = (n: number, line = "  x++;") => Array.from({ length: n }, () => line).join("\n");
// Files a local model is worth asking for are at least 10 lines (see ATOMIC.minLines): this one is 10.
const CLAMP = DELEGABLE_UTIL;
const THEME = Array.from({ length: 10 }, (_, i) => `export const C${i} = "#${String(i).repeat(6)}";`).join("\n") + "\n";
const TYPES = "export interface User {\n  id: string;\n  name: string;\n  email: string;\n  role: Role;\n  createdAt: Date;\n  tags: string[];\n}\n\nexport type Role = \"admin\" | \"user\";\n";
const TEST = 'import { it, expect } from "vitest";\nimport { clamp } from "./clamp";\n' + Array.from({ length: 8 }, (_, i) => `it("case ${i}", () => expect(clamp(${i}, 0, 3)).toBe(${Math.min(i, 3)}));`).join("\n") + "\n";
const DOC = "# Usage\n\nRun it:\n\n```\nnpx thing\n```\n\nOptions:\n\n- `--fast`: skip checks\n- `--json`: one line\n";
const JSON_CFG = '{\n  "port": 8080,\n  "host": "0.0.0.0",\n  "log": {\n    "level": "info",\n    "pretty": false\n  },\n  "cors": true,\n  "timeoutMs": 5000\n}\n';
const BADGE = "type Props = { text: string; tone?: \"info\" | \"warn\" };\n\nexport function Badge({ text, tone = \"info\" }: Props) {\n  return (\n    <span className={`badge badge-${tone}`}>\n      {text}\n    </span>\n  );\n}\n\nexport default Badge;\n";

describe("classifyContent: the design's categories", () => {
  const cases: Array<[string, string, string, "local" | "claude"]> = [
    ["src/utils/clamp.ts", CLAMP, "utility", "local"],
    ["src/theme/constants.ts", THEME, "constants", "local"],
    ["src/types.ts", TYPES, "types", "local"],
    ["src/utils/clamp.test.ts", TEST, "test", "local"],
    ["docs/usage.md", DOC, "doc", "local"],
    ["config/app.json", JSON_CFG, "constants", "local"],
    ["src/hooks/useTheme.ts", 'import { useState } from "react";\nexport function useTheme() {\n  const [t, setT] = useState("light");\n  return [t, setT];\n}\n', "react-hook", "claude"],
    ["src/state/todos.ts", "export function todosReducer(state, action) {\n  switch (action.type) {\n    default: return state;\n  }\n}\n", "reducer", "claude"],
    ["src/store.ts", 'import { configureStore } from "@reduxjs/toolkit";\nexport const store = configureStore({ reducer: {} });\n', "state", "claude"],
    ["src/App.tsx", 'import { ThemeProvider } from "./theme";\nexport function App() {\n  return (<ThemeProvider value="dark"><Main /></ThemeProvider>);\n}\n', "integration", "claude"],
    ["src/Badge.tsx", BADGE, "component", "local"],
  ];
  for (const [file, content, category, verdict] of cases) {
    it(`${file}: ${category} → ${verdict}`, () => {
      const v = classifyContent({ file, content });
      expect(v.category).toBe(category);
      expect(v.verdict).toBe(verdict);
      expect(v.reasons.find((r) => r.criterion === "category")?.ok).toBe(verdict === "local");
    });
  }
});

describe("classifyContent: the atomic limits, with reasons", () => {
  it("a 51-line utility is too long", () => {
    const v = classifyContent({ file: "src/a.ts", content: `export function f(x: number) {\n${lines(49)}\n}\n` });
    expect(v.verdict).toBe("claude");
    expect(v.reasons).toContainEqual({ criterion: "lines", ok: false, detail: "51 lines (limit 50)" });
  });
  it("a 50-line utility is within the limit", () => {
    const v = classifyContent({ file: "src/a.ts", content: `export function f(x: number) {\n${lines(48)}\n}\n` });
    expect(v.reasons).toContainEqual({ criterion: "lines", ok: true, detail: "50 lines (limit 50)" });
    expect(v.verdict).toBe("local");
  });
  it("three imports break the limit of two", () => {
    const v = classifyContent({ file: "src/a.ts", content: 'import a from "a";\nimport { b } from "./b";\nconst c = require("c");\nexport const f = () => a(b, c);\n' });
    expect(v.verdict).toBe("claude");
    expect(v.reasons).toContainEqual({ criterion: "imports", ok: false, detail: "3 imports (limit 2)" });
  });
  it("a size hint under 10 lines keeps a task with Claude", () => {
    expect(classifyDescription({ description: "format helpers", lines: 6 }).verdict).toBe("claude");
  });
  it("constants and types may be longer than logic", () => {
    const content = Array.from({ length: 120 }, (_, i) => `export const C${i} = ${i};`).join("\n") + "\n";
    expect(classifyContent({ file: "src/c.ts", content }).verdict).toBe("local");
  });
  it("says which criterion held and which broke", () => {
    const v = classifyContent({ file: "src/a.ts", content: CLAMP });
    expect(v.reasons.map((r) => [r.criterion, r.ok])).toEqual([["category", true], ["lines", true], ["imports", true], ["stateless", true]]);
  });
  it("a file under 10 lines is cheaper for Claude to write than to delegate", () => {
    const v = classifyContent({ file: "src/a.ts", content: "export const f = (x: number) => x * 2;\n" });
    expect(v.verdict).toBe("claude");
    expect(v.reasons).toContainEqual({ criterion: "lines", ok: false, detail: "1 line: under 10, writing it costs Claude less than delegating it" });
  });
});

describe("categoryOf edge cases", () => {
  it("a file named like a hook is a hook even without the export form", () => {
    expect(categoryOf("src/useWindowSize.ts", "export default function () {}\n")).toBe("react-hook");
  });
  it("Python tests and Go tests are tests", () => {
    expect(categoryOf("tests/test_parse.py", "def test_x(): pass\n")).toBe("test");
    expect(categoryOf("pkg/parse_test.go", "package pkg\n")).toBe("test");
  });
  it("an image is not something the design delegates", () => {
    expect(classifyContent({ file: "logo.svg", content: "<svg/>" }).verdict).toBe("claude");
  });
});

describe("classifyDescription: tasks before any code exists", () => {
  const cases: Array<[string, string, "local" | "claude"]> = [
    ["Theme constants: light and dark palettes as exported objects", "constants", "local"],
    ["Theme utils: getContrastColor(hex) and toCssVars(palette)", "utility", "local"],
    ["Unit tests for the theme utils", "test", "local"],
    ["Write the README section on theming", "doc", "local"],
    ["Type definitions for the theme palette", "types", "local"],
    ["useTheme hook that reads and persists the preference", "react-hook", "claude"],
    ["Integrate the ThemeProvider into the app shell", "integration", "claude"],
    ["Fix the bug where dark mode flickers on load", "bugfix", "claude"],
    ["A reducer for the theme state", "reducer", "claude"],
  ];
  for (const [d, category, verdict] of cases) {
    it(`"${d}" → ${category}, ${verdict}`, () => {
      const v = classifyDescription({ description: d });
      expect(v.category).toBe(category);
      expect(v.verdict).toBe(verdict);
    });
  }
  it("size hints break the limits with reasons", () => {
    const v = classifyDescription({ description: "format helpers", lines: 120, imports: 4, files: 2, hasTest: false });
    expect(v.verdict).toBe("claude");
    expect(v.reasons.filter((r) => !r.ok).map((r) => r.criterion)).toEqual(["lines", "imports", "files", "test"]);
  });
  it("a kind decides the category when given", () => {
    expect(classifyDescription({ description: "anything", kind: "test" }).category).toBe("test");
  });
});
