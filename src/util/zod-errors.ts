import type * as z from "zod";
import { closest } from "./closest.js";

/** `context_files[2]: expected string`: the path of the first issue, in the form users write. */
export function describeZodError(error: z.ZodError, known: readonly string[] = [], input?: unknown): { field: string; message: string } {
  // An unknown key is usually a misspelt known one (`outputFile`), whose absence zod reports
  // first as "required": the unknown key, with its suggestion, is the issue worth showing.
  const issue = error.issues.find((i) => i.code === "unrecognized_keys") ?? error.issues[0];
  if (!issue) return { field: "", message: "invalid" };
  if (issue.code === "unrecognized_keys") {
    const key = issue.keys[0] ?? "";
    const where = formatPath(issue.path);
    // `known` lists the top-level fields; a key inside a nested object gets no suggestion from it.
    const near = where ? undefined : closest(key, known);
    return {
      field: where ? `${where}.${key}` : key,
      message: near ? `unknown field (did you mean ${near}?)` : "unknown field",
    };
  }
  // Zod 4 leaves `issue.input` out unless asked, so "missing" is read from the input itself.
  const missing =
    issue.code === "invalid_type" &&
    ("input" in issue
      ? issue.input === undefined
      : input === undefined
        ? /received undefined$/.test(issue.message)
        : valueAt(input, issue.path) === undefined);
  const message = missing ? "is required" : issue.message.replace(/^Invalid input: /, "");
  return { field: formatPath(issue.path), message };
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let cur = input;
  for (const p of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[p];
  }
  return cur;
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out;
}

