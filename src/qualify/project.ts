import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fail, ok, type Result } from "../errors.js";
import { validateSpec, type TaskSpec } from "../spec/load.js";
import { eraseTypes } from "./erase-types.js";
import { fileShape, type FileShape } from "./shape.js";
import { PY_HARNESS, PY_HARNESS_FILE } from "./suite/harness-py.js";
import { HARNESS, HARNESS_FILE, PREPARED_FILE } from "./suite/harness.js";
import { CHECK_FILE, TEST_COMMAND, type SuiteTask } from "./suite/task.js";
import { makeFolders } from "../util/fs.js";

export interface TaskProject {
  root: string;
  spec: TaskSpec;
  /** The spec as JSON text, as `run` would have read it. */
  specText: string;
  /**
   * Builds what the hidden check needs from the answer just written (JavaScript from TypeScript,
   * the declarations of each TypeScript file). Called after the write, before the check runs.
   */
  prepare(): void;
}

const NODE_PROJECT = new Set<SuiteTask["language"]>(["javascript", "typescript", "markdown"]);

/** Lays out one task's throwaway project under `base` and validates its spec like `run` does. */
export function createTaskProject(base: string, task: SuiteTask): Result<TaskProject> {
  const root = join(base, task.id);
  try {
    makeFolders(root);
    const write = (rel: string, text: string) => {
      const abs = join(root, rel);
      makeFolders(dirname(abs));
      writeFileSync(abs, text);
    };
    // `.git` marks the project root; a JavaScript project is ES modules, as the constraints say.
    makeFolders(join(root, ".git"));
    if (NODE_PROJECT.has(task.language)) write("package.json", `${JSON.stringify({ name: `qualify-${task.id}`, private: true, type: "module" }, null, 2)}\n`);
    for (const [rel, text] of Object.entries(task.files ?? {})) write(rel, text);
    for (const [rel, text] of Object.entries(task.hidden ?? {})) write(rel, text);
    const checkFile = task.check_file ?? CHECK_FILE;
    if (checkFile.endsWith(".mjs")) write(HARNESS_FILE, HARNESS);
    if (checkFile.endsWith(".py")) write(PY_HARNESS_FILE, PY_HARNESS);
    write(checkFile, task.check);
  } catch (e) {
    return fail("IO", `cannot lay out the qualification task ${task.id} in ${root}: ${(e as Error).message}`);
  }

  const raw = {
    task_id: `qualify-${task.id}`,
    kind: task.kind,
    description: task.description,
    output_file: task.output_file,
    ...(task.context_files?.length ? { context_files: task.context_files } : {}),
    ...(task.constraints?.length ? { constraints: task.constraints } : {}),
    ...(task.rename ? { rename: task.rename } : {}),
    test_command: task.test_command ?? TEST_COMMAND,
  };
  const spec = validateSpec(raw, root);
  // A suite task that fails validation is a bug in the suite, not in the model.
  if (!spec.ok) return fail("INTERNAL", `qualification task ${task.id} has an invalid spec: ${spec.error.message}`);
  return ok({ root, spec: spec.value, specText: JSON.stringify(raw), prepare: () => prepareChecks(root, task) });
}

/** Writes `.qualify/prepared.json` ({errors, shapes}) and `.qualify/ts/*.js` for the task's TypeScript files. */
export function prepareChecks(root: string, task: SuiteTask): void {
  // Only the TypeScript checks read these; the other languages' checks run the answer as written.
  if (!task.erase?.length) return;
  const errors: string[] = [];
  const shapes: Record<string, FileShape | null> = {};
  for (const rel of task.erase ?? []) {
    const out = join(root, ".qualify", "ts", rel.replace(/\.(ts|mts)$/, ".js"));
    rmSync(out, { force: true });
    let source: string;
    try {
      source = readFileSync(join(root, rel), "utf8");
    } catch {
      errors.push(`${rel} was not written`);
      continue;
    }
    shapes[rel] = fileShape(source);
    const js = eraseTypes(source, { jsImports: true });
    if (!js.ok) {
      errors.push(`${rel}: ${js.error.message}`);
      continue;
    }
    makeFolders(dirname(out));
    writeFileSync(out, js.value);
  }
  writeFileSync(join(root, PREPARED_FILE), JSON.stringify({ errors, shapes }));
}
