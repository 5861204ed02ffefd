// The bundles run through V8's code cache (util/code-cache.ts) must not run `import()`: Node 20
// loses a cached script's dynamic-import callback, and the build turns each `import()` of the
// bundle into a require(). An ES module from outside the bundle (the embedded backend's package) is
// imported by the ES module that launched it (cli/launch.ts), which registers its import here.

/** The global key the launcher's import function is registered under. */
export const LAUNCHER_IMPORT = Symbol.for("local-delegate.import");

/** `import(specifier)`, through the launcher when there is one (in dist/), else directly (from the sources). */
export function importEsm(specifier: string): Promise<unknown> {
  const viaLauncher = (globalThis as { [LAUNCHER_IMPORT]?: unknown })[LAUNCHER_IMPORT];
  return typeof viaLauncher === "function" ? (viaLauncher as (s: string) => Promise<unknown>)(specifier) : import(specifier);
}
