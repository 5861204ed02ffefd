import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fileFacts } from "../../src/lang/facts.js";
import { localModules } from "../../src/lang/local-modules.js";

describe("what a written file holds", () => {
  it("JavaScript: exported names, imported names, npm packages (not Node's own), every function", async () => {
    const f = await fileFacts('import fs from "node:fs";\nimport { join } from "path";\nimport chalk from "chalk";\nimport { x } from "./x.js";\nexport const a = () => 1;\nfunction b() {}\nexport class C { m() {} }\n', "javascript");
    expect(f?.imported).toEqual(["fs", "join", "chalk", "x"]);
    expect(f?.dependencies).toEqual(["chalk"]);
    expect(f?.functions).toBe(3);
    expect(f?.defined).toEqual(expect.arrayContaining([{ name: "a", kind: "const", exported: true }, { name: "b", kind: "function", exported: false }, { name: "m", kind: "method", exported: true }]));
  });

  it("Python: imports from its own library and the project are not dependencies", async () => {
    const f = await fileFacts("import os, json as j\nfrom collections import (\n    OrderedDict,\n    deque as dq,\n)\nfrom .models import User\nimport requests\nfrom numpy.linalg import norm\n\ndef f():\n    pass\n\nclass K:\n    def g(self):\n        pass\n", "python");
    expect(f?.dependencies?.sort()).toEqual(["numpy", "requests"]);
    expect(f?.imported).toEqual(expect.arrayContaining(["OrderedDict", "dq", "User", "norm", "os", "j", "requests"]));
    expect(f?.functions).toBe(2);
  });

  it("Go: a module path with a host is a dependency; Rust: a crate other than std", async () => {
    const go = await fileFacts('package p\n\nimport (\n\t"fmt"\n\t"github.com/pkg/errors"\n)\n\nfunc F() error { return errors.New(fmt.Sprint(1)) }\n', "go");
    expect(go?.dependencies).toEqual(["github.com/pkg/errors"]);
    expect(go?.functions).toBe(1);
    const rust = await fileFacts("use std::collections::HashMap;\nuse serde::Serialize;\nuse crate::util;\n\npub fn f() -> HashMap<u8, u8> { HashMap::new() }\n", "rust");
    expect(rust?.dependencies).toEqual(["serde"]);
  });

  it("a language without a parser here has no facts: nothing is held against it", async () => {
    expect(await fileFacts("SELECT 1;\n", "sql")).toBeNull();
  });

  it("JavaScript: `export default App`, CommonJS and a barrel's re-exports are exported names", async () => {
    const exported = async (src: string, language = "javascript") => (await fileFacts(src, language))?.defined.filter((d) => d.exported).map((d) => d.name);
    expect(await exported("function App() { return null; }\nfunction Other() {}\nexport default App;\n")).toEqual(["App", "default"]);
    expect(await exported("function List() {}\nexport default memo(List);\n")).toEqual(["List", "default"]);
    expect(await exported("function slugify(s) { return s; }\nmodule.exports = slugify;\n")).toEqual(["slugify"]);
    expect(await exported("exports.clamp = (n) => n;\nmodule.exports.lerp = function (a) { return a; };\n")).toEqual(["clamp", "lerp"]);
    expect(await exported("const a = 1;\nmodule.exports = { a, b() {}, c: () => 1, d: a };\n")).toEqual(["a", "b", "c", "d"]);
    expect(await exported('export { formatDate } from "./date.js";\nexport { slugify as slug } from "./slug.js";\nexport * as util from "./util.js";\n')).toEqual(["formatDate", "slug", "util"]);
  });

  it("re-exported packages are dependencies; path aliases are not; a type-only import is a type dependency", async () => {
    const f = await fileFacts('export * from "lodash";\nexport { pick } from "ramda";\nimport { a } from "@/lib/a";\nimport b from "~/b";\nimport type { Request } from "express";\nimport { type Z } from "zod";\nimport type { Y } from "yup";\nimport { object } from "yup";\n', "typescript");
    expect(f?.dependencies).toEqual(["lodash", "ramda", "yup"]);
    expect(f?.typeDependencies).toEqual(["express", "zod"]);
  });

  it("every name declared anywhere: interface methods, enum members, private members, object methods, local functions", async () => {
    const f = await fileFacts(
      "interface Store { get(key: string): string; size: number }\nenum Dir { Up, Down }\nclass K { private hidden() {} #secret = 1 }\n" +
        "export const api = { getUser(id: string) { return id; }, listUsers: () => [] };\n" +
        "export function outer(param: number) {\n  const local = 1;\n  const inner = () => param + local;\n  function nested() {}\n  return inner;\n}\n",
      "typescript",
    );
    expect(f?.declared).toEqual(expect.arrayContaining(["get", "size", "Up", "Down", "hidden", "secret", "getUser", "listUsers", "inner", "nested", "outer"]));
    expect(f?.declared).not.toContain("param");
    expect(f?.declared).not.toContain("local");
    expect(f?.defined.map((d) => d.name)).not.toContain("get");
  });

  it("Python: functions nested, or defined in if/try blocks, are declared; locals and parameters are not", async () => {
    const f = await fileFacts(
      "import json\ntry:\n    from orjson import loads\nexcept ImportError:\n    def loads(data):\n        return json.loads(data)\n\nif True:\n    FLAG = 1\n    def clear():\n        pass\n\n" +
        "def make_counter(start):\n    count = start\n    def increment():\n        return count + 1\n    return increment\n",
      "python",
    );
    expect(f?.declared).toEqual(expect.arrayContaining(["loads", "FLAG", "clear", "make_counter", "increment"]));
    expect(f?.declared).not.toContain("count");
    expect(f?.declared).not.toContain("start");
  });

  it("Rust, Go, Java: enum variants, struct fields and enum constants are declared; a call's name is not", async () => {
    expect((await fileFacts("pub enum Shape { Circle(f64), Square(f64) }\n", "rust"))?.declared).toEqual(expect.arrayContaining(["Shape", "Circle", "Square"]));
    expect((await fileFacts("package p\n\ntype Config struct {\n\tAddr string\n}\n", "go"))?.declared).toEqual(expect.arrayContaining(["Config", "Addr"]));
    const java = await fileFacts("enum Planet { MERCURY, EARTH; double mass() { return java.util.Objects.hash(1); } }\n", "java");
    expect(java?.declared).toEqual(expect.arrayContaining(["Planet", "MERCURY", "EARTH", "mass"]));
    expect(java?.declared).not.toContain("hash");
  });

  it("the project's own modules are not dependencies: `mod x;` in Rust, and what isLocal says is the project's", async () => {
    const rust = await fileFacts("mod helpers;\nuse helpers::fmt_line;\nuse crate::config::load;\nuse my_app::Thing;\nuse serde::Serialize;\n\npub fn run() {}\n", "rust", { isLocal: (m) => m === "my_app" });
    expect(rust?.dependencies).toEqual(["serde"]);
    const py = await fileFacts("from app.pricing import total\nimport requests\n\ndef f():\n    pass\n", "python", { isLocal: (m, lang) => lang === "python" && m === "app" });
    expect(py?.dependencies).toEqual(["requests"]);
    const go = await fileFacts('package p\n\nimport (\n\t"example.com/shop/store"\n\t"github.com/pkg/errors"\n)\n\nfunc F() {}\n', "go", { isLocal: (m) => m.startsWith("example.com/shop/") });
    expect(go?.dependencies).toEqual(["github.com/pkg/errors"]);
  });
});

describe("which modules are the project's own", () => {
  it("a Python package or module next to the file, at the root or under src/; go.mod's module path; the Cargo package", () => {
    const root = mkdtempSync(join(tmpdir(), "ld-local-"));
    try {
      for (const d of ["app", "src/core", "svc/api"]) mkdirSync(join(root, d), { recursive: true });
      writeFileSync(join(root, "util.py"), "");
      writeFileSync(join(root, "svc/api/helpers.py"), "");
      writeFileSync(join(root, "go.mod"), "module example.com/shop\n\ngo 1.21\n");
      writeFileSync(join(root, "Cargo.toml"), '[package]\nname = "my-app"\nversion = "0.1.0"\n');
      const local = localModules(root, join(root, "svc/api"));
      expect(["app", "util", "core", "helpers"].map((m) => local(m, "python"))).toEqual([true, true, true, true]);
      expect(local("requests", "python")).toBe(false);
      expect([local("example.com/shop", "go"), local("example.com/shop/store", "go"), local("example.com/shopping", "go")]).toEqual([true, true, false]);
      expect([local("my_app", "rust"), local("serde", "rust")]).toEqual([true, false]);
      expect(local("lodash", "javascript")).toBe(false);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

