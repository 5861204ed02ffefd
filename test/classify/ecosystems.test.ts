// Classification per ecosystem: the atomic criteria (imports, state, concurrency, wiring, tests)
// read with each language's own rules, not JavaScript's for everything.
import { describe, expect, it } from "vitest";
import { categoryOf, classifyContent } from "../../src/classify/content.js";
import { classifyDescription } from "../../src/classify/description.js";
import { readCode } from "../../src/lang/lexical.js";
import { maskCode } from "../../src/lang/mask.js";
import * as F from "./ecosystem-files.js";

describe("realistic files, one verdict each", () => {
  const cases: Array<[string, string, string, "local" | "claude"]> = [
    ["app/store.py", F.PY_STORE, "concurrency", "claude"],
    ["pool/pool.go", F.GO_POOL, "concurrency", "claude"],
    ["src/cache.rs", F.RUST_CACHE, "concurrency", "claude"],
    ["src/main/java/com/example/RequestCounter.java", F.JAVA_COUNTER, "concurrency", "claude"],
    ["app/slugify.py", F.PY_SLUGIFY, "utility", "local"],
    ["pool/initials.go", F.GO_INITIALS, "utility", "local"],
    ["src/words.rs", F.RUST_WRAP, "utility", "local"],
    ["src/main/java/com/example/ByteSizes.java", F.JAVA_BYTES, "utility", "local"],
    ["lib/text_utils.rb", F.RUBY_TRUNCATE, "utility", "local"],
    ["src/CaseConverter.cs", F.CSHARP_SNAKE, "utility", "local"],
    ["pool/pool_test.go", F.GO_TEST, "test", "local"],
    ["tests/words.rs", F.RUST_TEST, "test", "local"],
    ["src/test/java/com/example/ByteSizesTest.java", F.JAVA_TEST, "test", "local"],
  ];
  for (const [file, content, category, verdict] of cases) {
    it(`${file}: ${category} → ${verdict}`, () => {
      const v = classifyContent({ file, content });
      expect(v.category).toBe(category);
      expect(v.verdict).toBe(verdict);
    });
  }

  it("says what it saw and where", () => {
    expect(classifyContent({ file: "app/store.py", content: F.PY_STORE }).reasons).toContainEqual({ criterion: "stateless", ok: false, detail: "concurrency: `import threading` (line 1)" });
    expect(classifyContent({ file: "pool/pool.go", content: F.GO_POOL }).reasons).toContainEqual({ criterion: "stateless", ok: false, detail: "concurrency: `go func` (line 12)" });
    expect(classifyContent({ file: "app/slugify.py", content: F.PY_SLUGIFY }).reasons).toContainEqual({ criterion: "stateless", ok: true, detail: "no state" });
  });
});

