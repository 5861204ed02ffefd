import { fence, refuse, type CorpusCase } from "./fixtures.js";

// Fences inside the strings of languages no syntax check reads: SQL, and the <script> of a Vue or
// Svelte component. A ``` line in a string ends the answer's block early; when the line after it
// reads like words ("npm install vue"), nothing but the string itself shows the file was cut, and
// the part before it would be written whole.

const CUT = /ends inside a . string: a fence line inside the file ended the block early; put the file in a longer fence/;
const SEED_SQL = "CREATE TABLE posts (id INTEGER PRIMARY KEY, body TEXT NOT NULL);\n\nINSERT INTO posts (body) VALUES ('\n```\nnpm install vue\n```\n');\n";
const INSTALL_VUE = "<template>\n  <pre><code>{{ snippet }}</code></pre>\n</template>\n\n<script setup>\nconst snippet = `\n```\nnpm install vue\n```\n`;\n</script>\n";
// Quotes that stay balanced however they are written: '' and \' in SQL, -- and # comments with an
// apostrophe, a $1 parameter; a component whose template text holds a glob, a lone backtick, /*.
const GOOD_SQL = "-- Don't drop this table\nCREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL DEFAULT 'O''Brien');\n/* it's seeded below */\nINSERT INTO users (name) VALUES ('it''s'), ('line one\nline two');\nSELECT id - 1, 'x' FROM users WHERE name = 'y';\n";
const GOOD_VUE = "<template>\n  <p>Don't match src/**/*.vue, or a lone ` in text</p>\n</template>\n\n<script setup>\nconst n = 1;\nconst s = `count: ${n}`;\n</script>\n\n<style scoped>\n/* it's a style */\np { color: red; }\n</style>\n";

export const STRING_CASES: CorpusCase[] = [
  { name: "a bare fence inside an SQL string, words after it", source: "seed files holding Markdown posts", path: "db/seed.sql", answer: fence("sql", SEED_SQL), expected: refuse(CUT) },
  { name: "a bare fence inside a Vue component's template literal, words after it", source: "docs components showing install snippets", path: "src/components/Install.vue", answer: fence("vue", INSTALL_VUE), expected: refuse(CUT) },
  { name: "the SQL seed in a four-backtick fence", source: "CommonMark 4.5: the fix models are told", path: "db/seed.sql", answer: fence("sql", SEED_SQL, "````"), expected: SEED_SQL },
  { name: "the Vue component in a four-backtick fence", source: "CommonMark 4.5: the fix models are told", path: "src/components/Install.vue", answer: fence("vue", INSTALL_VUE, "````"), expected: INSTALL_VUE },
  { name: "SQL with doubled quotes, comments with apostrophes and a multi-line string", source: "SQLite and Postgres seed files", path: "db/users.sql", answer: fence("sql", GOOD_SQL), expected: GOOD_SQL },
  { name: "a component whose template text holds a glob and a lone backtick", source: "Vue single-file components", path: "src/App.vue", answer: fence("vue", GOOD_VUE), expected: GOOD_VUE },
];
