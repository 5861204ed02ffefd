import { describe, expect, it } from "vitest";
import { fileShape, normalizeType } from "../../src/qualify/shape.js";

describe("fileShape", () => {
  it("lists top-level declarations with what the TypeScript checks need", () => {
    const shape = fileShape(`
      export type Role = 'admin' | 'user';
      export interface User { readonly id: string; email?: string; greet(name: string): void }
      export const COLORS = { light: "#fff" } as const;
      const limit: number = 3;
      export async function load(url: string, retries = 2): Promise<User> { return {} as User; }
      const helper = (x: number): void => {};
      function overload(a: string): string;
      function overload(a: any) { return a; }
      export { helper };
    `)!;
    const by = Object.fromEntries(shape.decls.map((d) => [d.name, d]));
    expect(by.Role).toMatchObject({ kind: "type", exported: true, type: '"admin" | "user"' });
    expect(by.User!.members).toEqual([
      { name: "id", type: "string", optional: false, readonly: true },
      { name: "email", type: "string", optional: true, readonly: false },
      { name: "greet", type: "(name: string): void", optional: false, readonly: false },
    ]);
    expect(by.COLORS).toMatchObject({ kind: "const", exported: true, asConst: true });
    expect(by.limit).toMatchObject({ kind: "const", exported: false, type: "number", asConst: false });
    expect(by.load).toMatchObject({ kind: "function", exported: true, async: true, returns: "Promise<User>", params: [{ name: "url", type: "string", optional: false }, { name: "retries", type: null, optional: true }] });
    expect(by.helper).toMatchObject({ kind: "const", exported: true, params: [{ name: "x", type: "number", optional: false }], returns: "void" });
    expect(shape.decls.filter((d) => d.name === "overload")).toHaveLength(1);
  });

  it("gives null for what does not parse", () => {
    expect(fileShape("export const = ;")).toBeNull();
  });

  it("normalizes type text", () => {
    expect(normalizeType(": Partial<Omit<User,\n  'id'>>;")).toBe('Partial<Omit<User, "id">>');
  });
});