describe("state and concurrency, language by language", () => {
  const cases: Array<[string, string, string, string]> = [
    // Python
    ["module cache", "a.py", "_cache = {}\n\ndef fib(n):\n    if n in _cache:\n        return _cache[n]\n    _cache[n] = n if n < 2 else fib(n - 1) + fib(n - 2)\n    return _cache[n]\n", "state"],
    ["global", "a.py", "count = 0\n\ndef bump():\n    global count\n    count += 1\n    return count\n", "state"],
    ["a method changes self", "a.py", "class Counter:\n    def __init__(self):\n        self.count = 0\n\n    def increment(self):\n        self.count += 1\n        return self.count\n", "state"],
    ["fields set in __init__ only", "a.py", "class Point:\n    def __init__(self, x, y):\n        self.x = x\n        self.y = y\n\n    def distance(self, other):\n        return ((self.x - other.x) ** 2 + (self.y - other.y) ** 2) ** 0.5\n", "utility"],
    ["a local that shares a module name", "a.py", "items = ()\n\ndef pairs(xs):\n    items = []\n    for x in xs:\n        items.append((x, x))\n    return items\n", "utility"],
    ["asyncio tasks", "a.py", "async def fetch_all(urls, fetch):\n    tasks = [asyncio.create_task(fetch(u)) for u in urls]\n    return await asyncio.gather(*tasks)\n", "concurrency"],
    ["a lock in a docstring or comment is no lock", "a.py", 'def total(xs):\n    """Not thread-safe; threading.Lock() is not needed here."""\n    # import threading would be overkill\n    return sum(xs)\n', "utility"],
    ["Flask routes", "a.py", 'from flask import Flask\napp = Flask(__name__)\n\n@app.route("/")\ndef index():\n    return "hi"\n', "integration"],
    // Go
    ["a mutex in a struct", "a.go", "package a\n\nimport \"sync\"\n\ntype Counter struct {\n\tmu sync.Mutex\n\tn  int\n}\n", "concurrency"],
    ["a goroutine", "a.go", "package a\n\nfunc Start(f func()) {\n\tgo f()\n}\n", "concurrency"],
    ["a package variable changed", "a.go", "package a\n\nvar hits int\n\nfunc Hit() int {\n\thits++\n\treturn hits\n}\n", "state"],
    ["a pointer receiver changes its struct", "a.go", "package a\n\ntype Stack struct{ items []int }\n\nfunc (s *Stack) Push(v int) {\n\ts.items = append(s.items, v)\n}\n", "state"],
    ["value receivers only read", "a.go", "package a\n\ntype Point struct{ X, Y float64 }\n\nfunc (p Point) Add(q Point) Point {\n\treturn Point{p.X + q.X, p.Y + q.Y}\n}\n", "utility"],
    ["`go` in a string is no goroutine", "a.go", 'package a\n\nimport "fmt"\n\nfunc Hint() {\n\tfmt.Println("run go vet(x) first, <- then this")\n}\n', "utility"],
    ["an HTTP handler", "a.go", 'package a\n\nimport "net/http"\n\nfunc Routes() {\n\thttp.HandleFunc("/", index)\n}\n', "integration"],
    // Rust
    ["static mut", "a.rs", "static mut COUNTER: u32 = 0;\n\npub fn next() -> u32 {\n    unsafe { COUNTER += 1; COUNTER }\n}\n", "state"],
    ["a thread", "a.rs", "use std::thread;\n\npub fn run(f: fn()) {\n    thread::spawn(f).join().unwrap();\n}\n", "concurrency"],
    ["tokio", "a.rs", "pub async fn go_all() {\n    tokio::spawn(async { work().await });\n}\n", "concurrency"],
    ["&mut self", "a.rs", "pub struct Counter { n: u64 }\n\nimpl Counter {\n    pub fn bump(&mut self) -> u64 {\n        self.n += 1;\n        self.n\n    }\n}\n", "state"],
    ["lifetimes do not hide a Mutex", "a.rs", "pub fn first<'a>(xs: &'a [String]) -> &'a str { &xs[0] }\npub fn guard<'a>(m: &'a Mutex<i32>) -> i32 { *m.lock().unwrap() }\n", "concurrency"],
    // Java, Kotlin
    ["an executor", "A.java", "import java.util.concurrent.*;\n\nclass A {\n    ExecutorService pool = Executors.newFixedThreadPool(4);\n}\n", "concurrency"],
    ["a static counter", "Ids.java", "public class Ids {\n    private static int next = 0;\n\n    public static int nextId() {\n        return next++;\n    }\n}\n", "state"],
    ["a setter", "User.java", "public class User {\n    private String name;\n\n    public User(String name) {\n        this.name = name;\n    }\n\n    public void setName(String name) {\n        this.name = name;\n    }\n}\n", "state"],
    ["a value class", "Money.java", "public final class Money {\n    private final long cents;\n\n    public Money(long cents) {\n        this.cents = cents;\n    }\n\n    public Money plus(Money other) {\n        return new Money(cents + other.cents);\n    }\n}\n", "utility"],
    ["Spring wiring", "C.java", "@RestController\npublic class C {\n    @GetMapping(\"/\")\n    public String index() { return \"hi\"; }\n}\n", "integration"],
    ["coroutines", "A.kt", "fun load(scope: CoroutineScope) {\n    scope.launch {\n        fetch()\n    }\n}\n", "concurrency"],
    ["a var changed by a method", "Counter.kt", "class Counter {\n    private var count = 0\n\n    fun increment(): Int {\n        count++\n        return count\n    }\n}\n", "state"],
    ["a data class", "Point.kt", "data class Point(val x: Int, val y: Int) {\n    fun plus(o: Point) = Point(x + o.x, y + o.y)\n}\n", "utility"],
    // C#
    ["lock (…)", "A.cs", "public class A\n{\n    private readonly object _gate = new object();\n    public void Run()\n    {\n        lock (_gate) { Work(); }\n    }\n}\n", "concurrency"],
    ["a static field changed", "Ids.cs", "public static class Ids\n{\n    private static int _next;\n\n    public static int Next()\n    {\n        return ++_next;\n    }\n}\n", "state"],
    ["Task.Run", "A.cs", "public class A\n{\n    public void Start() => Task.Run(() => Work());\n}\n", "concurrency"],
    // C, C++
    ["a static local", "a.c", "int next_id(void) {\n    static int calls = 0;\n    return ++calls;\n}\n", "state"],
    ["a global changed", "a.c", "static int total;\n\nvoid add(int x) {\n    total += x;\n}\n", "state"],
    ["pthreads", "a.c", "#include <pthread.h>\n\nvoid start(void *(*f)(void *)) {\n    pthread_t t;\n    pthread_create(&t, 0, f, 0);\n}\n", "concurrency"],
    ["a pure C function", "a.c", "#include <ctype.h>\n\nint count_digits(const char *s) {\n    int n = 0;\n    for (; *s; s++) if (isdigit((unsigned char)*s)) n++;\n    return n;\n}\n", "utility"],
    ["std::mutex", "a.cpp", "#include <mutex>\n\nstd::mutex m;\nvoid f() { std::lock_guard<std::mutex> g(m); }\n", "concurrency"],
    ["a member changed", "a.cpp", "class Counter {\npublic:\n    void increment() { ++count_; }\n    int value() const { return count_; }\nprivate:\n    int count_ = 0;\n};\n", "state"],
    // Ruby, PHP, Swift
    ["a class variable", "a.rb", "class Ids\n  @@next = 0\n\n  def self.next_id\n    @@next += 1\n  end\nend\n", "state"],
    ["a thread", "a.rb", "def run_all(jobs)\n  jobs.map { |j| Thread.new { j.call } }.each(&:join)\nend\n", "concurrency"],
    ["an instance variable changed outside initialize", "a.rb", "class Stack\n  def initialize\n    @items = []\n  end\n\n  def push(x)\n    @items << x\n  end\nend\n", "state"],
    ["readers only", "a.rb", "class Point\n  attr_reader :x, :y\n\n  def initialize(x, y)\n    @x = x\n    @y = y\n  end\n\n  def +(other)\n    Point.new(x + other.x, y + other.y)\n  end\nend\n", "utility"],
    ["a memo (||=) is no state", "a.rb", "class Rect\n  def initialize(w, h)\n    @w = w\n    @h = h\n  end\n\n  def area\n    @area ||= @w * @h\n  end\nend\n", "utility"],
    ["a static local", "a.php", "<?php\nfunction next_id() {\n    static $n = 0;\n    return ++$n;\n}\n", "state"],
    ["$this changed outside the constructor", "a.php", "<?php\nclass Bag {\n    private array $items = [];\n    public function add($x) {\n        $this->items[] = $x;\n    }\n}\n", "state"],
    ["Laravel routes", "a.php", "<?php\nRoute::get('/', fn () => view('home'));\n", "integration"],
    ["an actor", "a.swift", "actor Cache {\n    var items: [String: Int] = [:]\n}\n", "concurrency"],
    ["a var changed by a method", "a.swift", "final class Counter {\n    private var count = 0\n\n    func increment() -> Int {\n        count += 1\n        return count\n    }\n}\n", "state"],
    ["a pure function", "a.swift", "func initials(_ name: String) -> String {\n    name.split(separator: \" \").compactMap { $0.first }.map(String.init).joined()\n}\n", "utility"],
    // JavaScript beyond React
    ["a module let changed", "a.js", "let nextId = 1;\n\nexport function newId() {\n  return nextId++;\n}\n", "state"],
    ["a memo Map", "a.ts", "const cache = new Map<string, number>();\n\nexport function score(word: string): number {\n  if (!cache.has(word)) cache.set(word, word.length * 2);\n  return cache.get(word)!;\n}\n", "state"],
    ["a class changes this outside its constructor", "a.ts", "export class Stack<T> {\n  #items: T[] = [];\n  push(x: T) {\n    this.#items.push(x);\n  }\n}\n", "state"],
    ["a worker thread", "a.js", "import { Worker } from \"node:worker_threads\";\n\nexport const start = (file) => new Worker(file);\n", "concurrency"],
    // Shell
    ["background jobs", "a.sh", "for f in *.log; do\n  gzip \"$f\" &\ndone\nwait\n", "concurrency"],
  ];
  for (const [name, file, content, category] of cases) {
    it(`${file}: ${name} → ${category}`, () => expect(categoryOf(file, content)).toBe(category));
  }
});

