import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import type { RunTool } from "../../src/lang/native-check.js";
import { checkSyntax } from "../../src/lang/syntax.js";

// The Rust grammar predates syntax rustc has read for years (C string literals, labeled blocks,
// exclusive range patterns, `unsafe extern`, `&raw const`, async closures, let chains): refused,
// the file was refused on every retry. rustfmt parses with rustc's own parser; where it is
// installed its pass is taken. Each valid file below compiles with rustc 1.95 (--edition 2024,
// or 2021 for `rng.gen()`, whose `gen` 2024 reserves).

// Debian's rustfmt is Rust 1.63's: the test needs one that reads Rust 1.85 (rustup's).
const rustfmt = spawnSync("rustfmt", ["--edition", "2024", "--emit", "stdout"], { input: "fn f() { let g = async || {}; }\n", stdio: ["pipe", "ignore", "ignore"] }).status === 0;

const NEWER: [string, string][] = [
  ["a C string literal (1.77)", "use std::ffi::CStr;\n\npub fn name() -> &'static CStr {\n    c\"hi\"\n}\n"],
  ["a labeled block (1.65)", "pub fn k(a: bool) -> i32 {\n    let v = 'a: {\n        if a {\n            break 'a 1;\n        }\n        2\n    };\n    v\n}\n"],
  ["an exclusive range pattern (1.80)", "pub fn g(x: u8) -> u8 {\n    match x {\n        0..5 => 1,\n        _ => 2,\n    }\n}\n"],
  ["an unsafe extern block (1.82, required by edition 2024)", "unsafe extern \"C\" {\n    pub safe fn abs(x: i32) -> i32;\n}\n"],
  ["a raw borrow (1.82)", "pub fn r(x: &i32) -> *const i32 {\n    &raw const *x\n}\n"],
  ["an async closure (1.85)", "pub fn u() {\n    let f = async || {};\n    let _ = f;\n}\n"],
  ["a let chain (edition 2024)", "pub fn f(a: Option<i32>) -> i32 {\n    if let Some(x) = a && x > 0 {\n        return x;\n    }\n    0\n}\n"],
  ["`gen` as a method name (edition 2021)", "pub trait R {\n    fn gen(&mut self) -> u32;\n}\n\npub fn f(r: &mut impl R) -> u32 {\n    r.gen()\n}\n"],
];

describe.skipIf(!rustfmt)(`Rust: syntax newer than the grammar, read by rustfmt${rustfmt ? "" : " (skipped: no rustfmt of Rust 1.85 or newer)"}`, () => {
  it.each(NEWER)("%s is accepted", async (_, content) => {
    // By the grammar where it reads the file, else by rustfmt.
    expect(await checkSyntax(content, "rust", { file: "src/lib.rs" })).toMatchObject({ ok: true, checked: expect.stringMatching(/^(tree-sitter|native)$/) });
  });

  it("a mistake next to newer syntax is still refused, at the grammar's line", async () => {
    const content = "pub fn g(x: u8) -> u8 {\n    let y = x + 1\n    match y {\n        0..5 => 1,\n        _ => 2,\n    }\n}\n";
    expect(await checkSyntax(content, "rust", { file: "src/lib.rs" })).toMatchObject({ ok: false, message: expect.stringMatching(/^line 2:/) });
  });

  it("reads the file from its standard input, so a `mod` or `#[path]` is not followed to another file", async () => {
    const content = "#[path = \"/nonexistent/elsewhere.rs\"]\nmod elsewhere;\nmod sibling;\n\npub fn r(x: &i32) -> *const i32 {\n    &raw const *x\n}\n";
    expect(await checkSyntax(content, "rust", { file: "src/lib.rs" })).toEqual({ ok: true, checked: "native" });
  });
});

describe("Rust: rustfmt's refusal is not taken", () => {
  it("an older rustfmt refusing what the grammar reads leaves the grammar's verdict, and a file the grammar reads is not sent to it", async () => {
    const calls: (readonly string[])[] = [];
    const refuses: RunTool = async (argv) => (calls.push(argv), { code: 1, output: "error: expected one of `.`, `;`\n --> <stdin>:2:20\n" });
    const letElse = "fn f(o: Option<u8>) -> u8 {\n    let Some(v) = o else { return 0 };\n    v\n}\n";
    expect(await checkSyntax(letElse, "rust", { file: "src/lib.rs", run: refuses })).toEqual({ ok: true, checked: "tree-sitter" });
    expect(calls).toEqual([]);
    const labeled = NEWER[1]![1];
    expect(await checkSyntax(labeled, "rust", { file: "src/lib.rs", run: refuses })).toMatchObject({ ok: false });
    expect(calls.length).toBe(2);
    expect(calls.flat().join(" ")).not.toMatch(/lib\.rs/);
  });
});
