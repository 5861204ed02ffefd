import { builtinModules } from "node:module";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { distDir } from "../support/dist.js";

// The plugin runs the committed dist/ with no build step, so a change to src/ that was not
// rebuilt would ship old code. The test run's own build of src/ is compared with it byte for byte.
/** The bundle's files: its code, its data (the token table), and the tree-sitter grammars (WebAssembly, copied as they are). */
function bundleFiles(dir: string): string[] {
  const code = readdirSync(dir).filter((f) => f.endsWith(".js") || f.endsWith(".cjs") || f.endsWith(".bin"));
  const grammars = existsSync(join(dir, "grammars")) ? readdirSync(join(dir, "grammars")).map((f) => `grammars/${f}`) : [];
  return [...code, ...grammars].sort();
}

describe("dist/", () => {
  it("is what `npm run build` makes from src/ now", () => {
    // test/global-setup.ts built src/ as it is now for this run.
    const out = distDir();
    const fresh = bundleFiles(out);
    expect(fresh.some((f) => f.endsWith(".wasm"))).toBe(true);
    expect(bundleFiles("dist")).toEqual(fresh);
    for (const f of fresh) {
      const same = readFileSync(join(out, f)).equals(readFileSync(join("dist", f)));
      expect(same, `dist/${f} is stale: run \`npm run build\` and commit dist/`).toBe(true);
    }
  });

  it("runs with no node_modules: every dependency is inside the bundle", () => {
    const builtin = (s: string) => s.startsWith("node:") || builtinModules.includes(s.split("/")[0]!);
    for (const f of readdirSync("dist").filter((x) => x.endsWith(".js") || x.endsWith(".cjs"))) {
      const bundle = readFileSync(join("dist", f), "utf8");
      // Static imports, in readable (`import x from "y";`) and minified (`import{x}from"y";`) form.
      const imports = [
        ...bundle.matchAll(/^import .* from "([^"]+)";$/gm),
        ...bundle.matchAll(/(?:^|;)import\s*[\w$*{}\s,]*?from\s*"([^"]+)"/gm),
        ...bundle.matchAll(/\brequire\("([^"]+)"\)/g),
      ].map((m) => m[1]!);
      // The CLI's bundle beside its launcher and the hook's parts are the one thing allowed: they are part of the bundle.
      const sibling = (s: string) => /^\.\/[\w.-]+\.c?js$/.test(s) && existsSync(join("dist", s));
      expect(imports.filter((s) => !builtin(s) && !sibling(s)), `dist/${f} needs packages at run time`).toEqual([]);
      // A dynamic import is loaded only when the code path runs. The one package allowed there is
      // node-llama-cpp: the embedded backend's optional dependency, external in scripts/build.mjs and
      // imported only with `backend: embedded`, which says how to install it when it is missing.
      // The hook's parts loaded when needed (hook-config.cjs, hook-probe.cjs) are files of dist/ itself.
      const optional = new Set(["node-llama-cpp"]);
      const dynamic = [...bundle.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]!);
      const ownFile = (s: string) => s.startsWith("./") && existsSync(join("dist", s));
      expect(dynamic.filter((s) => !builtin(s) && !optional.has(s) && !ownFile(s)), `dist/${f} imports packages at run time`).toEqual([]);
    }
  });
});
