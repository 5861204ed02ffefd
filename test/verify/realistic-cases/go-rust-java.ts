import type { Case } from "./types.js";

// Go, Rust and Java tasks, as Claude words them, and a correct file for each.

const go = (name: string, description: string, file: string, constraints: string[] = [], more: Partial<Case> = {}): Case => ({ name, language: "go", description, constraints, file, ...more });
const rs = (name: string, description: string, file: string, constraints: string[] = []): Case => ({ name, language: "rust", description, constraints, file });
const java = (name: string, description: string, file: string, constraints: string[] = []): Case => ({ name, language: "java", description, constraints, file });

export const GO_RIGHT: Case[] = [
  go(
    "make and append",
    "Write `func Unique(xs []string) []string` that keeps the first of each string, in order; use `make(map[string]bool)` and `append(out, x)`.",
    "package strs\n\nfunc Unique(xs []string) []string {\n\tseen := make(map[string]bool)\n\tvar out []string\n\tfor _, x := range xs {\n\t\tif !seen[x] {\n\t\t\tseen[x] = true\n\t\t\tout = append(out, x)\n\t\t}\n\t}\n\treturn out\n}\n",
    ["standard library only"],
  ),
  go(
    "close(ch) by the sender",
    "Write `Drain(ch <-chan int) []int` that reads until the channel is closed; the sender calls `close(ch)`.",
    "package chans\n\nfunc Drain(ch <-chan int) []int {\n\tvar out []int\n\tfor v := range ch {\n\t\tout = append(out, v)\n\t}\n\treturn out\n}\n",
  ),
  go(
    "delete(m, k)",
    "Write `RemoveKeys(m map[string]int, keys []string)` that calls `delete(m, k)` for each key.",
    "package maps\n\nfunc RemoveKeys(m map[string]int, keys []string) {\n\tfor _, k := range keys {\n\t\tdelete(m, k)\n\t}\n}\n",
  ),
  go(
    "recover() turns a panic into an error",
    "Write `SafeDiv(a, b int) (q int, err error)` that uses `recover()` to turn the division's panic into an error made with `fmt.Errorf`.",
    'package safe\n\nimport "fmt"\n\nfunc SafeDiv(a, b int) (q int, err error) {\n\tdefer func() {\n\t\tif r := recover(); r != nil {\n\t\t\terr = fmt.Errorf("div: %v", r)\n\t\t}\n\t}()\n\treturn a / b, nil\n}\n',
  ),
  go(
    "copy(dst, src)",
    "Write `Clone(xs []int) []int` with `copy(dst, src)` into a slice from `make([]int, len(xs))`.",
    "package slices2\n\nfunc Clone(xs []int) []int {\n\tdst := make([]int, len(xs))\n\tcopy(dst, xs)\n\treturn dst\n}\n",
  ),
  go(
    "a package of the project's own module is not a dependency",
    "Write `Handler(w http.ResponseWriter, r *http.Request)` in package `api` that writes `store.Get(id)` as JSON, with the store from `example.com/shop/internal/store`.",
    'package api\n\nimport (\n\t"encoding/json"\n\t"net/http"\n\n\t"example.com/shop/internal/store"\n)\n\nfunc Handler(w http.ResponseWriter, r *http.Request) {\n\tjson.NewEncoder(w).Encode(store.Get(r.URL.Query().Get("id")))\n}\n',
    ["standard library only"],
    { local: ["example.com/shop"] },
  ),
  go(
    "methods of a type",
    "Define a `Stack` type with `Push(v int)`, `Pop() (int, bool)` and `Len() int` methods.",
    "package stack\n\ntype Stack struct{ items []int }\n\nfunc (s *Stack) Push(v int) { s.items = append(s.items, v) }\n\nfunc (s *Stack) Pop() (int, bool) {\n\tif len(s.items) == 0 {\n\t\treturn 0, false\n\t}\n\tv := s.items[len(s.items)-1]\n\ts.items = s.items[:len(s.items)-1]\n\treturn v, true\n}\n\nfunc (s *Stack) Len() int { return len(s.items) }\n",
  ),
  go(
    "min, max and clear",
    "Write `Clamp(v, lo, hi int) int` with `min(max(v, lo), hi)`; `Reset(m map[string]int)` calls `clear(m)`.",
    "package num\n\nfunc Clamp(v, lo, hi int) int { return min(max(v, lo), hi) }\n\nfunc Reset(m map[string]int) { clear(m) }\n",
  ),
  go(
    "functions under 20 lines is not a file limit",
    "Write `ParseLevel(s string) (Level, error)` and `(l Level) String() string` for the levels debug, info, warn and error.",
    'package logx\n\nimport "fmt"\n\ntype Level int\n\nconst (\n\tDebug Level = iota\n\tInfo\n\tWarn\n\tError\n)\n\nvar names = []string{"debug", "info", "warn", "error"}\n\nfunc ParseLevel(s string) (Level, error) {\n\tfor i, n := range names {\n\t\tif n == s {\n\t\t\treturn Level(i), nil\n\t\t}\n\t}\n\treturn 0, fmt.Errorf("unknown level %q", s)\n}\n\nfunc (l Level) String() string {\n\tif int(l) < len(names) {\n\t\treturn names[l]\n\t}\n\treturn fmt.Sprintf("Level(%d)", int(l))\n}\n',
    ["standard library only", "functions under 20 lines"],
  ),
  go(
    "panic and new",
    "Write `MustPositive(n int) *int` that calls `panic(\"not positive\")` for n ≤ 0 and otherwise returns `new(int)` set to n.",
    'package must\n\nfunc MustPositive(n int) *int {\n\tif n <= 0 {\n\t\tpanic("not positive")\n\t}\n\tp := new(int)\n\t*p = n\n\treturn p\n}\n',
  ),
];

