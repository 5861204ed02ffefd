import { existsSync } from "node:fs";
import { readRegularFile } from "../util/fs.js";
import { fail, ok, type Result } from "../errors.js";
import type { ContextFile } from "../prompt/build.js";
import type { TaskSpec } from "../spec/load.js";
import { inferLanguage } from "../lang/languages.js";
import { sha256 } from "../write/manifest.js";
import { resolveInProject, type ProjectPath } from "../project/safe-path.js";

/**
 * A file larger than this is not context, it is a data set; and the engine writes nothing larger,
 * so that what one task writes the next can read.
 */
export const MAX_INPUT_FILE_BYTES = 1024 * 1024;

export interface TaskInputs {
  /** The output file's text before the run, or null when it does not exist. */
  existing: string | null;
  /**
   * The hash of the output file's bytes as read (null: there was none). The model's file is built
   * from them: written over anything else, it would undo an edit made while the model answered.
   */
  existingSha256: string | null;
  context: ContextFile[];
}

/** Reads the output file and the context files, refusing binary, non-UTF-8 and huge files by name. */
export function readTaskInputs(spec: TaskSpec): Result<TaskInputs> {
  const read = readExisting(spec);
  if (!read.ok) return read;
  const existing = read.value;
  const context: ContextFile[] = [];
  for (const [i, p] of spec.context.entries()) {
    const t = readText(spec.root, p, `context_files[${i}]`);
    if (!t.ok) return t;
    context.push({ rel: p.rel, language: inferLanguage(p.rel), text: t.value.text });
  }
  return ok({ existing: existing?.text ?? null, existingSha256: existing?.sha256 ?? null, context });
}

/** The output file's text and the hash of its bytes, or null when there is none. */
export function readExisting(spec: TaskSpec): Result<{ text: string; sha256: string } | null> {
  return existsSync(spec.output.abs) ? readText(spec.root, spec.output, "output_file") : ok(null);
}

function readText(root: string, path: ProjectPath, field: string): Result<{ text: string; sha256: string }> {
  // Checked again as it is read: the spec was checked before the run waited for its lock, and a
  // path swapped meanwhile for a symlink that leads out would put a file from outside in the prompt.
  const still = resolveInProject(root, path.rel, field);
  if (!still.ok) return still;
  const abs = path.abs;
  let bytes: Buffer;
  try {
    // Opened without blocking and checked before reading: a FIFO put in a file's place since the
    // spec was checked is refused, not waited on for ever.
    const read = readRegularFile(abs, { maxBytes: MAX_INPUT_FILE_BYTES });
    if ("refused" in read && read.stats.isFile()) {
      return fail("SPEC_INVALID", `is ${(read.stats.size / 1024 / 1024).toFixed(1)} MB; a file over 1 MB cannot be sent to a local model`, {
        field,
        hint: "name a smaller file, or the part of it that matters",
      });
    }
    if ("refused" in read) return fail("SPEC_INVALID", read.refused, { field });
    bytes = read.bytes;
  } catch (e) {
    return fail("IO", `cannot read it: ${(e as Error).message}`, { field });
  }
  // UTF-16 text is full of NUL bytes, but it is text: said as such, not as "binary".
  if (isUtf16(bytes)) return fail("SPEC_INVALID", "is UTF-16 text, not UTF-8", { field, hint: "convert it to UTF-8 or leave it out" });
  if (bytes.subarray(0, 8192).includes(0)) return fail("SPEC_INVALID", "is a binary file, not text", { field });
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return ok({ text: text.startsWith("\uFEFF") ? text.slice(1) : text, sha256: sha256(bytes) });
  } catch {
    return fail("SPEC_INVALID", "is not UTF-8 text", { field, hint: "convert it to UTF-8 or leave it out" });
  }
}

/** A UTF-16 byte-order mark (FF FE or FE FF) followed by text, not a UTF-32 one (FF FE 00 00). */
function isUtf16(bytes: Buffer): boolean {
  const le = bytes[0] === 0xff && bytes[1] === 0xfe;
  const be = bytes[0] === 0xfe && bytes[1] === 0xff;
  if (!le && !be) return false;
  return !(le && bytes.length >= 4 && bytes[2] === 0 && bytes[3] === 0);
}
