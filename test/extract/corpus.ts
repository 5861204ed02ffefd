// The extraction corpus: answer shapes that code tools meet from real models, each with the exact
// file a correct extractor writes or the refusal it gives. Written for this project from the
// formats those tools document (aider's whole-file and edit formats, smolagents' code markers,
// Claude-style file tags, JSON-mode answers), CommonMark's rules for fenced code blocks, and the
// habits of chat and coder models (chatter, <think>, several files, "Here's the updated `x`:").
import { CLEAN_CASES, TRUNCATION_CASES } from "./corpus/clean.js";
import { COMMONMARK_CASES } from "./corpus/commonmark.js";
import type { CorpusCase } from "./corpus/fixtures.js";
import { INSIDE_CASES } from "./corpus/inside.js";
import { LABEL_CASES } from "./corpus/labels.js";
import { MARKDOWN_CASES } from "./corpus/markdown.js";
import { MARKER_CASES } from "./corpus/markers.js";
import { NAME_CASES } from "./corpus/names.js";
import { SEVERAL_CASES } from "./corpus/several.js";
import { STRING_CASES } from "./corpus/strings.js";

export type { CorpusCase } from "./corpus/fixtures.js";

export const CORPUS: Record<string, readonly CorpusCase[]> = {
  "file names next to a fence": NAME_CASES,
  "several files in one answer": SEVERAL_CASES,
  "labelled blocks that import a namesake": LABEL_CASES,
  "Markdown targets": MARKDOWN_CASES,
  "tool markers and edit formats": MARKER_CASES,
  "answer markers inside a file's own code": INSIDE_CASES,
  "CommonMark fences and fences inside files": COMMONMARK_CASES,
  "fences inside strings no syntax check reads": STRING_CASES,
  "clean shapes": CLEAN_CASES,
  "truncated answers": TRUNCATION_CASES,
};
