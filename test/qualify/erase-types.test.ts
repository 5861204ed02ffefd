import { describe, expect, it } from "vitest";
import { eraseTypes } from "../../src/qualify/erase-types.js";

function erased(src: string, jsImports = false): string {
  const r = eraseTypes(src, { jsImports });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

/** Runs erased code as a module body and returns what it exports (via `return`). */
function run(src: string): Record<string, unknown> {
  const js = erased(src).replace(/\bexport\s+(?=(async\s+)?function|const|class|let)/g, "");
  const names = [...src.matchAll(/export\s+(?:async\s+)?(?:function|const|class|let)\s+(\w+)/g)].map((m) => m[1]);
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  return new Function(`${js}\nreturn { ${names.join(", ")} };`)() as Record<string, unknown>;
}

describe("eraseTypes", () => {
  it("keeps every line and column: types become spaces", () => {
    const src = "export function add(a: number, b: number): number {\n  return a + b;\n}\n";
    const js = erased(src);
    expect(js).toBe("export function add(a        , b        )         {\n  return a + b;\n}\n");
    expect(js.length).toBe(src.length);
  });

  it("removes type declarations, type imports and exports, with a `;` against ASI", () => {
    const src = [
      'import type { A } from "./a";',
      'import { type B, c } from "./b";',
      "export interface User { id: string }",
      'export type Role = "a" | "b";',
      "type Local = number",
      "const x = c",
      "export type { Local };",
      "export { x, type Role as R };",
    ].join("\n");
    const js = erased(src);
    expect(js).not.toMatch(/interface|type |User|Role/);
    expect(js).toMatch(/import \{\s+c \} from "\.\/b";/);
    expect(js.split("\n")[4]!.startsWith(";")).toBe(true);
    expect(js).toMatch(/export \{ x,\s+\};/);
  });

  it("erases generics, assertions, non-null, satisfies, optional and definite markers, overloads and `this` params", () => {
    const out = run(`
      export function first<T>(xs: T[], fallback?: T): T | undefined { return xs.length ? xs[0]! : fallback; }
      function over(a: string): string;
      function over(a: any) { return String(a); }
      export const cfg = { port: 80 } as const satisfies { port: number };
      export const viaAngle = <number>(<unknown>5);
      let later!: number;
      later = 3;
      export function self(this: unknown, n: number) { return n + later; }
      export const pick = <K extends string,>(k: K): K => k;
      export const made = new Map<string, number>([["a", 1]]);
      export const called = over<string>("x");
    `);
    expect((out.first as (xs: number[]) => number)([7, 8])).toBe(7);
    expect((out.first as (xs: number[], f: number) => number)([], 9)).toBe(9);
    expect(out.cfg).toEqual({ port: 80 });
    expect(out.viaAngle).toBe(5);
    expect((out.self as (n: number) => number).call(null, 1)).toBe(4);
    expect((out.pick as (k: string) => string)("k")).toBe("k");
    expect(out.called).toBe("x");
  });

  it("keeps the parenthesis of a parenthesized expression cast with as", () => {
    const js = erased("const a = (b + c) as number;\nconst d = (e as any)!;");
    expect(js).toBe("const a = (b + c)          ;\nconst d = (e       ) ;");
  });

  it("erases class modifiers, implements, abstract members, declare fields and index signatures", () => {
    const out = run(`
      interface Shape { area(): number }
      abstract class Base implements Shape {
        [key: string]: unknown;
        protected abstract side: number;
        abstract area(): number;
        public describe(): string { return "area " + this.area(); }
      }
      export class Square extends Base implements Shape {
        declare tag: string;
        private readonly s: number;
        override side = 0;
        label?: string;
        #secret!: number;
        constructor(s: number) { super(); this.s = s; this.#secret = s; }
        area(): number { return this.s * this.s; }
        opt?(): void {}
        get secret(): number { return this.#secret; }
      }
    `);
    const Square = out.Square as new (s: number) => { describe(): string; secret: number; label?: string };
    const sq = new Square(3);
    expect(sq.describe()).toBe("area 9");
    expect(sq.secret).toBe(3);
  });

  it("refuses syntax with run-time meaning, naming it and its line", () => {
    for (const [src, what] of [
      ["const a = 1;\nenum Color { Red }", /an enum at line 2/],
      ["namespace N { export const x = 1; }", /a namespace/],
      ["class P { constructor(private x: number) {} }", /parameter property/],
      ["import fs = require('fs');", /require/],
      ["export = 5;", /export =/],
    ] as const) {
      const r = eraseTypes(src);
      expect(r.ok, src).toBe(false);
      if (!r.ok) expect(r.error.message).toMatch(what);
    }
  });

  it("erases declare statements, including enums and namespaces that only declare", () => {
    const js = erased("declare const VERSION: string;\ndeclare enum E { A }\ndeclare namespace NS { const y: number }\nexport declare function f(): void;\nexport const z = 1;");
    expect(js.replace(/[\s;]/g, "")).toBe("exportconstz=1");
  });

  it("refuses what is not TypeScript at all", () => {
    const r = eraseTypes("export function (");
    expect(r.ok).toBe(false);
  });

  it("rewrites relative import paths to .js when asked, as a build would", () => {
    const js = erased('import { a } from "./a";\nimport { b } from "./b.ts";\nimport { c } from "../c.js";\nimport x from "node:fs";\nexport * from "./d";', true);
    expect(js).toContain('from "./a.js"');
    expect(js).toContain('from "./b.js"');
    expect(js).toContain('from "../c.js"');
    expect(js).toContain('from "node:fs"');
    expect(js).toContain('from "./d.js"');
  });
});
