import { README, README_TREE, fence, refuse, type CorpusCase } from "./fixtures.js";

// Markdown targets hold fences of their own. The fence around the document must end at its real
// end, not at the first inner ``` line; a document written without a fence is the whole answer,
// not one of its code blocks.

const ESCAPE = /wrap the whole file in ````markdown/;
// READMEs that end on a line a model also says to the user.
const CONTRIBUTING = README + "\n## Contributing\n\nFeel free to open issues and pull requests.\n";
const SUPPORT = README + "\n## Support\n\nIf you have any questions, open an issue.\n";
// A document that shows a Markdown template in a ```markdown block of its own.
const TEMPLATE_DOC = "# Contributing\n\nThanks for helping out.\n\n## Writing docs\n\nEach page starts from this template:\n\n```markdown\n# Page title\n\nOne-line summary.\n```\n\n## Pull requests\n\n- Keep them small.\n- Add tests.\n";

export const MARKDOWN_CASES: CorpusCase[] = [
  { name: "```markdown README.md around a README with inner blocks", source: "chat models naming the file in the info string", path: "README.md", answer: "Here is the README:\n\n" + fence("markdown README.md", README) + "\n", expected: README },
  { name: "```markdown with inner blocks, chatter after", source: "Qwen2.5-Coder", path: "README.md", answer: fence("markdown", README) + "\n\nThis README covers install and usage. Let me know if you want a badge!\n", expected: README },
  {
    name: "```markdown with inner blocks, then a shell block after it",
    source: "chat models",
    path: "README.md",
    answer: fence("markdown", README) + "\n\nPreview it with:\n" + fence("bash", "npx markdown-preview README.md\n"),
    expected: README,
  },
  { name: "````markdown around a README whose inner block is bare", source: "CommonMark: a longer fence holds shorter ones", path: "docs/layout.md", answer: fence("markdown", README_TREE, "````") + "\n", expected: README_TREE },
  { name: "~~~markdown around ``` blocks", source: "CommonMark: tildes and backticks do not close each other", path: "README.md", answer: fence("markdown", README, "~~~"), expected: README },
  { name: "```markdown around a bare inner block: two readings", source: "chat models", path: "docs/layout.md", answer: fence("markdown", README_TREE) + "\n", expected: refuse(ESCAPE) },
  { name: "a README, then a badge line to add to the top", source: "chat models adding to their own answer", path: "README.md", answer: fence("markdown", "# slugger\n\nTurns titles into URL slugs.\n") + "\n\nFor a badge, add this to the top:\n\n" + fence("markdown", "![npm](https://img.shields.io/npm/v/slugger)\n") + "\n", expected: refuse(/splits README\.md over several blocks/) },
  { name: "a README written out, then a leaked <|im_end|>", source: "Qwen2.5 behind a server with the wrong chat template", path: "README.md", answer: README + "<|im_end|>", expected: README },
  { name: "a README written out, then a leaked </s> on its own line", source: "Codestral behind a server with the wrong chat template", path: "README.md", answer: README + "</s>\n", expected: README },
  { name: "a README whose last line ends in HTML's </s>", source: "READMEs striking out old prices", path: "README.md", answer: README + "\nWas <s>$10</s>", expected: README + "\nWas <s>$10</s>\n" },
  { name: "a README written out without a fence", source: "Llama 3, Mistral instruct", path: "README.md", answer: README, expected: README },
  { name: "an unfenced README whose last section says 'Feel free to'", source: "READMEs inviting contributions", path: "README.md", answer: CONTRIBUTING, expected: CONTRIBUTING },
  { name: "an unfenced README whose last section says 'If you have', then chatter", source: "READMEs pointing to support", path: "README.md", answer: SUPPORT + "\nLet me know if you'd like any changes!\n", expected: SUPPORT },
  { name: "an unfenced README, then 'Feel free to' about the answer", source: "chat models", path: "README.md", answer: README + "\nFeel free to customize it to your needs!\n", expected: README },
  { name: "an unfenced document holding a ```markdown template", source: "Llama 3, Mistral instruct writing docs", path: "CONTRIBUTING.md", answer: TEMPLATE_DOC, expected: TEMPLATE_DOC },
  { name: "the same after a lead-in", source: "chat models", path: "CONTRIBUTING.md", answer: "Sure! Here's the file:\n\n" + TEMPLATE_DOC, expected: TEMPLATE_DOC },
  { name: "a ```markdown document between chat headings", source: "chat models formatting their answer", path: "README.md", answer: "### Updated README\n\n" + fence("markdown", README) + "\n\n### Changes\n\n- Added the Use section.\n", expected: README },
  { name: "an unfenced README between chatter", source: "chat models", path: "README.md", answer: "Sure! Here's the README:\n\n" + README + "\nLet me know if you'd like any changes.\n", expected: README },
  { name: "an untagged fence whose document starts with a heading", source: "chat models", path: "README.md", answer: "Here it is:\n" + fence("", README), expected: README },
  { name: "the target's path line before ```markdown", source: "aider whole-file format", path: "README.md", answer: "README.md\n" + fence("markdown", README), expected: README },
  { name: "another Markdown file's path before the block", source: "aider whole-file format", path: "README.md", answer: "CONTRIBUTING.md\n" + fence("markdown", "# Contributing\n\nOpen a PR.\n"), expected: refuse(/the answer is for CONTRIBUTING\.md, not README\.md/) },
  { name: "a Markdown target answered with only a shell block", source: "chat models", path: "README.md", answer: "Run this:\n" + fence("bash", "npm install\n"), expected: refuse(/holds bash code, not the Markdown of README\.md/) },
  { name: "a Markdown target as JSON", source: "JSON-mode answers", path: "README.md", answer: JSON.stringify({ path: "README.md", content: README }), expected: README },
  {
    name: "a document that shows a SEARCH/REPLACE block as an example",
    source: "aider's own docs",
    path: "docs/edits.md",
    answer: fence("markdown", "# Edits\n\n```text\n<<<<<<< SEARCH\nold\n=======\nnew\n>>>>>>> REPLACE\n```\n", "````"),
    expected: "# Edits\n\n```text\n<<<<<<< SEARCH\nold\n=======\nnew\n>>>>>>> REPLACE\n```\n",
  },
  { name: "```markdown that never closes, an inner block open", source: "truncated answers", path: "README.md", answer: "```markdown\n# T\n\n```bash\nnpm i\n", expected: refuse(/never closes/) },
  { name: "```markdown that never closes, no inner blocks, finished", source: "small models that drop the last fence", path: "NOTES.md", answer: "```markdown\n# Notes\n\nShip on Friday.\n", expected: "# Notes\n\nShip on Friday.\n" },
  { name: "front matter kept in an unfenced doc", source: "static-site docs", path: "docs/intro.md", answer: "---\ntitle: Intro\n---\n\n# Intro\n\nHello.\n", expected: "---\ntitle: Intro\n---\n\n# Intro\n\nHello.\n" },
  {
    name: "a doc section heading only names nothing",
    source: "chat models",
    path: "docs/usage.md",
    answer: "## Usage\n\nCall it:\n\n```js\nslugify(\"a b\");\n```\n\n- returns `a-b`\n",
    expected: "## Usage\n\nCall it:\n\n```js\nslugify(\"a b\");\n```\n\n- returns `a-b`\n",
  },
  { name: "an unfenced README with its own <pre> block", source: "READMEs with HTML", path: "README.md", answer: "# Tool\n\n<pre>\nusage: tool [-h]\n</pre>\n\n- fast\n", expected: "# Tool\n\n<pre>\nusage: tool [-h]\n</pre>\n\n- fast\n" },
  { name: "a plain doc around a command", source: "notes without headings", path: "docs/notes.md", answer: "Use the tool like this.\n\n```bash\ntool run\n```\n\nIt prints the result.\n", expected: "Use the tool like this.\n\n```bash\ntool run\n```\n\nIt prints the result.\n" },
  { name: "a sentence about the README, then only a shell block", source: "chat models", path: "README.md", answer: "The README should list the install step.\nHere's a draft:\n```bash\nnpm i\n```\n", expected: refuse(/holds bash code, not the Markdown of README\.md/) },
  { name: "a text fence around a README whose inner block is bare", source: "chat models", path: "docs/layout.md", answer: fence("text", README_TREE), expected: refuse(ESCAPE) },
  { name: "a text fence around a README with tagged inner blocks", source: "chat models", path: "README.md", answer: "README:\n" + fence("text", README), expected: README },
  { name: "an unfenced README whose first block is a bare shell comment", source: "chat models", path: "README.md", answer: "# Tool\n\nInstall:\n\n```\n# as root\nmake install\n```\n\nDone.\n", expected: "# Tool\n\nInstall:\n\n```\n# as root\nmake install\n```\n\nDone.\n" },
  { name: "an unfenced README with two bare inner blocks", source: "chat models", path: "README.md", answer: "# T\n\n```\na\n```\n\ntext\n\n```\nb\n```\n", expected: "# T\n\n```\na\n```\n\ntext\n\n```\nb\n```\n" },
  { name: "a short untagged fence holding a Markdown snippet", source: "chat models", path: "CHANGELOG.md", answer: "Here's the entry:\n\n" + fence("", "## 1.2.0\n\n- Fix slugs with accents.\n"), expected: "## 1.2.0\n\n- Fix slugs with accents.\n" },
];
