import { describeThrown, fail, ok, type Result } from "../errors.js";
import { ioReason, readRegularFile } from "../util/fs.js";

/**
 * The text of a spec or plan file the user named, as `SPEC_INVALID` failures that say which it was.
 * Opened without blocking and checked first: a FIFO would hold the command in open() for ever,
 * and a device such as /dev/zero reports no size and has no end. `tooLarge` words the refusal of a
 * file over `maxBytes`, given its size.
 */
export function readNamedFile(path: string, what: "spec" | "plan", maxBytes: number, tooLarge: (size: number) => string): Result<string> {
  try {
    const read = readRegularFile(path, { maxBytes });
    if ("refused" in read) {
      if (read.stats.isFile()) return fail("SPEC_INVALID", tooLarge(read.stats.size));
      return fail("SPEC_INVALID", `cannot read ${what} file ${path}: it ${read.stats.isDirectory() ? "is a folder" : read.refused}`);
    }
    return ok(read.bytes.toString("utf8"));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return fail("SPEC_INVALID", `cannot read ${what} file ${path}: ${code === "ENOENT" ? "no such file" : code ? ioReason(e) : describeThrown(e)}`);
  }
}
