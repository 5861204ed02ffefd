// Claude Code reads the YAML front matter of every command and agent file. A file whose front matter
// is not valid YAML loses its keys silently (an agent still loads under its file name; a command's
// `allowed-tools` and `disable-model-invocation` may be dropped), so every file is parsed here as
// strictly as a YAML parser can: any error is an error, a duplicate key is refused, and each key
// Claude Code reads must have the type it expects (docs/dev/claude-code-reference.md, §2 and §3).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseDocument } from "yaml";
import * as z from "zod";
import { describe, expect, it } from "vitest";

const oneLine = z.string().trim().min(1).refine((s) => !s.includes("\n"), "one line");
/** A tool list: a space/comma-separated string or a YAML list of strings. */
const toolList = z.union([oneLine, z.array(oneLine).min(1)]);
const model = z.union([z.enum(["haiku", "sonnet", "opus", "inherit"]), z.string().regex(/^claude-[a-z0-9.-]+$/)]);

// Keys outside these lists are typos Claude Code would ignore.
const Command = z.strictObject({
  description: oneLine,
  "argument-hint": oneLine.optional(),
  "allowed-tools": toolList.optional(),
  "disallowed-tools": toolList.optional(),
  model: model.optional(),
  "disable-model-invocation": z.boolean().optional(),
  "user-invocable": z.boolean().optional(),
  effort: z.string().optional(),
  when_to_use: oneLine.optional(),
});

const Agent = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9-]*$/, "lowercase letters, digits and hyphens"),
  description: oneLine,
  tools: toolList.optional(),
  disallowedTools: toolList.optional(),
  model: model.optional(),
  color: z.enum(["red", "blue", "green", "yellow", "purple", "orange", "pink", "cyan"]).optional(),
  maxTurns: z.number().int().positive().optional(),
  effort: z.string().optional(),
});

/** The front matter's YAML text: between a first line `---` and the next line `---`. */
function frontMatter(text: string): string | null {
  const m = /^---\n([\s\S]*?)\n---\n/.exec(text);
  return m ? m[1]! : null;
}

/** Parsed strictly: every error and warning of the parser fails, duplicate keys included. */
function parseFrontMatter(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  const yaml = frontMatter(text);
  if (yaml === null) return { ok: false, error: "no front matter (a first line ---, then the keys, then ---)" };
  const doc = parseDocument(yaml, { uniqueKeys: true, strict: true, prettyErrors: true });
  const problems = [...doc.errors, ...doc.warnings].map((e) => e.message);
  return problems.length ? { ok: false, error: problems.join("\n") } : { ok: true, value: doc.toJS() };
}

function check(file: string, schema: z.ZodType): void {
  const parsed = parseFrontMatter(readFileSync(file, "utf8"));
  if (!parsed.ok) expect.fail(`${file}: front matter is not valid YAML:\n${parsed.error}`);
  const r = schema.safeParse(parsed.value);
  if (!r.success) expect.fail(`${file}: ${r.error.issues.map((i) => `${i.path.join(".") || "(top)"}: ${i.message}`).join("; ")}`);
}

const mdFiles = (dir: string) => readdirSync(dir).filter((f) => f.endsWith(".md")).map((f) => join(dir, f));

describe("front matter of the plugin's commands and agents", () => {
  it("there are files to check", () => {
    expect(mdFiles("commands").length).toBeGreaterThan(3);
    expect(mdFiles("agents").length).toBeGreaterThan(0);
  });

  it.each(mdFiles("commands"))("%s: strict YAML, the keys Claude Code reads", (file) => check(file, Command));
  it.each(mdFiles("agents"))("%s: strict YAML, the keys Claude Code reads", (file) => check(file, Agent));

  it("the strict parse refuses what Claude Code would misread", () => {
    const bad = (yaml: string) => parseFrontMatter(`---\n${yaml}\n---\nbody\n`).ok;
    expect(bad("description: a: b")).toBe(false);
    expect(bad("description: one\ndescription: two")).toBe(false);
    expect(bad('description: "unclosed')).toBe(false);
    expect(parseFrontMatter("description: no fences\n").ok).toBe(false);
    expect(bad('description: "a: b"')).toBe(true);
    expect(Command.safeParse({ description: "x", "argument-hint": ["file"] }).success).toBe(false);
    expect(Command.safeParse({ description: "x", "disable-model-invocation": "true" }).success).toBe(false);
    expect(Command.safeParse({ description: "x", "allowed-tool": "Bash" }).success).toBe(false);
    expect(Agent.safeParse({ name: "plugin:agent", description: "x" }).success).toBe(false);
  });
});