export const RUST_RIGHT: Case[] = [
  rs(
    "Some((key, value)) and None",
    "Write `pub fn parse_kv(line: &str) -> Option<(String, String)>`; return `Some((key, value))` split at the first `=`, or `None`.",
    "pub fn parse_kv(line: &str) -> Option<(String, String)> {\n    let (k, v) = line.split_once('=')?;\n    Some((k.trim().to_string(), v.trim().to_string()))\n}\n",
    ["standard library only"],
  ),
  rs(
    "Ok(..) and Err(..)",
    'Write `fn checked_div(a: i32, b: i32) -> Result<i32, String>` returning `Ok(a / b)` or `Err("division by zero".to_string())`.',
    'pub fn checked_div(a: i32, b: i32) -> Result<i32, String> {\n    if b == 0 {\n        return Err("division by zero".to_string());\n    }\n    Ok(a / b)\n}\n',
  ),
  rs(
    "Box::new and Box(..)",
    "Write `pub fn adder(n: i32) -> Box<dyn Fn(i32) -> i32>` that returns `Box::new(move |x| x + n)`.",
    "pub fn adder(n: i32) -> Box<dyn Fn(i32) -> i32> {\n    Box::new(move |x| x + n)\n}\n",
  ),
  rs(
    "enum variants",
    "Define `pub enum Shape` with the variants `Circle(f64)` and `Square(f64)`, and `pub fn area(s: &Shape) -> f64`.",
    "pub enum Shape {\n    Circle(f64),\n    Square(f64),\n}\n\npub fn area(s: &Shape) -> f64 {\n    match s {\n        Shape::Circle(r) => std::f64::consts::PI * r * r,\n        Shape::Square(a) => a * a,\n    }\n}\n",
  ),
  rs(
    "mod x; and use crate:: are the crate's own",
    "Write `pub fn run() -> String` in `src/app.rs`, built from `crate::config::load()` and a submodule `helpers` with `fmt_line(s: &str)`.",
    "mod helpers;\n\nuse crate::config::load;\nuse helpers::fmt_line;\n\npub fn run() -> String {\n    fmt_line(&load())\n}\n",
    ["standard library only"],
  ),
  rs(
    "Vec::new() and Vec(..)",
    "Write `pub fn evens(v: &[i32]) -> Vec<i32>` that pushes into `Vec::new()` the even numbers, in order.",
    "pub fn evens(v: &[i32]) -> Vec<i32> {\n    let mut out = Vec::new();\n    for &x in v {\n        if x % 2 == 0 {\n            out.push(x);\n        }\n    }\n    out\n}\n",
  ),
  rs(
    "a pub fn kept by a trait impl's method (as public as the trait)",
    "Write `pub trait Shape` with `fn area(&self) -> f64`, `pub struct Square(pub f64)`, and `pub fn area(&self) -> f64` for `Square` through the trait.",
    "pub trait Shape {\n    fn area(&self) -> f64;\n}\n\npub struct Square(pub f64);\n\nimpl Shape for Square {\n    fn area(&self) -> f64 {\n        self.0 * self.0\n    }\n}\n",
  ),
  rs(
    "a private helper beside a pub fn",
    "Write `pub fn mean(xs: &[f64]) -> Option<f64>` using a private `fn sum(xs: &[f64]) -> f64`.",
    "fn sum(xs: &[f64]) -> f64 {\n    xs.iter().sum()\n}\n\npub fn mean(xs: &[f64]) -> Option<f64> {\n    if xs.is_empty() {\n        return None;\n    }\n    Some(sum(xs) / xs.len() as f64)\n}\n",
  ),
  rs(
    "derive and allow attributes",
    "Write `#[derive(Debug, Clone, PartialEq)] pub struct Config { pub name: String }` and `pub fn load(text: &str) -> Config`; add `#![allow(dead_code)]` at the top.",
    "#![allow(dead_code)]\n\n#[derive(Debug, Clone, PartialEq)]\npub struct Config {\n    pub name: String,\n}\n\npub fn load(text: &str) -> Config {\n    Config { name: text.trim().to_string() }\n}\n",
  ),
  rs(
    "a crate-visible helper",
    "Write `pub(crate) fn parse_header(line: &str) -> Option<(String, String)>` for the other modules of the crate.",
    "pub(crate) fn parse_header(line: &str) -> Option<(String, String)> {\n    let (k, v) = line.split_once(':')?;\n    Some((k.trim().to_lowercase(), v.trim().to_string()))\n}\n",
  ),
  rs(
    "a method in an impl",
    "Write `pub struct Counter` with `pub fn new() -> Self` and `pub fn tick(&mut self) -> u32`.",
    "#[derive(Default)]\npub struct Counter {\n    n: u32,\n}\n\nimpl Counter {\n    pub fn new() -> Self {\n        Self::default()\n    }\n\n    pub fn tick(&mut self) -> u32 {\n        self.n += 1;\n        self.n\n    }\n}\n",
  ),
];

