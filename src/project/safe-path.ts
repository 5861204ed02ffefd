import { lstatSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { fail, ok, type Result } from "../errors.js";
import { realOrNull, realOrSelf } from "../util/fs.js";

export interface ProjectPath {
  /** Absolute path, as the user named it (not symlink-resolved). */
  abs: string;
  /** Path relative to the project root, with forward slashes. */
  rel: string;
  /**
   * Set when symlinks inside the project make it differ from `rel`: the path relative to the
   * project's real root with those links resolved (forward slashes). A write walks this path and
   * follows no link on the way, so a folder swapped for a link after the check cannot redirect it.
   */
  real?: string;
}

/**
 * Resolves a path from a spec or a model answer against the project root, and refuses anything
 * that could write or read outside it: `..` escapes, absolute paths elsewhere, symlinks that lead
 * out (checked on the deepest part that exists, since the file itself may not exist yet), and
 * `.git/`, whose files would corrupt the repository.
 */
export function resolveInProject(root: string, input: string, field: string): Result<ProjectPath> {
  const escape = (why: string) => fail("PATH_ESCAPE", why, { field });
  if (input.trim() === "") return escape("must not be empty");
  if (input.includes("\0")) return escape("must not contain a NUL byte");

  const named = isAbsolute(input) ? resolve(input) : resolve(root, input);
  const abs = outsideRel(relative(root, named)) && isAbsolute(input) ? (viaRootAlias(root, named) ?? named) : named;
  const rel = relative(root, abs);
  if (rel === "") return escape("must name a file, not the project folder");
  if (outsideRel(rel)) {
    return escape(`must stay inside the project (${input} resolves to ${abs}, outside ${root})`);
  }
  const parts = rel.split(sep);
  if (inGit(parts)) return escape("must not be under .git/");

  const realRoot = realOrSelf(root);
  const existing = deepestExisting(abs);
  // A file of that very name, if there is one, is the one meant (a rollback of it, say).
  const windows = existing === abs ? null : windowsPath(input);
  if (windows) return escape(windows);
  const realExisting = realOrNull(existing);
  if (realExisting === null) {
    return escape(`must not go through a broken symlink (${relative(root, existing)})`);
  }
  const realRel = relative(realRoot, realExisting);
  // `..` itself or `../…`: a folder named `..cache` inside the project is not an escape.
  if (realRel === ".." || realRel.startsWith(`..${sep}`) || isAbsolute(realRel)) {
    return escape(`must stay inside the project (a symlink at ${relative(root, existing) || "."} leads to ${realExisting})`);
  }
  if (inGit(realRel.split(sep))) {
    return escape("must not lead into .git/ (through a symlink)");
  }
  const relOut = parts.join("/");
  const real = join(realRel, relative(existing, abs)).split(sep).join("/");
  return ok({ abs, rel: relOut, ...(real !== relOut ? { real } : {}) });
}

/**
 * Where `/` is the separator, `\` and a drive letter are Windows's way to write a path (a spec
 * from a user between WSL and Windows): taken as they stand, `src\a.ts` is one file at the top
 * named so, and `C:/p/a.ts` makes a folder `C:`, both written and reported as a success.
 */
function windowsPath(input: string): string | null {
  if (sep !== "/") return null;
  if (/^[A-Za-z]:/.test(input)) return `${input} is a Windows path: name the file from the project's root, with / between folders`;
  return input.includes("\\") ? `must use / between folders, not \\ (${input.split("\\").join("/")})` : null;
}

/** `.git/` at any depth and by any name that opens it (`isFolderNamed`): the repository's files, its hooks. */
function inGit(parts: readonly string[]): boolean {
  return parts.some((p) => isFolderNamed(p, ".git"));
}

// Code points HFS+ leaves out of a name when it looks one up (as git's is_hfs_dotgit lists them).
const HFS_IGNORED = /[\u200c-\u200f\u202a-\u202e\u206a-\u206f\ufeff]/g;

/**
 * Whether a path part opens the folder `name` (a dot name such as `.git`) on some file system:
 * in any case (macOS, Windows); with trailing dots or spaces, which Windows drops; with a `:`
 * stream after it (`.git::$INDEX_ALLOCATION` is the folder on NTFS); with code points HFS+
 * ignores in it; or by its 8.3 short name (`GIT~1`). Git refuses these names for the same reason.
 */
export function isFolderNamed(part: string, name: string): boolean {
  const opened = part.replace(HFS_IGNORED, "").split(":")[0]!.replace(/[. ]+$/, "").toLowerCase();
  return opened === name || opened === `${name.replace(/^\./, "").slice(0, 6)}~1`;
}

/**
 * Whether a project path a stored record names (a backup manifest's, forward slashes) is one a run
 * could have written: relative, down only, not in `.git/`. A record is a file in the project, and
 * a cloned repository may carry one made to put a hook into `.git/` when it is "restored".
 */
export function recordablePath(rel: string): boolean {
  const parts = rel.split("/");
  return !isAbsolute(rel) && !/^[A-Za-z]:/.test(rel) && parts.every((p) => p !== "" && p !== "." && p !== "..") && !inGit(parts);
}

/** Whether a path relative to the root leaves it: `..` itself or `../…` (not `..cache`), or another drive. */
export function outsideRel(rel: string): boolean {
  return rel === ".." || rel.startsWith(`..${sep}`) || isAbsolute(rel);
}

/**
 * An absolute path that reaches the root by another way in (a symlink to the project or to a
 * folder above it: the CLI's root is the physical cwd, while Claude names files by the path it
 * started in), rebased on `root`; null when no folder on the path is the root. Only the way in
 * is taken: the rest is then checked as any path named under root.
 */
function viaRootAlias(root: string, abs: string): string | null {
  const realRoot = realOrNull(root);
  if (realRoot === null) return null;
  for (let dir = dirname(abs); dirname(dir) !== dir; dir = dirname(dir)) {
    if (realOrNull(dir) === realRoot) return join(root, relative(dir, abs));
  }
  return null;
}

/**
 * `abs` relative to the project's real root, with the symlinks in its existing part resolved
 * (forward slashes); null when that part is a broken symlink. For checks that a symlink must not
 * get around, such as "not inside local-delegate's own folder".
 */
export function realRelative(root: string, abs: string): string | null {
  const existing = deepestExisting(abs);
  const real = realOrNull(existing);
  if (real === null) return null;
  return relative(realOrSelf(root), join(real, relative(existing, abs))).split(sep).join("/");
}

function deepestExisting(p: string): string {
  for (let cur = p; ; cur = dirname(cur)) {
    try {
      lstatSync(cur);
      return cur;
    } catch {
      if (dirname(cur) === cur) return cur;
    }
  }
}


/** True when `rel` (forward slashes) lies under the folder `dirRel`. */
export function isUnder(rel: string, dirRel: string): boolean {
  return rel === dirRel || rel.startsWith(`${dirRel}/`);
}

