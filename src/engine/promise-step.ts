import { fileFacts } from "../lang/facts.js";
import { definedNames } from "../lang/names.js";
import type { TaskSpec } from "../spec/load.js";
import { countLines } from "../util/lines.js";
import { checkPromises, promisesOf, type PromiseBreach, type Promises } from "../verify/promises.js";
import type { TaskInputs } from "./read-inputs.js";

/** What a run holds each answer's file to: the spec's promises, and the names defined elsewhere. */
export interface PromiseGate {
  promises: Promises;
  /** Names the context files define: a spec that names them asks to use them, not to write them. */
  elsewhere: ReadonlySet<string>;
}

/**
 * The spec's promises for this run. A refactor also keeps what the file exported before (but the
 * name it renames): a refactor that drops half a module's API is not the file that was asked for.
 */
export async function promiseGate(spec: TaskSpec, inputs: TaskInputs): Promise<PromiseGate> {
  const promises = promisesOf({ kind: spec.kind, description: spec.description, constraints: spec.constraints, language: spec.language, rename: spec.rename });
  if (spec.kind === "refactor" && inputs.existing !== null) {
    const before = (await definedNames(inputs.existing, spec.language)) ?? [];
    for (const n of before) {
      if (!n.exported || n.name.includes(".") || n.name === spec.rename?.from || promises.names.some((p) => p.name === n.name)) continue;
      promises.names.push({ name: n.name, exported: true, said: `${n.name} is exported by the file before the refactor` });
    }
  }
  const elsewhere = new Set<string>();
  if (promises.names.length) {
    for (const c of inputs.context) for (const n of (await definedNames(c.text, c.language)) ?? []) elsewhere.add(n.name);
  }
  return { promises, elsewhere };
}

/** Whether a file keeps the spec's promises; the breach is fed back to the model like a failing test. */
export async function promiseBreach(gate: PromiseGate, content: string, language: string): Promise<PromiseBreach | null> {
  const p = gate.promises;
  const needsFacts = p.names.length > 0 || p.noDependencies || p.noFunctions;
  const facts = needsFacts ? await fileFacts(content, language) : null;
  return checkPromises(p, countLines(content), facts, gate.elsewhere);
}
