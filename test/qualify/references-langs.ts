// The Python, Go and Rust tasks' answers: a correct one as a good model would write it, and a
// plausible wrong one, well formed and wrong in one way (see references.ts).

export const LANG_REFERENCE: Record<string, string> = {
  "code-py-intervals": `def merge_intervals(intervals):
    """Merges the intervals that overlap or touch; a new list of (start, end) tuples, sorted."""
    merged = []
    for start, end in sorted(intervals):
        if start > end:
            raise ValueError(f"interval ({start}, {end}) starts after it ends")
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged
`,
  "code-py-orders": `STATUSES = ("paid", "pending", "refunded")


def summarize_orders(orders):
    """Paid orders per customer: how many, and their total rounded to 2 decimals."""
    summary = {}
    for order in orders:
        status = order["status"]
        if status not in STATUSES:
            raise ValueError(f"unknown order status: {status!r}")
        if status != "paid":
            continue
        entry = summary.setdefault(order["customer"], {"orders": 0, "total": 0})
        entry["orders"] += 1
        entry["total"] += order["amount"]
    for entry in summary.values():
        entry["total"] = round(entry["total"], 2)
    return summary
`,
  "code-go-wrap": `package textwrap

import (
	"errors"
	"strings"
	"unicode/utf8"
)

// Wrap packs the words of text greedily into lines of at most width runes.
func Wrap(text string, width int) ([]string, error) {
	if width < 1 {
		return nil, errors.New("width must be at least 1")
	}
	lines := []string{}
	current := ""
	for _, word := range strings.Fields(text) {
		switch {
		case current == "":
			current = word
		case utf8.RuneCountInString(current)+1+utf8.RuneCountInString(word) <= width:
			current += " " + word
		default:
			lines = append(lines, current)
			current = word
		}
	}
	if current != "" {
		lines = append(lines, current)
	}
	return lines, nil
}
`,
  "code-rust-roman": `//! Roman numerals.

const NUMERALS: [(u32, &str); 13] = [
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
];

/// The Roman numeral for \`n\`, or \`None\` outside 1..=3999.
pub fn to_roman(n: u32) -> Option<String> {
    if n == 0 || n > 3999 {
        return None;
    }
    let mut rest = n;
    let mut out = String::new();
    for &(value, numeral) in NUMERALS.iter() {
        while rest >= value {
            out.push_str(numeral);
            rest -= value;
        }
    }
    Some(out)
}
`,
  "test-py-median": `import unittest

from stats import median


class MedianTest(unittest.TestCase):
    def test_odd(self):
        self.assertEqual(median([1, 2, 3]), 2)

    def test_even_is_the_mean_of_the_middle_two(self):
        self.assertEqual(median([1, 2, 3, 4]), 2.5)

    def test_unsorted(self):
        self.assertEqual(median([9, 1, 5]), 5)

    def test_input_unchanged(self):
        values = [3, 1, 2]
        median(values)
        self.assertEqual(values, [3, 1, 2])

    def test_empty(self):
        with self.assertRaises(ValueError):
            median([])


if __name__ == "__main__":
    unittest.main()
`,
};

export const LANG_WRONG: Record<string, string> = {
  // Touching intervals are left apart.
  "code-py-intervals": `def merge_intervals(intervals):
    merged = []
    for start, end in sorted(intervals):
        if start > end:
            raise ValueError("start after end")
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged
`,
  // Totals not rounded.
  "code-py-orders": `def summarize_orders(orders):
    summary = {}
    for order in orders:
        if order["status"] not in ("paid", "pending", "refunded"):
            raise ValueError(order["status"])
        if order["status"] == "paid":
            entry = summary.setdefault(order["customer"], {"orders": 0, "total": 0})
            entry["orders"] += 1
            entry["total"] += order["amount"]
    return summary
`,
  // Counts bytes, not runes.
  "code-go-wrap": `package textwrap

import (
	"errors"
	"strings"
)

func Wrap(text string, width int) ([]string, error) {
	if width < 1 {
		return nil, errors.New("width must be at least 1")
	}
	var lines []string
	current := ""
	for _, word := range strings.Fields(text) {
		if current != "" && len(current)+1+len(word) <= width {
			current += " " + word
		} else {
			if current != "" {
				lines = append(lines, current)
			}
			current = word
		}
	}
	if current != "" {
		lines = append(lines, current)
	}
	return lines, nil
}
`,
  // No subtractive forms: 4 is IIII.
  "code-rust-roman": `pub fn to_roman(n: u32) -> Option<String> {
    if n == 0 || n > 3999 {
        return None;
    }
    let mut rest = n;
    let mut out = String::new();
    for &(value, numeral) in [(1000, "M"), (500, "D"), (100, "C"), (50, "L"), (10, "X"), (5, "V"), (1, "I")].iter() {
        while rest >= value {
            out.push_str(numeral);
            rest -= value;
        }
    }
    Some(out)
}
`,
  // Sorted input only, one case: every mutant but the empty-list one lives.
  "test-py-median": `import unittest

from stats import median


class MedianTest(unittest.TestCase):
    def test_odd(self):
        self.assertEqual(median([1, 2, 3]), 2)


if __name__ == "__main__":
    unittest.main()
`,
};
