import { statSync, type Stats } from "node:fs";
import { join, relative, sep } from "node:path";
import { parse as parseYaml } from "yaml";
import { describeThrown, fail, ok, type Result } from "../errors.js";
import { dataDir, nestedProjectOf } from "../project/root.js";
import { isFolderNamed, isUnder, resolveInProject, type ProjectPath } from "../project/safe-path.js";
import { ioReason, notRegular, realOrSelf } from "../util/fs.js";
import { readNamedFile } from "./read-file.js";
import { describeZodError } from "../util/zod-errors.js";
import { writeFileAtomic } from "../write/atomic.js";
import { SPEC_FIELDS, TaskSpecSchema, type TaskSpecParsed } from "./schema.js";
import { specLanguage } from "./language.js";
import { checkOutputTarget } from "./target.js";

/** A validated spec whose paths are resolved and known to stay inside the project. */
export interface TaskSpec extends Omit<TaskSpecParsed, "language"> {
  language: string;
  root: string;
  output: ProjectPath;
  context: ProjectPath[];
}

export const MAX_SPEC_BYTES = 256 * 1024;

/** The spec's parsed JSON and its text as written (the text is what Claude paid for). */
export function readSpecFile(path: string): Result<{ json: unknown; text: string }> {
  const text = readNamedFile(path, "spec", MAX_SPEC_BYTES, (size) => `spec file is ${size} bytes; at most ${MAX_SPEC_BYTES}`);
  return text.ok ? parseSpecText(text.value) : text;
}

/**
 * A spec's text, JSON or YAML. Claude hands specs over on stdin as YAML because Claude Code's Bash
 * safety check refuses a heredoc holding `{"` (and a Write under `.claude/` always asks the user);
 * JSON is valid YAML, so both parse here, and zod validates either the same way.
 */
export function parseSpecText(text: string): Result<{ json: unknown; text: string }> {
  if (Buffer.byteLength(text) > MAX_SPEC_BYTES) return fail("SPEC_INVALID", `spec is over ${MAX_SPEC_BYTES} bytes`);
  if (!text.trim()) return fail("SPEC_INVALID", "spec is empty");
  try {
    return ok({ json: JSON.parse(text) as unknown, text });
  } catch {
    // not JSON: try YAML
  }
  try {
    const doc = parseYaml(text, { prettyErrors: false }) as unknown;
    if (doc === null || typeof doc !== "object" || Array.isArray(doc)) {
      return fail("SPEC_INVALID", "spec must be a JSON object or a YAML mapping of its fields (task_id, description, output_file, …)");
    }
    return ok({ json: doc, text });
  } catch (e) {
    return fail("SPEC_INVALID", `spec is neither valid JSON nor YAML: ${describeThrown(e).split("\n")[0]}`);
  }
}

/** Keeps the spec Claude handed over on stdin beside the others, so the task can be rerun by file. */
export function saveSpecCopy(dataDir: string, taskId: string, json: unknown): string | null {
  const path = join(dataDir, "specs", `${taskId}.json`);
  const w = writeFileAtomic(path, `${JSON.stringify(json, null, 2)}\n`, undefined, { link: "replace" });
  return w.ok ? path : null;
}

/** Validates a spec and resolves its paths against the project root. Nothing is read or written. */
export function validateSpec(raw: unknown, root: string): Result<TaskSpec> {
  const parsed = TaskSpecSchema.safeParse(raw);
  if (!parsed.success) {
    const { field, message } = describeZodError(parsed.error, SPEC_FIELDS, raw);
    return fail("SPEC_INVALID", message, { field });
  }
  const spec = parsed.data;

  const output = resolveInProject(root, spec.output_file, "output_file");
  if (!output.ok) return output;
  const target = checkModelOutput(root, output.value, spec.output_file);
  if (!target.ok) return target;

  const context: ProjectPath[] = [];
  for (const [i, file] of spec.context_files.entries()) {
    const field = `context_files[${i}]`;
    const p = resolveInProject(root, file, field);
    if (!p.ok) return p;
    const odd = notReadable(p.value.abs, file);
    if (odd) return fail("SPEC_INVALID", odd, { field });
    if (!context.some((c) => c.rel === p.value.rel)) context.push(p.value);
  }

  const kindRules = checkKind(spec, isFile(output.value.abs));
  if (!kindRules.ok) return kindRules;

  return ok({
    ...spec,
    language: specLanguage(spec.language, output.value.rel),
    root,
    output: output.value,
    context,
  });
}

