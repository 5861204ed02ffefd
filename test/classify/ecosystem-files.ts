// Realistic files per ecosystem, each compiled and run with its real toolchain when written
// (python3, go test, cargo test, javac, ruby; the C# one by eye: no compiler on this machine).

export const PY_STORE = `import threading
from dataclasses import dataclass, field


@dataclass
class SessionStore:
    """Thread-safe in-memory store of session data, keyed by session id."""

    _data: dict = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def get(self, key, default=None):
        with self._lock:
            return self._data.get(key, default)

    def put(self, key, value):
        with self._lock:
            self._data[key] = value

    def delete(self, key):
        with self._lock:
            self._data.pop(key, None)
`;

export const PY_SLUGIFY = `import re
import unicodedata

_NON_WORD = re.compile(r"[^\\w\\s-]")
_SEPARATORS = re.compile(r"[-\\s]+")


def slugify(text: str, max_length: int = 60) -> str:
    """Lower-case ASCII slug of text: words joined by single hyphens."""
    normalized = unicodedata.normalize("NFKD", text)
    ascii_text = normalized.encode("ascii", "ignore").decode("ascii")
    cleaned = _NON_WORD.sub("", ascii_text).strip().lower()
    slug = _SEPARATORS.sub("-", cleaned)
    return slug[:max_length].strip("-")
`;

export const GO_POOL = `package pool

import "sync"

// Run calls work on every job with n workers and returns the results in job order.
func Run(jobs []int, n int, work func(int) int) []int {
	results := make([]int, len(jobs))
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < n; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				results[i] = work(jobs[i])
			}
		}()
	}
	for i := range jobs {
		next <- i
	}
	close(next)
	wg.Wait()
	return results
}
`;

export const GO_INITIALS = `package pool

import (
	"strings"
	"unicode"
)

// Initials returns the upper-case first letter of each word in name, e.g. "Ada Lovelace" → "AL".
func Initials(name string) string {
	var b strings.Builder
	for _, word := range strings.Fields(name) {
		for _, r := range word {
			if unicode.IsLetter(r) {
				b.WriteRune(unicode.ToUpper(r))
				break
			}
		}
	}
	return b.String()
}
`;

export const GO_TEST = `package pool

import "testing"

func TestRun(t *testing.T) {
	got := Run([]int{1, 2, 3, 4}, 3, func(x int) int { return x * x })
	want := []int{1, 4, 9, 16}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("result %d = %d, want %d", i, got[i], want[i])
		}
	}
	if Initials("Ada Lovelace") != "AL" {
		t.Fatal("initials")
	}
}
`;

export const RUST_CACHE = `use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A cache shared between threads; entries older than \`ttl\` read as missing.
#[derive(Clone, Default)]
pub struct Cache {
    entries: Arc<Mutex<HashMap<String, (String, Instant)>>>,
}

impl Cache {
    pub fn get(&self, key: &str, ttl: Duration) -> Option<String> {
        let entries = self.entries.lock().unwrap();
        match entries.get(key) {
            Some((value, at)) if at.elapsed() < ttl => Some(value.clone()),
            _ => None,
        }
    }

    pub fn put(&self, key: &str, value: &str) {
        let mut entries = self.entries.lock().unwrap();
        entries.insert(key.to_string(), (value.to_string(), Instant::now()));
    }
}
`;

export const RUST_WRAP = `/// Splits \`text\` into lines of at most \`width\` characters, breaking between words.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let needed = if current.is_empty() { word.len() } else { current.len() + 1 + word.len() };
        if needed > width && !current.is_empty() {
            lines.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(word);
    }
    if !current.is_empty() {
        lines.push(current);
    }
    lines
}
`;

export const RUST_TEST = `use fx::words::wrap;

#[test]
fn wraps_between_words() {
    assert_eq!(wrap("the quick brown fox", 9), vec!["the quick", "brown fox"]);
}

#[test]
fn keeps_a_long_word_whole() {
    assert_eq!(wrap("extraordinarily long", 5), vec!["extraordinarily", "long"]);
}

#[test]
fn empty_text_has_no_lines() {
    assert!(wrap("", 10).is_empty());
}
`;

export const JAVA_COUNTER = `package com.example;

/** Counts requests across the threads that serve them. */
public class RequestCounter {
    private long count;

    public synchronized void increment() {
        count++;
    }

    public synchronized long get() {
        return count;
    }

    public synchronized long reset() {
        long previous = count;
        count = 0;
        return previous;
    }
}
`;

export const JAVA_BYTES = `package com.example;

import java.util.Locale;

/** Formats byte counts for people: 1536 is "1.5 KB". */
public final class ByteSizes {
    private static final String[] UNITS = {"B", "KB", "MB", "GB", "TB"};

    private ByteSizes() {}

    public static String format(long bytes) {
        if (bytes < 0) throw new IllegalArgumentException("negative size: " + bytes);
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }
}
`;

export const JAVA_TEST = `package com.example;

public class ByteSizesTest {
    static void check(String got, String want) {
        if (!got.equals(want)) throw new AssertionError(got + " != " + want);
    }

    public static void main(String[] args) {
        check(ByteSizes.format(0), "0 B");
        check(ByteSizes.format(1536), "1.5 KB");
        check(ByteSizes.format(1048576), "1.0 MB");
        RequestCounter c = new RequestCounter();
        c.increment();
        c.increment();
        check(String.valueOf(c.reset()), "2");
        System.out.println("ok");
    }
}
`;

export const RUBY_TRUNCATE = `# frozen_string_literal: true

module TextUtils
  module_function

  # Cuts text to at most max characters, ending with the omission mark when it cuts.
  def truncate(text, max: 80, omission: "...")
    return text if text.length <= max

    cut = max - omission.length
    return omission[0, max] if cut <= 0

    head = text[0, cut]
    space = head.rindex(" ")
    head = head[0, space] if space && space > cut / 2
    "#{head.rstrip}#{omission}"
  end
end
`;
export const CSHARP_SNAKE = `using System;
using System.Text;

namespace Example.Text
{
    public static class CaseConverter
    {
        /// <summary>Converts "HelloWorld" or "helloWorld" to "hello_world".</summary>
        public static string ToSnakeCase(string input)
        {
            if (string.IsNullOrEmpty(input)) return input;
            var sb = new StringBuilder(input.Length + 8);
            for (int i = 0; i < input.Length; i++)
            {
                char c = input[i];
                if (char.IsUpper(c) && i > 0) sb.Append('_');
                sb.Append(char.ToLowerInvariant(c));
            }
            return sb.ToString();
        }
    }
}
`;
