import type { SuiteTask } from "./task.js";

// Go tasks, run where `go` is on PATH. The hidden check is a `_test.go` file in the package the
// model writes into: the engine puts only the spec's files in the prompt, so the model never sees
// it, and `go test` builds it with the answer as a real package's tests would be.
//
// A small Node runner starts `go test` (the engine runs the suite's commands through the user's
// shell, and `VAR=value cmd` is no command on Windows) in an environment that keeps the check
// offline and independent of the user's Go settings: the module proxy is never asked (no
// requirements, GOPROXY=off), no newer toolchain is fetched (GOTOOLCHAIN=local), no go.work above
// the throwaway project applies, and no result comes from the test cache (-count=1). The build
// cache is the user's own (GOCACHE), which keeps the second and later runs fast. Go's output
// passes through untouched: compile errors and test failures reach the engine as a real
// project's `go test` prints them.
const RUNNER_FILE = ".qualify/go.mjs";
const GO_MOD = "module example.com/qualify\n\ngo 1.18\n";

const runner = (pkg: string) => String.raw`import { spawnSync } from "node:child_process";

const env = { ...process.env, GOFLAGS: "-mod=mod", GOPROXY: "off", GOTOOLCHAIN: "local", GOWORK: "off" };
const r = spawnSync("go", ["test", "-count=1", "./${pkg}/"], { env, stdio: "inherit" });
if (r.error) {
  console.error("go: " + r.error.message);
  process.exit(r.error.code === "ENOENT" ? 127 : 1);
}
process.exit(r.status ?? 1);
`;

const WRAP_CHECK = String.raw`package textwrap

import (
	"fmt"
	"reflect"
	"testing"
	"time"
)

// qualifyCall runs f under a watchdog: what went wrong (a panic, an endless loop), or "" when it returned.
func qualifyCall(f func()) string {
	done := make(chan string, 1)
	go func() {
		returned := false
		defer func() {
			if !returned {
				done <- fmt.Sprintf("panicked: %v", recover())
			}
		}()
		f()
		returned = true
		done <- ""
	}()
	select {
	case msg := <-done:
		return msg
	case <-time.After(2 * time.Second):
		return qualifyTimeout
	}
}

// After one endless loop the test stops: each goroutine left spinning takes a core.
const qualifyTimeout = "did not return within 2 s (an endless loop?)"

func TestQualifyWrap(t *testing.T) {
	cases := []struct {
		text  string
		width int
		want  []string
	}{
		{"the quick brown fox", 10, []string{"the quick", "brown fox"}},
		{"one two three", 7, []string{"one two", "three"}},
		{"a b c", 1, []string{"a", "b", "c"}},
		{"  spaced   out\n\twords  ", 20, []string{"spaced out words"}},
		{"exactly ten", 11, []string{"exactly ten"}},
		{"exactly ten", 10, []string{"exactly", "ten"}},
		{"supercalifragilistic is long", 6, []string{"supercalifragilistic", "is", "long"}},
		{"héllo wörld", 11, []string{"héllo wörld"}},
		{"", 5, []string{}},
		{"   ", 5, []string{}},
	}
	for _, c := range cases {
		c := c
		what := fmt.Sprintf("Wrap(%q, %d)", c.text, c.width)
		var got []string
		var err error
		if msg := qualifyCall(func() { got, err = Wrap(c.text, c.width) }); msg == qualifyTimeout {
			t.Fatalf("✗ %s: expected %#v, %s; the remaining checks were not run", what, c.want, msg)
		} else if msg != "" {
			t.Errorf("✗ %s: expected %#v, %s", what, c.want, msg)
		} else if err != nil {
			t.Errorf("✗ %s: expected %#v, returned the error %q", what, c.want, err.Error())
		} else if !(len(got) == 0 && len(c.want) == 0) && !reflect.DeepEqual(got, c.want) {
			t.Errorf("✗ %s: expected %#v, received %#v", what, c.want, got)
		}
	}
	for _, width := range []int{0, -3} {
		width := width
		what := fmt.Sprintf("Wrap(%q, %d)", "a b", width)
		var err error
		if msg := qualifyCall(func() { _, err = Wrap("a b", width) }); msg == qualifyTimeout {
			t.Fatalf("✗ %s: expected an error, %s; the remaining checks were not run", what, msg)
		} else if msg != "" {
			t.Errorf("✗ %s: expected an error, %s", what, msg)
		} else if err == nil {
			t.Errorf("✗ %s: expected an error, returned none", what)
		}
	}
}
`;

const wrap: SuiteTask = {
  id: "code-go-wrap",
  kind: "code",
  category: "utility",
  language: "go",
  description:
    "Write the Go function `Wrap(text string, width int) ([]string, error)` in package `textwrap`: split `text` into words at runs of whitespace and pack them greedily into lines of at most `width` characters " +
    "(count runes, not bytes), the words of a line separated by one space. A word longer than `width` goes on a line of its own, unbroken. " +
    '`Wrap("the quick brown fox", 10)` returns `[]string{"the quick", "brown fox"}` and a nil error; text with no words gives an empty slice. ' +
    "Return a nil slice and an error when `width` is less than 1.",
  output_file: "textwrap/wrap.go",
  constraints: ["package `textwrap` of the module in go.mod", "standard library only", "at most 40 lines"],
  files: { "go.mod": GO_MOD },
  hidden: { [RUNNER_FILE]: runner("textwrap") },
  check_file: "textwrap/wrap_check_test.go",
  check: WRAP_CHECK,
  test_command: `node ${RUNNER_FILE}`,
  requires: "go",
};

export const GO_TASKS: SuiteTask[] = [wrap];