/** A refactor changes a file that is there (`outputIsFile`: now, or by the time it runs); only a refactor renames. */
export function checkKind(spec: Pick<TaskSpecParsed, "kind" | "rename">, outputIsFile: boolean): Result<void> {
  if (spec.kind === "refactor" && !outputIsFile) {
    return fail("SPEC_INVALID", "a refactor needs an existing file to change", { field: "output_file" });
  }
  if (spec.rename && spec.kind !== "refactor") {
    return fail("SPEC_INVALID", 'only a task of kind "refactor" can rename', { field: "rename" });
  }
  if (spec.rename && spec.rename.from === spec.rename.to) {
    // Left to the importers' checks, every file using the name would read as the new name taken.
    return fail("SPEC_INVALID", `rename.from and rename.to are both \`${spec.rename.from}\`: there is nothing to rename`, { field: "rename", hint: "drop `rename`, or give the new name in rename.to" });
  }
  return ok(undefined);
}

/**
 * Whether the model may write this file (already resolved inside the project): not in
 * local-delegate's own folder, not under `.claude/`, and a file this user could write. A spec's
 * output and every file a plan's local task names go through it, so that `plan check` refuses what
 * the run would. Failures name the field `output_file`.
 */
export function checkModelOutput(root: string, output: ProjectPath, named: string): Result<void> {
  // Resolving drops a trailing `/` (and `/.`, `/..` resolve to a folder): "src/utils/" would be
  // written as a file named src/utils, where the spec named a folder.
  if (namesFolder(named)) {
    return fail("SPEC_INVALID", `names a folder (${named}), not a file`, { field: "output_file", hint: "give the path of the one file to write, with its name" });
  }
  const ownData = relative(root, dataDir(root)).split("\\").join("/");
  if (outputUnder(output, ownData)) {
    return fail("PATH_ESCAPE", `must not be inside local-delegate's own folder (${ownData}/)`, { field: "output_file" });
  }
  // Claude Code's settings run hooks (shell commands), and local-delegate.yaml names the server
  // that receives the project's code: the model must not write them. Claude Code itself asks the
  // user before any write there; a delegated write must not be the way around that question. At
  // any depth: Claude Code started in a monorepo's package reads that package's `.claude/`, and
  // finds skills in nested ones, while the root here is the repository's.
  if (hasFolder(output, ".claude")) {
    return fail("PATH_ESCAPE", "must not be under .claude/, Claude Code's settings folder (its settings, hooks and local-delegate.yaml)", {
      field: "output_file",
      hint: "write that file yourself, where Claude Code asks the user first",
    });
  }
  const nested = nestedProjectOf(realOrSelf(root), output.real ?? output.rel);
  if (nested) return inNestedProject(nested, "output_file");
  return checkOutputTarget(output.abs);
}

/**
 * A file inside a project nested in this one is written from there only: its runs there keep
 * their own locks and backups, which a run from here would not see (two runs at once on the file,
 * the second backing up the first's unverified file as the original and putting it back).
 */
export function inNestedProject(nested: string, field: string): Result<never> {
  return fail("SPEC_INVALID", `is inside ${nested}/, a project of its own (it has its own .git): a run from here would not see the runs and backups made there`, {
    field,
    hint: `run the task from ${nested}/ (cd ${nested}), with its paths from there`,
  });
}

/**
 * Whether the output lies under the folder `dirRel`, checked on the path as named and as resolved
 * (a symlink to the folder does not get around it), and without case, since macOS and Windows
 * folders are case-insensitive.
 */
function outputUnder(output: ProjectPath, dirRel: string): boolean {
  const dir = dirRel.toLowerCase();
  // `real` is the path with its symlinks resolved, as resolveInProject found it.
  return isUnder(output.rel.toLowerCase(), dir) || isUnder((output.real ?? output.rel).toLowerCase(), dir);
}

/** Whether the output's path, as named or as resolved, goes through `name` at any depth, by any name that opens it (`isFolderNamed`). */
function hasFolder(output: ProjectPath, name: string): boolean {
  const through = (rel: string) => rel.split("/").some((p) => isFolderNamed(p, name));
  return through(output.rel) || through(output.real ?? output.rel);
}

/**
 * Why a context file cannot be read, said as what it is, or null for a regular file. Only stat-ed
 * (through a symlink inside the project), never opened: opening a FIFO would wait for a writer.
 */
function notReadable(abs: string, named: string): string | null {
  let st: Stats;
  try {
    st = statSync(abs);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === "ENOENT" ? `no such file: ${named}` : `cannot be read: ${ioReason(e)}`;
  }
  if (st.isDirectory()) return "is a folder, not a file";
  const odd = notRegular(st);
  return odd ? `is ${odd}, not a regular file; only regular files are read` : null;
}

function namesFolder(path: string): boolean {
  const last = path.split(/[/\\]/).at(-1);
  return path.endsWith("/") || path.endsWith(sep) || last === "." || last === "..";
}

/** A context file or a refactor's subject must be a regular file: the rule a spec and a plan share. */
export function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}
