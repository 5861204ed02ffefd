import type { Case } from "./types.js";

// TypeScript and React tasks, as Claude words them, and a correct file for each.

const ts = (name: string, description: string, file: string, constraints: string[] = [], more: Partial<Case> = {}): Case => ({ name, language: "typescript", description, constraints, file, ...more });
const tsx = (name: string, description: string, file: string, constraints: string[] = [], more: Partial<Case> = {}): Case => ({ name, language: "tsx", description, constraints, file, ...more });
const jsx = (name: string, description: string, file: string, constraints: string[] = []): Case => ({ name, language: "jsx", description, constraints, file });

export const TS_RIGHT: Case[] = [
  ts(
    "a generic signature groupBy<T, K>",
    "Write and export `groupBy<T, K>(items: T[], key: (item: T) => K): Map<K, T[]>`, keeping the items' order within each group.",
    "export function groupBy<T, K>(items: T[], key: (item: T) => K): Map<K, T[]> {\n  const out = new Map<K, T[]>();\n  for (const item of items) {\n    const k = key(item);\n    const list = out.get(k);\n    if (list) list.push(item);\n    else out.set(k, [item]);\n  }\n  return out;\n}\n",
    ["TypeScript ES module, no dependencies"],
  ),
  ts(
    "interface methods are defined by the interface",
    "Define and export the `KeyValueStore` interface with `get(key: string): string | null` and `set(key: string, value: string): void`, and `memoryStore()` returning one backed by a `Map`.",
    "export interface KeyValueStore {\n  get(key: string): string | null;\n  set(key: string, value: string): void;\n}\n\nexport function memoryStore(): KeyValueStore {\n  const m = new Map<string, string>();\n  return { get: (k) => m.get(k) ?? null, set: (k, v) => void m.set(k, v) };\n}\n",
  ),
  ts(
    "enum members",
    "Export the enum `Direction` with members `Up`, `Down`, `Left`, `Right`, and `turnRight(d: Direction): Direction`.",
    "export enum Direction {\n  Up,\n  Right,\n  Down,\n  Left,\n}\n\nexport function turnRight(d: Direction): Direction {\n  return ((d + 1) % 4) as Direction;\n}\n",
  ),
  ts(
    "private class members",
    "Write and export a `Tokenizer` class with `next(): Token | null` and a private helper `skipWhitespace()`.",
    "export interface Token {\n  kind: \"word\" | \"number\";\n  text: string;\n}\n\nexport class Tokenizer {\n  private pos = 0;\n  constructor(private readonly text: string) {}\n  next(): Token | null {\n    this.skipWhitespace();\n    const m = /^(\\d+|\\w+)/.exec(this.text.slice(this.pos));\n    if (!m) return null;\n    this.pos += m[0].length;\n    return { kind: /^\\d/.test(m[0]) ? \"number\" : \"word\", text: m[0] };\n  }\n  private skipWhitespace(): void {\n    while (/\\s/.test(this.text[this.pos] ?? \"\")) this.pos++;\n  }\n}\n",
  ),
  ts(
    "no runtime dependencies allows type-only imports",
    "Write and export `requestId(req: Request): string`: the `x-request-id` header, or a fresh `crypto.randomUUID()`.",
    'import type { Request } from "express";\nimport { randomUUID } from "node:crypto";\n\nexport function requestId(req: Request): string {\n  const h = req.headers["x-request-id"];\n  return typeof h === "string" && h ? h : randomUUID();\n}\n',
    ["TypeScript, no runtime dependencies"],
  ),
  ts(
    "a path alias is the project's own file",
    "Write and export `formatPrice(cents: number): string` with `formatCurrency(value)` from `@/lib/money`.",
    'import { formatCurrency } from "@/lib/money";\n\nexport function formatPrice(cents: number): string {\n  return formatCurrency(cents / 100);\n}\n',
    ["no dependencies"],
  ),
  ts(
    "a ~/ alias too, and an inline type import",
    "Export `userLabel(u: User): string`; `User` comes from `~/types`.",
    'import { type User } from "~/types";\n\nexport const userLabel = (u: User): string => `${u.name} <${u.email}>`;\n',
    ["no dependencies"],
  ),
  ts(
    "object-literal methods of an exported object",
    "Export `api`, an object with `getUser(id: string)` and `listUsers()` methods that call `fetch` on `/api/users`.",
    'export const api = {\n  async getUser(id: string) {\n    return (await fetch(`/api/users/${id}`)).json();\n  },\n  listUsers: async () => (await fetch("/api/users")).json(),\n};\n',
  ),
  ts(
    "lines per function is not a file limit",
    "Write and export `parseDate(s: string): Date | null` and `formatDate(d: Date): string`.",
    "export function parseDate(s: string): Date | null {\n  const m = /^(\\d{4})-(\\d{2})-(\\d{2})$/.exec(s);\n  if (!m) return null;\n  const d = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!));\n  return Number.isNaN(d.getTime()) ? null : d;\n}\n\n" +
      "export function formatDate(d: Date): string {\n  return d.toISOString().slice(0, 10);\n}\n\n" + "// ISO dates only: no time zones, no times.\n".repeat(6),
    ["TypeScript ES module", "at most 10 lines per function"],
  ),
  ts(
    "no dependencies except lodash",
    "Export `search(items: string[], query: string): string[]`, debounced input handled by the caller; use lodash's `deburr` to fold accents.",
    'import deburr from "lodash/deburr";\n\nexport function search(items: string[], query: string): string[] {\n  const q = deburr(query).toLowerCase();\n  return items.filter((i) => deburr(i).toLowerCase().includes(q));\n}\n',
    ["no dependencies except lodash"],
  ),
  ts(
    "an Error subclass promised, *Error never held against the file",
    "Write and export `ValidationError(field: string, message: string)`, and `validateAge(age: number)` that throws it for negatives.",
    "export class ValidationError extends Error {\n  constructor(readonly field: string, message: string) {\n    super(message);\n  }\n}\n\nexport function validateAge(age: number): number {\n  if (age < 0) throw new ValidationError(\"age\", \"must not be negative\");\n  return age;\n}\n",
  ),
  ts(
    "a constants module, no functions",
    'Export `DEFAULT_PAGE_SIZE = 20`, `MAX_PAGE_SIZE = 100` and `SORT_ORDERS = ["asc", "desc"] as const`.',
    'export const DEFAULT_PAGE_SIZE = 20;\nexport const MAX_PAGE_SIZE = 100;\nexport const SORT_ORDERS = ["asc", "desc"] as const;\n',
    ["ES module, no imports, no functions"],
  ),
  ts(
    "a function-typed parameter inside the signature",
    "Write and export `retryAsync<T>(fn: () => Promise<T>, attempts: number): Promise<T>`; it calls `fn()` again after a failure.",
    "export async function retryAsync<T>(fn: () => Promise<T>, attempts: number): Promise<T> {\n  for (let i = 1; ; i++) {\n    try {\n      return await fn();\n    } catch (e) {\n      if (i >= attempts) throw e;\n    }\n  }\n}\n",
  ),
];