export const JAVA_RIGHT: Case[] = [
  java(
    "returns new StringBuilder(s)…",
    "Write a `StringUtils` class with `public static String reverse(String s)` that returns `new StringBuilder(s).reverse().toString()`.",
    "public final class StringUtils {\n    private StringUtils() {}\n\n    public static String reverse(String s) {\n        return new StringBuilder(s).reverse().toString();\n    }\n}\n",
  ),
  java(
    "throws IllegalArgumentException",
    "Write `public class Temperature` with `static double toFahrenheit(double celsius)`; throw `new IllegalArgumentException(\"below absolute zero\")` under -273.15.",
    'public class Temperature {\n    static double toFahrenheit(double celsius) {\n        if (celsius < -273.15) {\n            throw new IllegalArgumentException("below absolute zero");\n        }\n        return celsius * 9 / 5 + 32;\n    }\n}\n',
  ),
  java(
    "an enum's constants",
    "Write `public enum Planet` with `MERCURY(3.303e+23)` and `EARTH(5.976e+24)`, and `double mass()`.",
    "public enum Planet {\n    MERCURY(3.303e+23),\n    EARTH(5.976e+24);\n\n    private final double mass;\n\n    Planet(double mass) {\n        this.mass = mass;\n    }\n\n    double mass() {\n        return mass;\n    }\n}\n",
  ),
  java(
    "a private helper method",
    "Write `public class Slug` with `public static String of(String title)` and a private helper `collapse(String s)`.",
    'public class Slug {\n    public static String of(String title) {\n        return collapse(title.toLowerCase());\n    }\n\n    private static String collapse(String s) {\n        return s.replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");\n    }\n}\n',
  ),
  java(
    "Objects.requireNonNull and Optional.of",
    "Write `public class Users` with `static Optional<String> firstName(String full)`; check the argument with `Objects.requireNonNull(full)`.",
    "import java.util.Objects;\nimport java.util.Optional;\n\npublic class Users {\n    static Optional<String> firstName(String full) {\n        Objects.requireNonNull(full);\n        String t = full.trim();\n        return t.isEmpty() ? Optional.empty() : Optional.of(t.split(\"\\\\s+\")[0]);\n    }\n}\n",
  ),
  java(
    "a record and its method",
    "Write `public record Point(int x, int y)` with a method `double distanceTo(Point other)`.",
    "public record Point(int x, int y) {\n    double distanceTo(Point other) {\n        int dx = x - other.x, dy = y - other.y;\n        return Math.sqrt(dx * dx + dy * dy);\n    }\n}\n",
  ),
];
