import * as z from "zod/mini";

// Each hook run parses one or two objects and exits: zod's compiled fast path (generated with
// new Function on first use) costs more to build than it saves here.
z.config({ jitless: true });

// What Claude Code sends a hook on stdin (2.1.x). Loose: new fields appear often and must not
// break the hook; only what a decision needs is read.

const base = {
  session_id: z.nullish(z.string()),
  transcript_path: z.nullish(z.string()),
  cwd: z.nullish(z.string()),
  hook_event_name: z.string(),
};

export const SessionStartInput = z.looseObject({ ...base, source: z.nullish(z.string()) });

export const PromptSubmitInput = z.looseObject({ ...base, prompt: z.string() });

export const WriteInput = z.looseObject({ file_path: z.string(), content: z.string() });
export const EditInput = z.looseObject({
  file_path: z.string(),
  old_string: z.string(),
  new_string: z.string(),
  replace_all: z.nullish(z.boolean()),
});
// MultiEdit is gone from Claude Code 2.1, but older clients still send it.
export const MultiEditInput = z.looseObject({
  file_path: z.string(),
  edits: z.array(z.looseObject({ old_string: z.string(), new_string: z.string(), replace_all: z.nullish(z.boolean()) })),
});

export const PreToolUseInput = z.looseObject({
  ...base,
  tool_name: z.string(),
  tool_input: z.unknown(),
});

export type PreToolUse = z.infer<typeof PreToolUseInput>;
