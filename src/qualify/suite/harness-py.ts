// The helpers every Python hidden check imports (written to `.qualify/harness.py`; the check runs
// as `python3 -B .qualify/check.py`, which puts `.qualify/` first on sys.path). Standard library
// only, Python 3.8 and later: it runs on the user's machine, where pytest may be absent. As in
// the Node harness, each failure is one line starting with ✗ that names what was expected and
// what came back, and no traceback is ever printed: a traceback shows the source of the check,
// which stays hidden from the model, as a real project's tests would.
export const PY_HARNESS_FILE = ".qualify/harness.py";
export const PY_CHECK_FILE = ".qualify/check.py";
// -B: no bytecode is written, so a mutant copied over the real code within the same second (and
// with the same size) is never run from the real code's stale cache.
export const PY_TEST_COMMAND = `python3 -B ${PY_CHECK_FILE}`;

export const PY_HARNESS = String.raw`import importlib.util
import os
import re
import shutil
import signal
import subprocess
import sys
import traceback

ROOT = os.getcwd()
CALL_S = 2
_failures = 0
_answers = set()


class _Timeout(BaseException):
    """Raised by the watchdog; a BaseException, so the model's "except Exception" cannot swallow it."""


def _alarm(signum, frame):
    raise _Timeout()


def _guarded(thunk):
    # Each call into the model's code runs under a watchdog (where the platform has SIGALRM): an
    # endless loop becomes one failed check that says so, instead of the whole check hanging.
    if not hasattr(signal, "setitimer"):
        return thunk()
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, CALL_S)
    try:
        return thunk()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _where(tb):
    # The last line of the model's own file the error passed through, never the check's.
    frames = [f for f in traceback.extract_tb(tb) if os.path.realpath(f.filename) in _answers]
    if not frames:
        return ""
    return " (at " + os.path.relpath(frames[-1].filename, ROOT) + ":" + str(frames[-1].lineno) + ")"


def _error(e):
    message = str(e).split("\n")[0]
    return type(e).__name__ + (": " + message if message else "") + _where(e.__traceback__)


def _quiet(kind, value, tb):
    print("✗ the check stopped: " + _error(value), file=sys.stderr)
    sys.exit(1)


sys.excepthook = _quiet
TIMEOUT = "did not return within " + str(CALL_S) + " s (an endless loop?)"


def _stop(what, expectation):
    # One endless loop says enough: the other checks would each wait for the watchdog too.
    fatal(what + ": " + expectation + TIMEOUT + "; the remaining checks were not run")


def show(v):
    return repr(v)


def fail(what, detail=None):
    global _failures
    _failures += 1
    print("✗ " + what + (": " + detail if detail else ""), file=sys.stderr)


def fatal(what):
    print("✗ " + what, file=sys.stderr)
    sys.exit(1)


def _no_exit(*args):
    raise SystemExit("os._exit() was called")


# sys.exit() raises SystemExit, which every check catches; os._exit() would end the check at once,
# with the answer's code, and the checks not yet run would count as passed.
os._exit = _no_exit


def load(rel):
    """The module at rel (project-relative), loaded from its path under its own name."""
    path = os.path.join(ROOT, rel)
    _answers.add(os.path.realpath(path))
    name = os.path.splitext(os.path.basename(rel))[0]
    try:
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        _guarded(lambda: spec.loader.exec_module(module))
        return module
    except _Timeout:
        fatal("cannot load " + rel + ": it " + TIMEOUT)
    except KeyboardInterrupt:
        raise
    except BaseException as e:
        fatal("cannot load " + rel + ": " + _error(e))


def same(actual, expected):
    """Equal, and of the same kind: True is not 1, a tuple is not a list."""
    if isinstance(expected, bool) or isinstance(actual, bool):
        return type(actual) is type(expected) and actual == expected
    if isinstance(expected, (int, float)):
        return isinstance(actual, (int, float)) and actual == expected
    if isinstance(expected, (list, tuple)):
        return type(actual) is type(expected) and len(actual) == len(expected) and all(same(a, e) for a, e in zip(actual, expected))
    if isinstance(expected, dict):
        return isinstance(actual, dict) and set(actual) == set(expected) and all(same(actual[k], expected[k]) for k in expected)
    return type(actual) is type(expected) and actual == expected


def _call(thunk):
    try:
        return ("value", _guarded(thunk))
    except _Timeout:
        return ("timeout", None)
    except KeyboardInterrupt:
        raise
    except BaseException as e:
        return ("raised", e)


def check(what, thunk, detail=None):
    """A check whose thunk returns True; a raise is a failure that names the error."""
    how, value = _call(thunk)
    if how == "timeout":
        _stop(what, "")
    elif how == "raised":
        fail(what, "raised " + _error(value))
    elif value is not True:
        fail(what, detail)


def eq(what, thunk, expected):
    how, value = _call(thunk)
    if how == "timeout":
        _stop(what, "expected " + show(expected) + ", ")
    elif how == "raised":
        fail(what, "expected " + show(expected) + ", raised " + _error(value))
    elif not same(value, expected):
        fail(what, "expected " + show(expected) + ", received " + show(value))


def raises(what, thunk, kind, names=None):
    """Expects the exception kind; with names, its message must contain that text."""
    how, value = _call(thunk)
    if how == "timeout":
        _stop(what, "expected a " + kind.__name__ + ", ")
    elif how == "value":
        fail(what, "expected a " + kind.__name__ + ", received " + show(value))
    elif not isinstance(value, kind):
        fail(what, "expected a " + kind.__name__ + ", raised " + _error(value))
    elif names is not None and names not in str(value):
        fail(what, "expected the message to name " + show(names) + ", got " + show(str(value)))


def run_unittest(test_file):
    """Runs a test file with unittest: whether it passed, how many tests ran, the lines that matter."""
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    try:
        r = subprocess.run([sys.executable, "-B", "-m", "unittest", "-v", test_file], cwd=ROOT, env=env, capture_output=True, text=True, timeout=30)
    except subprocess.TimeoutExpired:
        return {"ok": False, "count": 0, "timed_out": True, "no_tests": False, "lines": []}
    out = (r.stdout or "") + (r.stderr or "")
    ran = re.search(r"^Ran (\d+) tests?", out, re.M)
    lines = [l for l in out.split("\n") if re.search(r"^(FAIL|ERROR):|Error|assert|expected|cannot|failed", l, re.I)][:12]
    # Python 3.12 and later exit 5 when no test ran; earlier ones exit 0.
    no_tests = r.returncode == 5 or "NO TESTS RAN" in out
    return {"ok": r.returncode == 0, "count": int(ran.group(1)) if ran else 0, "timed_out": False, "no_tests": no_tests, "lines": lines}


def swapped(target, replacement, fn):
    """Runs fn with the file replaced by another, and puts it back whatever happens."""
    path = os.path.join(ROOT, target)
    with open(path, "rb") as f:
        original = f.read()
    shutil.copyfile(os.path.join(ROOT, replacement), path)
    try:
        return fn()
    finally:
        with open(path, "wb") as f:
            f.write(original)


def tests_catch(test_file, target, mutants):
    """The test-writing check: the tests pass against the real code and fail against each mutant."""
    real = run_unittest(test_file)
    if real["timed_out"]:
        fatal("the tests did not finish within 30 s")
    if real["count"] == 0 and (real["ok"] or real["no_tests"]):
        fatal("no tests ran")
    if not real["ok"]:
        fatal("the tests fail against the correct code:\n" + "\n".join(real["lines"]))
    for replacement, broken in mutants:
        r = swapped(target, replacement, lambda: run_unittest(test_file))
        if r["ok"]:
            fail("the tests still pass when " + broken, "add a test that catches it")


def finish():
    if _failures:
        print(str(_failures) + " hidden check(s) failed", file=sys.stderr)
        sys.exit(1)
    print("all hidden checks passed")
`;
