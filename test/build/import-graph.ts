// The import graph of src/, read with a regex (no parser, no dependency): what imports.test.ts checks.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";

/** Static `import … from "x"`, `export … from "x"`, bare `import "x"`, and `import("x")`. */
const IMPORT_RE = /(?:^|[\n;])\s*(?:import|export)\s+(?:type\s+)?(?:[^"';]*?\s+from\s+)?["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)/g;

/** Every `.ts` file under `dir`, as paths relative to `base` with `/` separators. */
export function tsFiles(dir: string, base = dir): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...tsFiles(p, base));
    else if (e.name.endsWith(".ts")) out.push(relative(base, p).split(sep).join("/"));
  }
  return out.sort();
}

/** The module specifiers a source text imports, comments removed first so examples in them do not count. */
export function specifiers(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`\\])\/\/[^\n]*/g, "$1");
  const found: string[] = [];
  for (const m of code.matchAll(IMPORT_RE)) found.push((m[1] ?? m[2])!);
  return found;
}

/**
 * file → the files of `files` it imports (relative specifiers only; `./x.js` names `./x.ts`,
 * a query such as `?raw` is dropped, and a non-TypeScript target is left out).
 */
export function importGraph(root: string, files: readonly string[]): Map<string, string[]> {
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  for (const f of files) {
    const deps = new Set<string>();
    for (const spec of specifiers(readFileSync(join(root, f), "utf8"))) {
      if (!spec.startsWith(".")) continue;
      const abs = resolve(dirname(join(root, f)), spec.replace(/\?.*$/, ""));
      const rel = relative(root, abs).split(sep).join("/");
      const target = [rel.replace(/\.js$/, ".ts"), `${rel}.ts`, `${rel}/index.ts`].find((c) => known.has(c));
      if (target) deps.add(target);
    }
    graph.set(f, [...deps].sort());
  }
  return graph;
}

/** Every import circle, each as its files in import order with the first repeated at the end (Tarjan's strongly connected components). */
export function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const comps: string[][] = [];
  const visit = (v: string): void => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const comp: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        comp.push(w);
      } while (w !== v);
      if (comp.length > 1 || (graph.get(v) ?? []).includes(v)) comps.push(comp);
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return comps.map((c) => circleThrough(graph, new Set(c)));
}

/** One concrete circle inside a strongly connected component: a shortest path from its first file back to itself. */
function circleThrough(graph: ReadonlyMap<string, readonly string[]>, comp: ReadonlySet<string>): string[] {
  const start = [...comp].sort()[0]!;
  const prev = new Map<string, string>();
  const queue = [start];
  while (queue.length) {
    const v = queue.shift()!;
    for (const w of graph.get(v) ?? []) {
      if (!comp.has(w)) continue;
      if (w === start) {
        const path = [v];
        while (path[0] !== start) path.unshift(prev.get(path[0]!)!);
        return [...path, start];
      }
      if (!prev.has(w)) {
        prev.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start, start];
}

/** The folder a file of src/ belongs to (its stage); files at the top (errors.ts) are "(src)". */
export const folderOf = (file: string): string => (file.includes("/") ? file.slice(0, file.indexOf("/")) : "(src)");

/** Folder → the other folders its files import. */
export function folderGraph(graph: ReadonlyMap<string, readonly string[]>): Map<string, string[]> {
  const folders = new Map<string, Set<string>>();
  for (const [file, deps] of graph) {
    const from = folderOf(file);
    const to = folders.get(from) ?? new Set<string>();
    for (const d of deps) if (folderOf(d) !== from) to.add(folderOf(d));
    folders.set(from, to);
  }
  return new Map([...folders].map(([f, to]) => [f, [...to].sort()]));
}

/** The file imports that make folder `from` import folder `to`: what to move to untie a folder circle. */
export function importsBetween(graph: ReadonlyMap<string, readonly string[]>, from: string, to: string): string[] {
  return [...graph].flatMap(([file, deps]) => (folderOf(file) === from ? deps.filter((d) => folderOf(d) === to).map((d) => `${file} imports ${d}`) : []));
}
