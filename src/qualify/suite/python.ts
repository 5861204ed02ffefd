import { PY_CHECK_FILE, PY_TEST_COMMAND } from "./harness-py.js";
import type { SuiteTask } from "./task.js";

// Python tasks: two utilities and a test file, checked by Python scripts run with `python3`
// (standard library only, so nothing needs installing). The test task asks for unittest: pytest
// may be absent on the user's machine, unittest never is.

const PY = { language: "python", check_file: PY_CHECK_FILE, test_command: PY_TEST_COMMAND, requires: "python3" } as const;

const intervals: SuiteTask = {
  ...PY,
  id: "code-py-intervals",
  kind: "code",
  category: "utility",
  description:
    "Write `merge_intervals(intervals)`: `intervals` is a list of `(start, end)` pairs of numbers, in any order. " +
    "Return a new list of `(start, end)` tuples, sorted by start, in which the intervals that overlap or touch are merged into one: " +
    "`merge_intervals([(5, 7), (1, 3), (2, 4)])` returns `[(1, 4), (5, 7)]`, and `[(1, 2), (2, 3)]` gives `[(1, 3)]`. An empty list gives `[]`. " +
    "Raise a `ValueError` when an interval's start is greater than its end. Do not modify the input list.",
  output_file: "intervals.py",
  constraints: ["Python 3.8 or later, standard library only", "at most 25 lines"],
  check: String.raw`from harness import load, check, eq, raises, fatal, finish
m = load("intervals.py")
merge = getattr(m, "merge_intervals", None)
if not callable(merge):
    fatal("intervals.py defines no function merge_intervals")
eq("merge_intervals([(5, 7), (1, 3), (2, 4)])", lambda: merge([(5, 7), (1, 3), (2, 4)]), [(1, 4), (5, 7)])
eq("merge_intervals([(1, 2), (2, 3)])", lambda: merge([(1, 2), (2, 3)]), [(1, 3)])
eq("merge_intervals([])", lambda: merge([]), [])
eq("merge_intervals([(3, 4)])", lambda: merge([(3, 4)]), [(3, 4)])
eq("merge_intervals([(1, 10), (2, 3)])", lambda: merge([(1, 10), (2, 3)]), [(1, 10)])
eq("merge_intervals([(4, 5), (1, 2)])", lambda: merge([(4, 5), (1, 2)]), [(1, 2), (4, 5)])
eq("merge_intervals([(0, 0), (0, 0)])", lambda: merge([(0, 0), (0, 0)]), [(0, 0)])
eq("merge_intervals([(-5, -1), (-2, 0)])", lambda: merge([(-5, -1), (-2, 0)]), [(-5, 0)])
eq("merge_intervals([(1.5, 2.5), (2.0, 3.0)])", lambda: merge([(1.5, 2.5), (2.0, 3.0)]), [(1.5, 3.0)])
raises("merge_intervals([(1, 2), (5, 3)])", lambda: merge([(1, 2), (5, 3)]), ValueError)
data = [(5, 7), (1, 3), (2, 4)]
eq("the input list after merge_intervals(data)", lambda: (merge(data), data)[1], [(5, 7), (1, 3), (2, 4)])
single = [(1, 2)]
check("merge_intervals returns a new list", lambda: merge(single) is not single)
finish()
`,
};

