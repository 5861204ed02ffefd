import type { SuiteTask } from "./task.js";

// Rust tasks, run where `rustc` is on PATH; no Cargo needed. The hidden check is a program that
// takes the model's file in as a module (`#[path]`, so `//!` docs and inner attributes in it are
// fine), calls it under a watchdog and prints a ✗ line per failure. A small Node runner builds and
// runs it: the engine's preflight accepts it before the binary exists, and rustc's quotes of the
// check's own source are cut from what the model reads.

const RUNNER_FILE = ".qualify/rust.mjs";

const RUNNER = String.raw`import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";

const CHECK = ".qualify/check.rs";
const BIN = ".qualify/check-bin" + (process.platform === "win32" ? ".exe" : "");
rmSync(BIN, { force: true });
const build = spawnSync("rustc", ["--edition", "2021", "-A", "warnings", "-o", BIN, CHECK], { encoding: "utf8", timeout: 120000 });
if (build.error) {
  console.error("rustc: " + build.error.message);
  process.exit(build.error.code === "ENOENT" ? 127 : 1);
}
if (build.status !== 0) {
  console.error(hideCheck(build.stderr || ""));
  console.error("✗ the file does not compile with the hidden checks");
  process.exit(1);
}
const run = spawnSync(BIN, [], { encoding: "utf8", timeout: 30000 });
process.stdout.write(run.stdout || "");
process.stderr.write(run.stderr || "");
if (run.error) {
  console.error("✗ the checks did not finish: " + run.error.message);
  process.exit(1);
}
// An answer that calls std::process::exit(0) ends the check with success before its checks ran.
if (run.status === 0 && !(run.stdout || "").includes("all hidden checks passed")) {
  console.error("✗ the checks were cut short: the answer ended the process (std::process::exit)");
  process.exit(1);
}
process.exit(run.status ?? 1);

// rustc quotes the source around each error: the lines quoted from the check are dropped, those
// from the model's file kept, and the model's file is named by its path in the project. A help's
// suggestion quotes the error's own place, the first location after its header.
function hideCheck(text) {
  const isCheck = (file) => /(^|[\\/])\.qualify[\\/]check\.rs$/.test(file);
  let header = false;
  let primaryShown = true;
  let shown = true;
  const kept = [];
  for (const raw of text.split("\n")) {
    const line = raw.replace(/\.qualify[\\/]\.\.[\\/]/g, "");
    const at = /^\s*(-->|:::) (.+?):\d+:\d+$/.exec(line);
    if (at) {
      shown = !isCheck(at[2]);
      if (header && at[1] === "-->") primaryShown = shown;
      header = false;
    } else if (/^(error|warning)\b/.test(line)) {
      header = true;
      primaryShown = shown = true;
    } else if (/^help\b|^\s*= help\b/.test(line)) shown = primaryShown;
    else if (!shown && /^\s*(\d+\s*)?[|+~-]|^\s*\.\.\.\s*$/.test(line)) continue;
    kept.push(line);
  }
  return kept.join("\n");
}
`;

const CHECK_HEAD = String.raw`use std::any::Any;
use std::fmt::Debug;
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

static FAILURES: AtomicUsize = AtomicUsize::new(0);
const TIMEOUT: &str = "did not return within 2 s (an endless loop?)";

fn fail(what: &str, detail: String) {
    FAILURES.fetch_add(1, Ordering::SeqCst);
    eprintln!("✗ {}: {}", what, detail);
}

fn panic_text(p: Box<dyn Any + Send>) -> String {
    if let Some(s) = p.downcast_ref::<&str>() {
        return s.to_string();
    }
    if let Some(s) = p.downcast_ref::<String>() {
        return s.clone();
    }
    "a panic".to_string()
}

// Each call into the answer runs on its own thread: a panic is caught, an endless loop is left
// behind after 2 s (the process exits without waiting for it).
fn guarded<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Result<T, String> {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let _ = tx.send(panic::catch_unwind(AssertUnwindSafe(f)));
    });
    match rx.recv_timeout(Duration::from_secs(2)) {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(p)) => Err(format!("panicked: {}", panic_text(p))),
        Err(_) => Err(TIMEOUT.to_string()),
    }
}

fn eq<T: PartialEq + Debug + Send + 'static>(what: &str, f: impl FnOnce() -> T + Send + 'static, expected: T) {
    match guarded(f) {
        Ok(actual) if actual == expected => {}
        Ok(actual) => fail(what, format!("expected {:?}, received {:?}", expected, actual)),
        Err(e) if e == TIMEOUT => {
            // One endless loop says enough: each thread left spinning takes a core.
            fail(what, format!("expected {:?}, {}; the remaining checks were not run", expected, e));
            finish();
        }
        Err(e) => fail(what, format!("expected {:?}, {}", expected, e)),
    }
}

fn finish() {
    let failed = FAILURES.load(Ordering::SeqCst);
    if failed > 0 {
        eprintln!("{} hidden check(s) failed", failed);
        std::process::exit(1);
    }
    println!("all hidden checks passed");
}
`;

const roman: SuiteTask = {
  id: "code-rust-roman",
  kind: "code",
  category: "utility",
  language: "rust",
  description:
    "Write `pub fn to_roman(n: u32) -> Option<String>`: the Roman numeral for `n`, written with the subtractive forms " +
    '(4 is `"IV"`, 9 is `"IX"`, 40 is `"XL"`, 90 is `"XC"`, 400 is `"CD"`, 900 is `"CM"`), so that 1994 gives `Some("MCMXCIV")` as a `String`. ' +
    "Return `None` for 0 and for numbers above 3999.",
  output_file: "src/roman.rs",
  constraints: ["a library module: no `main`, standard library only", "at most 30 lines"],
  hidden: { [RUNNER_FILE]: RUNNER },
  check_file: ".qualify/check.rs",
  check: String.raw`#[path = "../src/roman.rs"]
mod answer;

${CHECK_HEAD}
fn main() {
    panic::set_hook(Box::new(|_| {}));
    let cases = [
        (1, "I"), (3, "III"), (4, "IV"), (9, "IX"), (14, "XIV"), (40, "XL"), (90, "XC"), (400, "CD"),
        (944, "CMXLIV"), (1994, "MCMXCIV"), (2024, "MMXXIV"), (3999, "MMMCMXCIX"),
    ];
    for (n, want) in cases {
        eq(&format!("to_roman({})", n), move || answer::to_roman(n), Some(want.to_string()));
    }
    for n in [0, 4000, 10000] {
        eq(&format!("to_roman({})", n), move || answer::to_roman(n), None);
    }
    finish();
}
`,
  test_command: `node ${RUNNER_FILE}`,
  requires: "rustc",
};

export const RUST_TASKS: SuiteTask[] = [roman];
