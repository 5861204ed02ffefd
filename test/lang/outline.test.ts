import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { outline } from "../../src/lang/outline.js";

const TS = `import { readFileSync } from "node:fs";
import type { Stats } from "node:fs";

/** Options for slugify. */
export interface SlugOptions {
  separator?: string;
  lower: boolean;
}

export type Slug = string & { readonly brand: "slug" };

type Internal = { n: number };

export const MAX_LENGTH = 80;

const secret = "hidden";

/**
 * Turns a title into a slug.
 * @param input the title
 */
export function slugify(input: string, opts: SlugOptions = { lower: true }): Slug {
  const s = input.trim().toLowerCase();
  return helper(s) as Slug;
}

export async function load(path: string): Promise<string> {
  return readFileSync(path, "utf8");
}

function helper(s: string): string {
  return s.replace(/\\s+/g, "-");
}

/** Makes slugs with state. */
export class Slugger {
  /** How many were made. */
  count = 0;
  private seen = new Set<string>();
  #hidden = 1;

  constructor(private readonly sep: string) {
    this.count = 0;
  }

  /** Slugs one title. */
  slug(title: string): string {
    this.count++;
    return slugify(title);
  }

  private remember(s: string): void {
    this.seen.add(s);
  }

  #secretMethod(): void {}
}

export const double = (n: number): number => {
  return n * 2;
};

export default function main(): void {
  console.log("main body");
}

export { helper as publicHelper };
export * from "./other.js";
`;

describe("outline (TypeScript)", () => {
  let out: string;
  beforeAll(async () => {
    out = (await outline(TS, "typescript"))!;
  });

  it("keeps imports", async () => {
    expect(out).toContain('import { readFileSync } from "node:fs";');
    expect(out).toContain('import type { Stats } from "node:fs";');
  });

  it("keeps interfaces and types whole, with their doc comments", async () => {
    expect(out).toContain("/** Options for slugify. */\nexport interface SlugOptions {\n  separator?: string;\n  lower: boolean;\n}");
    expect(out).toContain('export type Slug = string & { readonly brand: "slug" };');
    expect(out).toContain("type Internal = { n: number };");
  });

  it("keeps exported function signatures with { … } bodies and JSDoc", async () => {
    expect(out).toContain(
      "/**\n * Turns a title into a slug.\n * @param input the title\n */\nexport function slugify(input: string, opts: SlugOptions = { lower: true }): Slug { … }",
    );
    expect(out).toContain("export async function load(path: string): Promise<string> { … }");
    expect(out).toContain("export default function main(): void { … }");
    expect(out).toContain("export const double = (n: number): number => { … };");
    expect(out).not.toContain("input.trim()");
    expect(out).not.toContain("main body");
    expect(out).not.toContain("n * 2");
  });

  it("keeps exported consts and export lists", async () => {
    expect(out).toContain("export const MAX_LENGTH = 80;");
    expect(out).toContain("export { helper as publicHelper };");
    expect(out).toContain('export * from "./other.js";');
  });

  it("drops private helpers and module-private values", async () => {
    expect(out).not.toContain("function helper(");
    expect(out).not.toContain("secret");
  });

  it("keeps a class's public members as signatures, drops private ones", async () => {
    expect(out).toContain("/** Makes slugs with state. */\nexport class Slugger {");
    expect(out).toContain("  /** How many were made. */\n  count = 0;");
    expect(out).toContain("  constructor(private readonly sep: string) { … }");
    expect(out).toContain("  /** Slugs one title. */\n  slug(title: string): string { … }");
    expect(out).not.toContain("seen");
    expect(out).not.toContain("remember");
    expect(out).not.toContain("#hidden");
    expect(out).not.toContain("#secretMethod");
    expect(out).not.toContain("this.count++");
  });

  it("is much shorter than the source", async () => {
    expect(out.length).toBeLessThan(TS.length);
  });
});

