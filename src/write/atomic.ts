import { unlinkSync } from "node:fs";
import { basename, dirname } from "node:path";
import { fail, ok, type Result } from "../errors.js";
import { ensureFolder, ioReason, realOrSelf } from "../util/fs.js";
import { HeldFolder, replaceFile } from "./held.js";

/**
 * Writes one of local-delegate's own files (a manifest, a spec copy, a job's state) so that a
 * reader, or a crash, sees the old content or the new, never a mix: temp file beside the target
 * (same filesystem), fsync, rename over, fsync the folder. A symlink is followed so that the link
 * itself stays, unless `link: "replace"`: a file whose name a cloned repository could have taken
 * with a link leading out (a spec copy named by its task id) replaces the link instead. Project
 * files go through a transaction instead, which never follows a link.
 */
export function writeFileAtomic(target: string, data: string | Uint8Array, mode?: number, opts: { link?: "follow" | "replace" } = {}): Result<void> {
  const replaceLink = opts.link === "replace";
  const real = replaceLink ? target : realOrSelf(target);
  let folder: HeldFolder | null = null;
  try {
    ensureFolder(dirname(real));
    folder = HeldFolder.open(dirname(real), "", { create: false });
    // The link goes, not what it leads to; the rename below then puts a file of its own there.
    if (replaceLink && folder.lstat(basename(real))?.isSymbolicLink()) unlinkSync(folder.at(basename(real)));
    replaceFile(folder, basename(real), typeof data === "string" ? Buffer.from(data, "utf8") : data, { mode });
    return ok(undefined);
  } catch (e) {
    return fail("IO", `cannot write ${target}: ${ioReason(e)}`);
  } finally {
    folder?.close();
  }
}
