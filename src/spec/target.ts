import { accessSync, constants, statSync, type Stats } from "node:fs";
import { dirname } from "node:path";
import { fail, ok, type Result } from "../errors.js";
import { effectiveUid, hardLinkedReason, ioReason, notOwnReason, notRegular, readOnlyReason } from "../util/fs.js";

const FIELD = "output_file";

/**
 * Refuses, before the model is called, an output file the run must not or could not write: one
 * that is not a regular file (a folder, a FIFO, a socket, a device: a FIFO would hold the run in
 * open() for ever), one this user could not change in place (its mode says read-only for them;
 * for root, read-only for everyone), one with other hard links (they would keep the old content),
 * or one in a folder this user cannot write. A read-only
 * filesystem or an immutable file is left to the write, which says so. `abs` is followed through
 * a symlink inside the project (the spec's paths are already known to stay inside).
 */
export function checkOutputTarget(abs: string): Result<void> {
  let st: Stats;
  try {
    st = statSync(abs);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return checkFolder(abs);
    // A path through a file, or a name over the filesystem's limit, can never be written: said
    // now, before the model is asked, not by the write after it answered. Anything else
    // (permission on a folder above, say) is left to the write, which says so.
    if (code === "ENOTDIR" || code === "ENAMETOOLONG") return fail("SPEC_INVALID", `cannot be written: ${ioReason(e)}`, { field: FIELD });
    return ok(undefined);
  }
  if (st.isDirectory()) return fail("SPEC_INVALID", "is a folder, not a file", { field: FIELD });
  const odd = notRegular(st);
  if (odd) return fail("SPEC_INVALID", `is ${odd}, not a regular file; only regular files are written`, { field: FIELD });
  const ro = readOnlyReason(st, effectiveUid(), () => mayAccess(abs, constants.W_OK));
  if (ro) {
    return fail("SPEC_INVALID", `${ro}; local-delegate changes only files you could change yourself`, {
      field: FIELD,
      hint: "make it writable (chmod u+w) if it is meant to change",
    });
  }
  const theirs = notOwnReason(st, effectiveUid());
  if (theirs) return fail("SPEC_INVALID", theirs, { field: FIELD, hint: "have its owner run the task, or make it yours (chown) if it is meant to be" });
  const linked = hardLinkedReason(st);
  if (linked) return fail("SPEC_INVALID", linked, { field: FIELD, hint: "give it a copy of its own (cp it to a new name, then mv that over it), or write it yourself" });
  return checkFolder(abs);
}

/** The file is replaced by a rename, which needs the folder's write permission (or, when new, the first folder that exists). */
function checkFolder(abs: string): Result<void> {
  let dir = dirname(abs);
  for (;;) {
    try {
      statSync(dir);
      break;
    } catch {
      if (dirname(dir) === dir) return ok(undefined);
      dir = dirname(dir);
    }
  }
  if (mayAccess(dir, constants.W_OK | constants.X_OK)) return ok(undefined);
  return fail("SPEC_INVALID", `cannot be written: the folder ${dir} is not writable for you`, { field: FIELD });
}

/** False only when permission is refused: a read-only filesystem is for the write to report. */
function mayAccess(path: string, mode: number): boolean {
  try {
    accessSync(path, mode);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== "EACCES";
  }
}
