import { parseArgs, type ParseArgsConfig } from "node:util";
import { fail, ok, type Result } from "../errors.js";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** node:util's parser, with its exceptions turned into a USAGE failure. */
export function parse<O extends Options>(argv: string[], options: O): Result<{ values: Record<string, string | boolean | undefined>; positionals: string[] }> {
  try {
    const r = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    return ok({ values: r.values as Record<string, string | boolean | undefined>, positionals: r.positionals });
  } catch (e) {
    return fail("USAGE", (e as Error).message.replace(/\. To specify a positional.*$/s, ""));
  }
}
