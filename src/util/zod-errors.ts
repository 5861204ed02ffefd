import type { z } from "zod";

/** `context_files[2]: expected string`: the path of the first issue, in the form users write. */
export function describeZodError(error: z.ZodError, known: readonly string[] = []): { field: string; message: string } {
  const issue = error.issues[0];
  if (!issue) return { field: "", message: "invalid" };
  if (issue.code === "unrecognized_keys") {
    const key = issue.keys[0] ?? "";
    const near = closest(key, known);
    const where = formatPath(issue.path);
    return {
      field: where ? `${where}.${key}` : key,
      message: near ? `unknown field (did you mean ${near}?)` : "unknown field",
    };
  }
  const message = issue.code === "invalid_type" && issue.input === undefined ? "is required" : issue.message;
  return { field: formatPath(issue.path), message };
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out;
}

function closest(key: string, known: readonly string[]): string | undefined {
  const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, "");
  return known.find((k) => norm(k) === norm(key)) ?? known.find((k) => distance(norm(k), norm(key)) <= 2);
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}