describe("comments and strings are blanked, lines and quotes kept", () => {
  it.each([
    ["python", 'x = "a # b"  # lock\ny = \'\'\'\nthreading\n\'\'\'\n', 'x = ""  \ny = \'\'\'\n\n\'\'\'\n'],
    ["go", "s := `go\nf()` // go g()\nc := '\"'\n", "s := `\n` \nc := ''\n"],
    ["rust", "fn f<'a>(x: &'a str) -> char { '\\'' } /* Mutex<\n */\n", "fn f<'a>(x: &'a str) -> char { '' } \n\n"],
    ["typescript", 'const u = "http://x"; // no\nconst t = `a\n${b}`;\n', 'const u = ""; \nconst t = `\n`;\n'],
    ["bash", 'echo "$#" # note\nn=${#x}\n', 'echo "" \nn=${#x}\n'],
  ])("%s", (language, src, masked) => {
    expect(maskCode(src, language)).toBe(masked);
    expect(maskCode(src, language).split("\n")).toHaveLength(src.split("\n").length);
  });
});

describe("imports, counted the way each language writes them", () => {
  const cases: Array<[string, string, number]> = [
    ["a.py", "import os, sys\nfrom typing import List\nfrom __future__ import annotations\nfrom . import (\n    a,\n    b,\n)\n", 4],
    ["a.py", 'def f():\n    """import this, import that"""\n    return 1\n', 0],
    ["a.go", 'package a\n\nimport (\n\t"fmt"\n\tstr "strings"\n\t_ "embed"\n)\n', 3],
    ["b.go", 'package a\n\nimport "fmt"\n', 1],
    ["a.rs", "use std::fmt;\nuse std::sync::{Arc, Mutex};\nuse crate::util::clamp;\nextern crate serde;\nmod tests {\n    use super::*;\n}\n", 4],
    ["A.java", "package a;\n\nimport java.util.List;\nimport static org.junit.Assert.*;\n", 2],
    ["A.kt", "package a\n\nimport kotlinx.coroutines.launch\nimport java.io.File\n", 2],
    ["A.cs", "using System;\nusing static System.Math;\nusing Json = System.Text.Json;\nclass A {\n  void F(string p) {\n    using (var s = File.OpenRead(p)) { }\n    using var t = new StreamReader(p);\n  }\n}\n", 3],
    ["a.c", '#include <stdio.h>\n#include "util.h"\n// #include <stdlib.h>\n', 2],
    ["a.rb", 'require "json"\nrequire_relative "lib/x"\n', 2],
    ["a.php", "<?php\nuse App\\Models\\User;\nrequire_once 'x.php';\n", 2],
    ["a.swift", "import Foundation\n@testable import App\n", 2],
    ["a.ts", 'import {\n  a,\n  b,\n} from "x";\nimport type { T } from "./t";\nconst c = require("c");\nexport * from "./d";\n', 4],
    ["a.sh", "source ./lib.sh\n. ./env.sh\n", 2],
    ["b.ts", 'const spec = {\n  imports: 3,\n  importance: 1,\n};\nconst here = import.meta.url;\nconst lazy = () => import("./lazy.js");\n', 1],
  ];
  for (const [file, content, n] of cases) {
    it(`${file}: ${n}`, () => expect(readCode(file, content).imports).toBe(n));
  }
  it("a Go import block of three breaks the limit of two", () => {
    const content = 'package a\n\nimport (\n\t"fmt"\n\t"os"\n\t"strings"\n)\n\n// Shout prints s upper-cased, to stderr when loud.\nfunc Shout(s string, loud bool) {\n\tout := os.Stdout\n\tif loud {\n\t\tout = os.Stderr\n\t}\n\tfmt.Fprintln(out, strings.ToUpper(s))\n}\n';
    const v = classifyContent({ file: "a/shout.go", content });
    expect(v.reasons).toContainEqual({ criterion: "imports", ok: false, detail: "3 imports (limit 2)" });
    expect(v.verdict).toBe("claude");
  });
});

