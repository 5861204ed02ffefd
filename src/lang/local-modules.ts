import { readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";

// Which imported modules are the project's own, so that "no dependencies" does not count them: a
// Python package or module in the project (next to the file, at the root, or under src/), a Go
// package under the module path of the nearest go.mod, the Cargo package itself. Reads only those
// files, once each, when first asked.

/** Whether a module a file in `fromDir` imports is the project's own; `root` bounds the search upward. */
export function localModules(root: string, fromDir: string): (module: string, language: string) => boolean {
  let goModule: string | null | undefined;
  let crate: string | null | undefined;
  return (module, language) => {
    switch (language) {
      case "python":
        return pythonLocal(module.split(".")[0]!, [fromDir, root, join(root, "src")]);
      case "go":
        goModule ??= goModulePath(nearest(root, fromDir, "go.mod"));
        return goModule !== null && (module === goModule || module.startsWith(`${goModule}/`));
      case "rust":
        crate ??= cargoPackage(nearest(root, fromDir, "Cargo.toml"));
        return crate !== null && module === crate;
      default:
        return false;
    }
  };
}

function pythonLocal(top: string, dirs: readonly string[]): boolean {
  return dirs.some((d) => isFile(join(d, `${top}.py`)) || isDir(join(d, top)));
}

/** The file `name` in `fromDir` or the nearest folder above it, not above `root`. */
function nearest(root: string, fromDir: string, name: string): string | null {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    if (isFile(join(dir, name))) return join(dir, name);
    if (relative(root, dir) === "" || relative(root, dir).startsWith("..") || dirname(dir) === dir) return null;
  }
}

function goModulePath(file: string | null): string | null {
  return (file && /^\s*module\s+"?([^\s"]+)"?/m.exec(read(file))?.[1]) || null;
}

/** The crate name Rust code uses for the package: `my-lib` is `my_lib`. */
function cargoPackage(file: string | null): string | null {
  if (!file) return null;
  const text = read(file);
  const lib = /^\[lib\][^[]*?^\s*name\s*=\s*"([^"]+)"/m.exec(text)?.[1];
  const pkg = /^\[package\][^[]*?^\s*name\s*=\s*"([^"]+)"/m.exec(text)?.[1];
  const name = lib ?? pkg;
  return name ? name.replace(/-/g, "_") : null;
}

function read(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

function isFile(p: string): boolean {
  return statOf(p)?.isFile() ?? false;
}

function isDir(p: string): boolean {
  return statOf(p)?.isDirectory() ?? false;
}

function statOf(p: string): ReturnType<typeof statSync> | null {
  try {
    return statSync(p);
  } catch {
    return null;
  }
}
