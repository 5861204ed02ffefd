import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { definedNames, type DefinedName } from "../../src/lang/names.js";

const fixture = (path: string) => readFileSync(`test/lang/fixtures/${path}`, "utf8");
const show = (names: DefinedName[] | null) => names?.map((n) => `${n.exported ? "+" : "-"}${n.name}:${n.kind}`);

describe("definedNames", () => {
  it("JS/TS: top-level declarations, class members, exported by `export` or CommonJS", async () => {
    const ts = [
      "import { x } from './x';",
      "export function slugify(s: string): string { return s; }",
      "export const MAX = 3, { a, b: [c] } = obj;",
      "const secret = 1;",
      "export interface Options { lower: boolean }",
      "type Internal = number;",
      "export class Slugger { count = 0; private seen = 0; slug(t: string) { return t; } }",
      "function helper() {}",
      "export { helper as publicHelper };",
      "export default function main() {}",
    ].join("\n");
    expect(show(await definedNames(ts, "typescript"))).toEqual([
      "+slugify:function",
      "+MAX:const",
      "+a:const",
      "+c:const",
      "-secret:const",
      "+Options:interface",
      "-Internal:type",
      "+Slugger:class",
      "+Slugger.count:property",
      "+Slugger.slug:method",
      "-helper:function",
      "+publicHelper:export",
      "+main:function",
    ]);
    const cjs = "function a() {}\nfunction b() {}\nconst c = 1;\nmodule.exports = { a };\nexports.b = b;\n";
    expect(show(await definedNames(cjs, "javascript"))).toEqual(["+a:function", "+b:function", "-c:const"]);
    expect(await definedNames("export function (", "javascript")).toBeNull();
  });

  it("Python: top level and class members; `_private` is not exported unless in __all__", async () => {
    expect(show(await definedNames(fixture("python/ok/inventory.py"), "python"))).toEqual([
      "+Item:class",
      "+Item.sku:field",
      "+Item.quantity:field",
      "+Item.tags:field",
      "+Inventory:class",
      "+Inventory.__init__:method",
      "+Inventory.reserve:method",
      "+Inventory.report:method",
      "+restock:function",
    ]);
    const py = "__all__ = ['_kept']\n_kept = 1\n_hidden = 2\ndef _helper(): pass\nclass _Base:\n    def _m(self): pass\n";
    expect(show(await definedNames(py, "python"))).toEqual(["+__all__:variable", "+_kept:variable", "-_hidden:variable", "-_helper:function", "-_Base:class", "-_Base._m:method"]);
  });

  it("Go: capitalised names are exported; methods are Type.Method", async () => {
    expect(show(await definedNames(fixture("go/ok/pool.go"), "go"))).toEqual(["+ErrClosed:var", "+Job:type", "+Pool:type", "+New:function", "+Pool.Wait:method"]);
    expect(show(await definedNames("package p\nconst (\n\tA = 1\n\tb = 2\n)\nfunc helper() {}\n", "go"))).toEqual(["+A:const", "-b:const", "-helper:function"]);
  });

  it("Rust: `pub` is exported, and so are a trait impl's methods", async () => {
    expect(show(await definedNames(fixture("rust/ok/cache.rs"), "rust"))).toEqual(["+LruCache:struct", "+LruCache.new:method", "+LruCache.get:method", "+LruCache.put:method", "-LruCache.len:method"]);
    expect(show(await definedNames(fixture("rust/ok/parse.rs"), "rust"))).toContain("+ParseLevelError.fmt:method");
  });

  it("Java, Kotlin, C#, Swift, PHP: not private is exported (C#'s members are private unless they say so)", async () => {
    expect(show(await definedNames(fixture("java/ok/RateLimiter.java"), "java"))).toEqual([
      "+RateLimiter:class",
      "-RateLimiter.limit:field",
      "-RateLimiter.windowMillis:field",
      "-RateLimiter.clock:field",
      "-RateLimiter.calls:field",
      "+RateLimiter.RateLimiter:constructor",
      "+RateLimiter.tryAcquire:method",
      "+RateLimiter.pending:method",
    ]);
    expect(show(await definedNames(fixture("kotlin/ok/Retry.kt"), "kotlin"))).toEqual(["+RetryPolicy:class", "+Outcome:class", "+Outcome.Ok:class", "+Outcome.Failed:class", "+retry:function", "-describe:function"]);
    const cs = show(await definedNames(fixture("csharp/ok/SlugService.cs"), "csharp"))!;
    expect(cs).toEqual(expect.arrayContaining(["+SlugService:class", "+SlugService.Slugify:method", "+SlugService.Join:method", "-SlugService.maxLength:field", "+SlugOptions.MaxLength:property"]));
    expect(show(await definedNames(fixture("swift/ok/TodoStore.swift"), "swift"))).toEqual(expect.arrayContaining(["+Todo:struct", "+StoreError:enum", "-TodoStore.items:property", "+TodoStore.add:method"]));
    expect(show(await definedNames(fixture("php/ok/UserRepository.php"), "php"))).toEqual(expect.arrayContaining(["+UserRepository.find:method", "-UserRepository.count:method"]));
  });

  it("C and C++: static is file-local; a class's members are private until `public:`", async () => {
    expect(show(await definedNames(fixture("c/ok/ringbuf.c"), "c"))).toEqual(["+RB_MIN_CAPACITY:macro", "-wrap:function", "+ringbuf_init:function", "+ringbuf_free:function", "+ringbuf_push:function", "+ringbuf_pop:function"]);
    expect(show(await definedNames(fixture("c/ok/ringbuf.h"), "c"))).toContain("+ringbuf_init:function");
    expect(show(await definedNames(fixture("cpp/ok/registry.hpp"), "cpp"))).toEqual([
      "+app:namespace",
      "+Registry:class",
      "+Registry.Factory:type",
      "+Registry.add:method",
      "+Registry.make:method",
      "+Registry.size:method",
      "-Registry.mutex_:field",
      "-Registry.factories_:field",
    ]);
  });

  it("Ruby and shell: everything at the top level; Ruby's `private` hides what follows it", async () => {
    expect(show(await definedNames(fixture("ruby/ok/cart.rb"), "ruby"))).toEqual(["+Shop:module", "+Cart:class", "+Cart.lines:attribute", "+Cart.Line:constant", "+Cart.initialize:method", "+Cart.add:method", "+Cart.total:method", "+Cart.to_s:method", "-Cart.empty?:method"]);
    expect(show(await definedNames(fixture("bash/ok/backup.sh"), "bash"))).toEqual(["+KEEP:variable", "+usage:function", "+src:variable", "+archive:variable"]);
  });

  it("is null for languages with no names to speak of", async () => {
    for (const language of ["toml", "css", "scss", "html", "markdown", "text"]) expect(await definedNames("x", language), language).toBeNull();
  });
});