describe("test files by each ecosystem's convention", () => {
  it.each(["tests/test_slugify.py", "app/slugify_test.py", "pool/pool_test.go", "spec/truncate_spec.rb", "test/truncate_test.rb", "src/test/java/a/ByteSizesTest.java", "tests/CaseConverterTests.cs", "tests/words.rs", "Tests/AppTests/AppTests.swift", "tests/BagTest.php", "src/a.test.ts", "src/__tests__/a.js"])("%s", (file) => {
    expect(categoryOf(file, "x\n")).toBe("test");
  });
  it("state in a test is the test's own business", () => {
    const content = "import threading\n\nclass TestStore:\n    def setup_method(self):\n        self.lock = threading.Lock()\n\n    def test_put(self):\n        self.value = 1\n        assert self.value == 1\n";
    expect(classifyContent({ file: "tests/test_store.py", content }).category).toBe("test");
  });
});

describe("descriptions in other ecosystems' words", () => {
  const cases: Array<[string, string, "local" | "claude"]> = [
    ["A thread-safe in-memory session store: a dataclass holding a threading.Lock and a dict", "concurrency", "claude"],
    ["A worker pool: n goroutines read job indexes from a channel; a sync.WaitGroup waits for them", "concurrency", "claude"],
    ["Guard the counter with a mutex", "concurrency", "claude"],
    ["An async queue of upload jobs", "concurrency", "claude"],
    ["A cache with expiry for API responses", "state", "claude"],
    ["A Rust cache shared between threads behind Arc<Mutex<HashMap>>", "concurrency", "claude"],
    ["A Java request counter with synchronized methods", "concurrency", "claude"],
    ["Run the downloads in parallel with asyncio.gather", "concurrency", "claude"],
    ["slugify(text): a pure function that lower-cases text and joins its words with hyphens", "utility", "local"],
    ["Parse the RGB channels of a hex colour", "utility", "local"],
    ["Parse the dependencies out of a package-lock.json file", "utility", "local"],
    ["Format an email thread's subject line", "utility", "local"],
  ];
  for (const [d, category, verdict] of cases) {
    it(`"${d}" → ${category}`, () => {
      const v = classifyDescription({ description: d });
      expect(v.category).toBe(category);
      expect(v.verdict).toBe(verdict);
    });
  }
});