const orders: SuiteTask = {
  ...PY,
  id: "code-py-orders",
  kind: "code",
  category: "utility",
  description:
    'Write `summarize_orders(orders)`: `orders` is a list of dicts, each with the keys `"customer"` (a name), `"amount"` (a number) and `"status"` (`"paid"`, `"pending"` or `"refunded"`). ' +
    'Return a dict from each customer with at least one paid order to a dict `{"orders": <how many paid orders>, "total": <the sum of their paid amounts, rounded to 2 decimals>}`; pending and refunded orders are left out. ' +
    'For example `summarize_orders([{"customer": "ann", "amount": 10, "status": "paid"}, {"customer": "ann", "amount": 5.5, "status": "paid"}, {"customer": "bob", "amount": 3, "status": "pending"}])` returns `{"ann": {"orders": 2, "total": 15.5}}`. ' +
    "Raise a `ValueError` whose message names the status when an order has any other status. Do not modify the input.",
  output_file: "orders.py",
  constraints: ["Python 3.8 or later, standard library only", "plain functions and dicts, no classes", "at most 25 lines"],
  check: String.raw`import copy
from harness import load, eq, raises, fatal, finish
m = load("orders.py")
summarize = getattr(m, "summarize_orders", None)
if not callable(summarize):
    fatal("orders.py defines no function summarize_orders")
def o(customer, amount, status):
    return {"customer": customer, "amount": amount, "status": status}
example = [o("ann", 10, "paid"), o("ann", 5.5, "paid"), o("bob", 3, "pending")]
eq("summarize_orders(the example)", lambda: summarize(example), {"ann": {"orders": 2, "total": 15.5}})
eq("summarize_orders([])", lambda: summarize([]), {})
eq("summarize_orders of pending and refunded orders only", lambda: summarize([o("ann", 4, "pending"), o("bob", 7, "refunded")]), {})
eq("summarize_orders of paid amounts 0.1 and 0.2 (the total rounded to 2 decimals)", lambda: summarize([o("cy", 0.1, "paid"), o("cy", 0.2, "paid")]), {"cy": {"orders": 2, "total": 0.3}})
mixed = [o("ann", 1, "paid"), o("bob", 2, "paid"), o("bob", 100, "refunded"), o("dee", 8, "pending")]
eq("summarize_orders of several customers, some orders not paid", lambda: summarize(mixed), {"ann": {"orders": 1, "total": 1}, "bob": {"orders": 1, "total": 2}})
raises("summarize_orders of an order with the status 'shipped'", lambda: summarize([o("ann", 1, "paid"), o("bob", 2, "shipped")]), ValueError, "shipped")
fresh = [o("ann", 1, "paid"), o("ann", 2, "paid"), o("bob", 3, "refunded")]
before = copy.deepcopy(fresh)
eq("the input after summarize_orders(orders)", lambda: (summarize(fresh), fresh)[1], before)
finish()
`,
};

const MEDIAN = `def median(values):
    """The middle of the values in order; the mean of the two middle ones when there is an even
    number of them. The input list is left unchanged. Raises ValueError for an empty list."""
    if not values:
        raise ValueError("median of an empty list")
    ordered = sorted(values)
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[mid]
    return (ordered[mid - 1] + ordered[mid]) / 2
`;

const medianWith = (body: string) => `def median(values):\n${body}\n`;

const median: SuiteTask = {
  ...PY,
  id: "test-py-median",
  kind: "test",
  category: "test",
  description:
    "Test `median` from `stats.py` (shown in the context): an odd number of values, an even number (the mean of the two middle ones), values not in order, " +
    "that the input list is left unchanged, and the ValueError for an empty list.",
  output_file: "test_stats.py",
  context_files: ["stats.py"],
  constraints: [
    "use unittest from the standard library (a `unittest.TestCase` class), not pytest, which may not be installed",
    "import it with `from stats import median`: the tests run from the project root with `python3 -m unittest test_stats.py`",
  ],
  files: { "stats.py": MEDIAN },
  hidden: {
    ".qualify/mutants/median_unsorted.py": medianWith("    if not values:\n        raise ValueError(\"empty\")\n    mid = len(values) // 2\n    if len(values) % 2:\n        return values[mid]\n    return (values[mid - 1] + values[mid]) / 2"),
    ".qualify/mutants/median_even.py": medianWith("    if not values:\n        raise ValueError(\"empty\")\n    ordered = sorted(values)\n    return ordered[len(ordered) // 2]"),
    ".qualify/mutants/median_empty.py": medianWith("    if not values:\n        return None\n    ordered = sorted(values)\n    mid = len(ordered) // 2\n    if len(ordered) % 2:\n        return ordered[mid]\n    return (ordered[mid - 1] + ordered[mid]) / 2"),
    ".qualify/mutants/median_mutates.py": medianWith("    if not values:\n        raise ValueError(\"empty\")\n    values.sort()\n    mid = len(values) // 2\n    if len(values) % 2:\n        return values[mid]\n    return (values[mid - 1] + values[mid]) / 2"),
  },
  check: String.raw`from harness import tests_catch, finish
tests_catch("test_stats.py", "stats.py", [
    (".qualify/mutants/median_unsorted.py", "median does not sort the values first"),
    (".qualify/mutants/median_even.py", "median returns the upper middle value of an even number of values instead of the mean of the two"),
    (".qualify/mutants/median_empty.py", "median returns None for an empty list instead of raising ValueError"),
    (".qualify/mutants/median_mutates.py", "median sorts the input list in place"),
])
finish()
`,
};

export const PYTHON_CODE_TASKS: SuiteTask[] = [intervals, orders];
export const PYTHON_TEST_TASKS: SuiteTask[] = [median];
