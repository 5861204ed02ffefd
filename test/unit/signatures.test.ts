import { describe, expect, it } from "vitest";
import { outline } from "../../src/prompt/signatures.js";

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
  const out = outline(TS, "typescript")!;

  it("keeps imports", () => {
    expect(out).toContain('import { readFileSync } from "node:fs";');
    expect(out).toContain('import type { Stats } from "node:fs";');
  });

  it("keeps interfaces and types whole, with their doc comments", () => {
    expect(out).toContain("/** Options for slugify. */\nexport interface SlugOptions {\n  separator?: string;\n  lower: boolean;\n}");
    expect(out).toContain('export type Slug = string & { readonly brand: "slug" };');
    expect(out).toContain("type Internal = { n: number };");
  });

  it("keeps exported function signatures with { … } bodies and JSDoc", () => {
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

  it("keeps exported consts and export lists", () => {
    expect(out).toContain("export const MAX_LENGTH = 80;");
    expect(out).toContain("export { helper as publicHelper };");
    expect(out).toContain('export * from "./other.js";');
  });

  it("drops private helpers and module-private values", () => {
    expect(out).not.toContain("function helper(");
    expect(out).not.toContain("secret");
  });

  it("keeps a class's public members as signatures, drops private ones", () => {
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

  it("is much shorter than the source", () => {
    expect(out.length).toBeLessThan(TS.length);
  });
});

describe("outline (other languages)", () => {
  it("handles JSX and TSX", () => {
    const jsx = 'import React from "react";\nexport function Button({ label }) {\n  return <button>{label}</button>;\n}\n';
    expect(outline(jsx, "jsx")).toBe('import React from "react";\nexport function Button({ label }) { … }');
    expect(outline(jsx, "javascript")).toBe('import React from "react";\nexport function Button({ label }) { … }');
    const tsx = "export function Button(props: { label: string }): JSX.Element {\n  return <button>{props.label}</button>;\n}\n";
    expect(outline(tsx, "tsx")).toBe("export function Button(props: { label: string }): JSX.Element { … }");
  });

  it("cuts a long exported literal", () => {
    const src = `export const TABLE = [${Array.from({ length: 200 }, (_, i) => i).join(", ")}];\n`;
    const out = outline(src, "javascript")!;
    expect(out.length).toBeLessThan(260);
    expect(out).toMatch(/^export const TABLE = \[0, 1, 2/);
    expect(out).toContain("/* … */");
  });

  it("outlines Python: imports, defs, classes, constants and docstrings", () => {
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
    expect(outline(py, "python")).toBe(
      [
        "import os",
        "from typing import List",
        "MAX = 3",
        "def slugify(title: str) -> str:",
        '    """Turn a title into a slug."""',
        "class Slugger:",
        '    """Makes slugs.',
        "",
        "    With state.",
        '    """',
        "    def slug(self, t):",
      ].join("\n"),
    );
  });

  it("is null for a language without an outliner and for source that does not parse", () => {
    expect(outline("# Title\n", "markdown")).toBeNull();
    expect(outline("export function (", "typescript")).toBeNull();
  });
});
