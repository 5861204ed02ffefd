import { describe, expect, it } from "vitest";
import { fileFacts } from "../../src/lang/facts.js";

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
});