export const REACT_RIGHT: Case[] = [
  tsx(
    "export default App after function App",
    "Write and export `App()`, the root component: a `<Header />` and a `<main>` holding its children.",
    'import { Header } from "./Header";\n\nfunction App({ children }: { children?: React.ReactNode }) {\n  return (\n    <>\n      <Header />\n      <main>{children}</main>\n    </>\n  );\n}\n\nexport default App;\n',
  ),
  tsx(
    "a Button that calls its onClick(event) prop",
    "Write a React component `Button({ label, onClick })` that renders a `<button>` and calls `onClick(event)` when it is clicked. Export it.",
    "export function Button({ label, onClick }: { label: string; onClick: (e: React.MouseEvent) => void }) {\n  return <button onClick={(event) => onClick(event)}>{label}</button>;\n}\n",
  ),
  tsx(
    "no dependencies other than react",
    "Write and export `useDebounce(value, delay)`, a hook built on `useState` and `useEffect`.",
    'import { useEffect, useState } from "react";\n\nexport function useDebounce<T>(value: T, delay: number): T {\n  const [v, setV] = useState(value);\n  useEffect(() => {\n    const id = setTimeout(() => setV(value), delay);\n    return () => clearTimeout(id);\n  }, [value, delay]);\n  return v;\n}\n',
    ["no dependencies other than react"],
  ),
  tsx(
    "a Modal that calls onClose() on Escape",
    "Write a `Modal({ open, onClose, children })` component that calls `onClose()` when Escape is pressed, using `useEffect(() => …)`. Export it as the default export.",
    'import { useEffect, type ReactNode } from "react";\n\nexport default function Modal({ open, onClose, children }: { open: boolean; onClose: () => void; children: ReactNode }) {\n  useEffect(() => {\n    const onKey = (e: KeyboardEvent) => e.key === "Escape" && onClose();\n    window.addEventListener("keydown", onKey);\n    return () => window.removeEventListener("keydown", onKey);\n  }, [onClose]);\n  return open ? <div role="dialog">{children}</div> : null;\n}\n',
    ["React with TypeScript, no dependencies except react"],
  ),
  tsx(
    "export default memo(List)",
    "Write and export `List({ items, onSelect })`, memoised with `React.memo`; a row calls `onSelect(item.id)` when clicked.",
    'import { memo } from "react";\n\nfunction List({ items, onSelect }: { items: { id: string; label: string }[]; onSelect: (id: string) => void }) {\n  return (\n    <ul>\n      {items.map((item) => (\n        <li key={item.id} onClick={() => onSelect(item.id)}>\n          {item.label}\n        </li>\n      ))}\n    </ul>\n  );\n}\n\nexport default memo(List);\n',
  ),
  tsx(
    "a forwardRef component",
    "Export `TextInput`, an `<input>` wrapped with `forwardRef(…)` so a parent can focus it.",
    'import { forwardRef } from "react";\n\nexport const TextInput = forwardRef<HTMLInputElement, { label: string }>(function TextInput({ label }, ref) {\n  return <input aria-label={label} ref={ref} />;\n});\n',
  ),
  jsx(
    "TodoList's onToggle(todo.id) prop",
    "Export `TodoList({ todos, onToggle })`: render each todo with a checkbox whose change calls `onToggle(todo.id)`.",
    "export function TodoList({ todos, onToggle }) {\n  return (\n    <ul>\n      {todos.map((todo) => (\n        <li key={todo.id}>\n          <input type=\"checkbox\" checked={todo.done} onChange={() => onToggle(todo.id)} />\n          {todo.title}\n        </li>\n      ))}\n    </ul>\n  );\n}\n",
  ),
  jsx(
    "a custom hook built on useState(initial)",
    "Write and export a `useToggle(initial)` hook that returns `[on, toggle]`, built on `useState(initial)` and `useCallback`.",
    'import { useCallback, useState } from "react";\n\nexport function useToggle(initial = false) {\n  const [on, setOn] = useState(initial);\n  const toggle = useCallback(() => setOn((v) => !v), []);\n  return [on, toggle];\n}\n',
    ["no dependencies other than react"],
  ),
];
