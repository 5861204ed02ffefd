import { extname } from "node:path";

const BY_EXTENSION: Record<string, string> = {
  ".ts": "typescript",
  ".mts": "typescript",
  ".cts": "typescript",
  ".tsx": "tsx",
  ".js": "javascript",
  ".mjs": "javascript",
  ".cjs": "javascript",
  ".jsx": "jsx",
  ".json": "json",
  ".md": "markdown",
  ".mdx": "markdown",
  ".py": "python",
  ".rs": "rust",
  ".go": "go",
  ".java": "java",
  ".kt": "kotlin",
  ".rb": "ruby",
  ".php": "php",
  ".cs": "csharp",
  ".c": "c",
  ".h": "c",
  ".cpp": "cpp",
  ".hpp": "cpp",
  ".cc": "cpp",
  ".swift": "swift",
  ".sh": "bash",
  ".bash": "bash",
  ".yaml": "yaml",
  ".yml": "yaml",
  ".toml": "toml",
  ".css": "css",
  ".scss": "scss",
  ".html": "html",
  ".sql": "sql",
  ".vue": "vue",
  ".svelte": "svelte",
};

/** The language of a file from its extension; `text` when unknown. */
export function inferLanguage(file: string): string {
  return BY_EXTENSION[extname(file).toLowerCase()] ?? "text";
}

/** Fence tags a model may reasonably use for a language (for choosing among several blocks). */
export function fenceTagsFor(language: string): string[] {
  switch (language) {
    case "typescript":
      return ["typescript", "ts", "mts", "cts"];
    case "tsx":
      return ["tsx", "typescript", "ts", "jsx"];
    case "javascript":
      return ["javascript", "js", "mjs", "cjs", "node"];
    case "jsx":
      return ["jsx", "javascript", "js", "tsx"];
    case "markdown":
      return ["markdown", "md", "mdx"];
    case "python":
      return ["python", "py", "python3"];
    case "bash":
      return ["bash", "sh", "shell", "zsh"];
    case "yaml":
      return ["yaml", "yml"];
    case "csharp":
      return ["csharp", "cs", "c#"];
    case "cpp":
      return ["cpp", "c++", "cc", "hpp"];
    default:
      return [language];
  }
}