describe("outline (other languages)", () => {
  it("handles JSX and TSX", async () => {
    const jsx = 'import React from "react";\nexport function Button({ label }) {\n  return <button>{label}</button>;\n}\n';
    expect(await outline(jsx, "jsx")).toBe('import React from "react";\nexport function Button({ label }) { … }');
    expect(await outline(jsx, "javascript")).toBe('import React from "react";\nexport function Button({ label }) { … }');
    const tsx = "export function Button(props: { label: string }): JSX.Element {\n  return <button>{props.label}</button>;\n}\n";
    expect(await outline(tsx, "tsx")).toBe("export function Button(props: { label: string }): JSX.Element { … }");
  });

  it("cuts a long exported literal", async () => {
    const src = `export const TABLE = [${Array.from({ length: 200 }, (_, i) => i).join(", ")}];\n`;
    const out = (await outline(src, "javascript"))!;
    expect(out.length).toBeLessThan(260);
    expect(out).toMatch(/^export const TABLE = \[0, 1, 2/);
    expect(out).toContain("/* … */");
  });

  it("outlines Python: imports, defs, classes, constants and docstrings", async () => {
    const py = [
      "import os",
      "from typing import List",
      "",
      "MAX = 3",
      "",
      "def slugify(title: str) -> str:",
      '    """Turn a title into a slug."""',
      "    return title.lower()",
      "",
      "class Slugger:",
      '    """Makes slugs.',
      "",
      "    With state.",
      '    """',
      "    def slug(self, t):",
      "        return slugify(t)",
    ].join("\n");
    expect(await outline(py, "python")).toBe(
      [
        "import os",
        "from typing import List",
        "MAX = 3",
        "def slugify(title: str) -> str:",
        '    """Turn a title into a slug."""',
        "    ...",
        "class Slugger:",
        '    """Makes slugs.',
        "",
        "    With state.",
        '    """',
        "    def slug(self, t): ...",
      ].join("\n"),
    );
  });

  it("is null for a language without an outliner and for source that does not parse", async () => {
    expect(await outline("# Title\n", "markdown")).toBeNull();
    expect(await outline("export function (", "typescript")).toBeNull();
  });
});

// Tree-sitter languages: the correct fixtures (test/lang/fixtures), cut to what a caller needs.
describe("outline (tree-sitter languages)", () => {
  const of = async (path: string) => (await outline(readFileSync(`test/lang/fixtures/${path}`, "utf8"), path.split("/")[0]!))!;

  it("Python: imports, decorators, classes with docstrings and method stubs; no bodies", async () => {
    const out = await of("python/ok/inventory.py");
    expect(out).toContain("from dataclasses import dataclass, field\nfrom typing import Iterable");
    expect(out).toContain("@dataclass\nclass Item:\n    sku: str\n    quantity: int = 0");
    expect(out).toContain('class Inventory:\n    """Thread-safe stock levels keyed by SKU."""\n    def __init__(self, items: Iterable[Item] = ()) -> None: ...');
    expect(out).toContain("    def reserve(self, sku: str, count: int) -> bool: ...");
    expect(out).toContain("async def restock(inventory: Inventory, sku: str, *, amount: int = 10) -> None: ...");
    expect(out).not.toContain("self._lock");
    expect(out).not.toContain("item.quantity -= count");
    const utils = await of("python/ok/text_utils.py");
    expect(utils).toContain('def slugify(title: str, separator: str = "-") -> str:\n    """Lower-case, ASCII-only slug of a title."""\n    ...');
    // `_WORD` is private by Python's convention.
    expect(utils).not.toContain("_WORD");
  });

  it("Go: package, imports, types whole, every func with its doc comment and { … }", async () => {
    const out = await of("go/ok/pool.go");
    expect(out).toMatch(/^\/\/ Package pool runs jobs on a fixed number of goroutines\.\npackage pool\nimport \(/);
    expect(out).toContain("// Pool runs jobs concurrently.\ntype Pool struct {\n\tjobs chan Job");
    expect(out).toContain("// New starts a pool with n workers.\nfunc New(ctx context.Context, n int) *Pool { … }");
    expect(out).toContain("func (p *Pool) Wait() []error { … }");
    expect(out).not.toContain("p.wg.Add(1)");
  });

  it("Rust: use, pub items with doc comments and derives, impl blocks with their pub fns", async () => {
    const out = await of("rust/ok/cache.rs");
    expect(out).toContain("/// Keeps at most `capacity` entries, dropping the least recently used.\npub struct LruCache<K, V> {");
    expect(out).toContain("impl<K: Hash + Eq + Clone, V> LruCache<K, V> {\n    /// An empty cache; `capacity` must be at least 1.\n    pub fn new(capacity: usize) -> Self { … }");
    expect(out).not.toContain("fn len(");
    const parse = await of("rust/ok/parse.rs");
    expect(parse).toContain("#[derive(Debug, Clone, Copy, PartialEq, Eq)]\npub enum Level {");
    // A trait impl's methods are as public as the trait.
    expect(parse).toContain("impl fmt::Display for ParseLevelError {\n    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { … }\n}");
  });

  it("Java: package, imports, public members with Javadoc; private fields and bodies left out", async () => {
    const out = await of("java/ok/RateLimiter.java");
    expect(out).toContain("package com.example.limits;\nimport java.time.Clock;");
    expect(out).toContain("/** Allows at most {@code limit} calls in any sliding window of {@code windowMillis}. */\npublic final class RateLimiter {");
    expect(out).toContain("    /** Records a call and says whether it was allowed. */\n    public synchronized boolean tryAcquire() { … }");
    expect(out).not.toContain("private final int limit");
    expect(out).not.toContain("calls.pollFirst()");
  });

  it("C#, C, C++, Kotlin, Swift, Ruby, PHP, shell: signatures with their containers", async () => {
    expect(await of("csharp/ok/OrderService.cs")).toContain("    public class OrderService {\n        public OrderService(IOrderRepository repository)");
    expect(await of("c/ok/ringbuf.h")).toContain("} ringbuf_t;\nbool ringbuf_init(ringbuf_t *rb, size_t capacity);");
    expect(await of("c/ok/ringbuf.c")).not.toContain("static size_t wrap");
    expect(await of("cpp/ok/registry.hpp")).toContain("template <typename T>\nclass Registry {\n    using Factory");
    expect(await of("kotlin/ok/Retry.kt")).toContain("suspend fun <T> retry(policy: RetryPolicy = RetryPolicy(), block: suspend (attempt: Int) -> T): Outcome<T> { … }");
    expect(await of("swift/ok/TodoStore.swift")).toContain("    func toggle(_ id: UUID) throws { … }");
    expect(await of("ruby/ok/cart.rb")).toContain("module Shop\n  # A shopping cart that totals its lines.\n  class Cart\n");
    expect(await of("php/ok/UserRepository.php")).toContain("    public function find(int $id): ?User { … }");
    expect(await of("bash/ok/backup.sh")).toContain("usage() { … }");
    expect(await of("css/ok/nav.css")).toContain("@media (max-width: 640px) {\n  nav ul { … }");
  });

  it("is null where signatures mean nothing (data, markup) and for a template with no code", async () => {
    expect(await outline("a = 1\n", "toml")).toBeNull();
    expect(await outline("<p>x</p>\n", "html")).toBeNull();
    expect(await outline("<p><?= $x ?></p>\n", "php")).toBeNull();
  });
});
