import type { t } from "../lang/babel.js";

/**
 * Where the module itself exports `name` (a declaration, `export { x as name }`, a re-export from
 * another module), or null. A file that passes the renamed symbol on under its new name would
 * export it twice: a duplicate, or, beside `export *`, its own export silently winning.
 */
export function exportedAt(program: t.Program, name: string): t.Node | null {
  for (const stmt of program.body) {
    if (stmt.type !== "ExportNamedDeclaration") continue;
    if (stmt.declaration && declaredNames(stmt.declaration).includes(name)) return stmt;
    const spec = stmt.specifiers.find((s) => s.type !== "ExportDefaultSpecifier" && (s.exported.type === "Identifier" ? s.exported.name : s.exported.value) === name);
    if (spec) return spec;
  }
  return null;
}

function declaredNames(d: t.Declaration): string[] {
  if (d.type === "VariableDeclaration") return d.declarations.flatMap((v) => patternNames(v.id));
  const id = "id" in d ? d.id : null;
  return id?.type === "Identifier" ? [id.name] : [];
}

/** The names a declaration's pattern binds: `a`, `{ a, b: c }`, `[a, ...b]`. */
function patternNames(p: t.LVal | t.PatternLike | t.ObjectProperty["value"]): string[] {
  switch (p.type) {
    case "Identifier":
      return [p.name];
    case "ObjectPattern":
      return p.properties.flatMap((q) => patternNames(q.type === "RestElement" ? q.argument : q.value));
    case "ArrayPattern":
      return p.elements.flatMap((e) => (e ? patternNames(e) : []));
    case "AssignmentPattern":
      return patternNames(p.left);
    case "RestElement":
      return patternNames(p.argument);
    default:
      return [];
  }
}
