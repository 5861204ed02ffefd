import { dirname } from "node:path";
import { fileFacts } from "../lang/facts.js";
import { localModules } from "../lang/local-modules.js";
import { definedNames } from "../lang/names.js";
import type { TaskSpec } from "../spec/load.js";
import { countLines } from "../util/lines.js";
import { checkPromises, exportsToKeep, promisesOf, type PromiseBreach, type Promises } from "../verify/promises.js";
import type { TaskInputs } from "./read-inputs.js";

/** What a run holds each answer's file to: the spec's promises, and the names defined elsewhere. */
export interface PromiseGate {
  promises: Promises;
  /** Names the context files define: a spec that names them asks to use them, not to write them. */
  elsewhere: ReadonlySet<string>;
  /** Whether a module the file imports is the project's own (not a dependency). */
  isLocal: (module: string, language: string) => boolean;
}

/**
 * The spec's promises for this run. A task that changes an existing file also keeps what the file
 * exported before (but the name a refactor renames, and names its description removes): a change
 * that drops half a module's API is not the file that was asked for, and the dropped code is lost.
 */
export async function promiseGate(spec: TaskSpec, inputs: TaskInputs): Promise<PromiseGate> {
  const input = { kind: spec.kind, description: spec.description, constraints: spec.constraints, language: spec.language, rename: spec.rename };
  const promises = promisesOf(input);
  if (inputs.existing !== null) {
    promises.names.push(...exportsToKeep((await definedNames(inputs.existing, spec.language)) ?? [], input, promises.names));
  }
  const elsewhere = new Set<string>();
  // Only a promised name matters here, and a file that never spells one cannot define it: parsing
  // every context file (up to 20 MB of them) took seconds.
  const promised = promises.names.map((n) => n.name);
  for (const c of inputs.context) {
    if (!promised.some((n) => c.text.includes(n))) continue;
    for (const n of (await definedNames(c.text, c.language)) ?? []) if (promised.includes(n.name)) elsewhere.add(n.name);
  }
  return { promises, elsewhere, isLocal: localModules(spec.root, dirname(spec.output.abs)) };
}

/** Whether a file keeps the spec's promises; the breach is fed back to the model like a failing test. */
export async function promiseBreach(gate: PromiseGate, content: string, language: string): Promise<PromiseBreach | null> {
  const p = gate.promises;
  const needsFacts = p.names.length > 0 || p.noDependencies || p.noFunctions;
  const facts = needsFacts ? await fileFacts(content, language, { isLocal: gate.isLocal }) : null;
  return checkPromises(p, countLines(content), facts, gate.elsewhere);
}
