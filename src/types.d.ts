// Prompt templates are Markdown files imported as text: esbuild's text loader in the bundle,
// Vite's `?raw` in tests.
declare module "*.md?raw" {
  const text: string;
  export default text;
}
