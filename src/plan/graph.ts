// The dependency graph of a plan's tasks. Pure: ids in, verdicts out.

export interface Node {
  task_id: string;
  depends_on: readonly string[];
}

export interface GraphProblem {
  /** Where in the plan, e.g. `tasks[3].depends_on[0]`. */
  field: string;
  message: string;
}

/** The first thing wrong with the graph (a repeated id, an unknown dependency, a cycle), or null. */
export function graphProblem(nodes: readonly Node[]): GraphProblem | null {
  const index = new Map<string, number>();
  for (const [i, n] of nodes.entries()) {
    const first = index.get(n.task_id);
    if (first !== undefined) return { field: `tasks[${i}].task_id`, message: `"${n.task_id}" is already the id of tasks[${first}]` };
    index.set(n.task_id, i);
  }
  for (const [i, n] of nodes.entries()) {
    for (const [j, d] of n.depends_on.entries()) {
      if (!index.has(d)) return { field: `tasks[${i}].depends_on[${j}]`, message: `no task "${d}" in this plan` };
      if (d === n.task_id) return { field: `tasks[${i}].depends_on[${j}]`, message: `task "${d}" depends on itself` };
    }
  }
  const cycle = findCycle(nodes);
  if (cycle) {
    const at = index.get(cycle[0]!)!;
    return { field: `tasks[${at}].depends_on`, message: `dependency cycle: ${cycle.join(" → ")}` };
  }
  return null;
}

/** A cycle as the ids along it, first id repeated at the end (`a → b → a`), or null. */
export function findCycle(nodes: readonly Node[]): string[] | null {
  const deps = new Map(nodes.map((n) => [n.task_id, n.depends_on]));
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (id: string): string[] | null => {
    const s = state.get(id);
    if (s === "done") return null;
    if (s === "open") return [...stack.slice(stack.indexOf(id)), id];
    state.set(id, "open");
    stack.push(id);
    for (const d of deps.get(id) ?? []) {
      if (!deps.has(d)) continue;
      const c = visit(d);
      if (c) return c;
    }
    stack.pop();
    state.set(id, "done");
    return null;
  };
  for (const n of nodes) {
    const c = visit(n.task_id);
    if (c) return c;
  }
  return null;
}

/** Every task each task depends on, directly or through others. Assumes no cycle. */
export function ancestors(nodes: readonly Node[]): Map<string, Set<string>> {
  const deps = new Map(nodes.map((n) => [n.task_id, n.depends_on]));
  const memo = new Map<string, Set<string>>();
  const of = (id: string): Set<string> => {
    const known = memo.get(id);
    if (known) return known;
    const all = new Set<string>();
    memo.set(id, all);
    for (const d of deps.get(id) ?? []) {
      all.add(d);
      for (const a of of(d)) all.add(a);
    }
    return all;
  };
  for (const n of nodes) of(n.task_id);
  return memo;
}
