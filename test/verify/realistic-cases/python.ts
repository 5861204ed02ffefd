import type { Case } from "./types.js";

// Python tasks, as Claude words them, and a correct file for each.

const py = (name: string, description: string, file: string, constraints: string[] = [], more: Partial<Case> = {}): Case => ({ name, language: "python", description, constraints, file, ...more });

export const PYTHON_RIGHT: Case[] = [
  py(
    "raises ValueError(...) and open(path)",
    'Write `parse_config(path)` that reads the file with `open(path)` and raises `ValueError("bad line")` for a line without `=`.',
    'def parse_config(path):\n    out = {}\n    with open(path) as f:\n        for line in f:\n            if not line.strip():\n                continue\n            if "=" not in line:\n                raise ValueError("bad line")\n            k, v = line.split("=", 1)\n            out[k.strip()] = v.strip()\n    return out\n',
    ["standard library only"],
  ),
  py(
    "retry calls its parameter func()",
    "Write `retry(func, attempts=3)` that calls `func()` until it succeeds and re-raises the last exception.",
    "def retry(func, attempts=3):\n    last = None\n    for _ in range(attempts):\n        try:\n            return func()\n        except Exception as e:\n            last = e\n    raise last\n",
  ),
  py(
    "hash() and super() are Python's",
    "Write a `Point` class with `x` and `y`; implement `__eq__` and `__hash__` with `hash((self.x, self.y))`, and call `super().__init__()` first.",
    "class Point:\n    def __init__(self, x, y):\n        super().__init__()\n        self.x = x\n        self.y = y\n\n    def __eq__(self, other):\n        return isinstance(other, Point) and (self.x, self.y) == (other.x, other.y)\n\n    def __hash__(self):\n        return hash((self.x, self.y))\n",
  ),
  py(
    "iter() and next()",
    "Write `chunked(iterable, size)` that yields lists of `size` items, using `iter(iterable)` and `next(it, None)`.",
    "def chunked(iterable, size):\n    it = iter(iterable)\n    while True:\n        chunk = []\n        for _ in range(size):\n            item = next(it, None)\n            if item is None:\n                break\n            chunk.append(item)\n        if not chunk:\n            return\n        yield chunk\n",
  ),
  py(
    "getattr / setattr / hasattr",
    "Write `get_path(obj, path)` that follows dotted attributes with `getattr(obj, name)`, and `set_path(obj, path, value)` with `setattr(obj, name, value)`; check with `hasattr(obj, name)` first.",
    'def get_path(obj, path):\n    for name in path.split("."):\n        if not hasattr(obj, name):\n            return None\n        obj = getattr(obj, name)\n    return obj\n\n\ndef set_path(obj, path, value):\n    *parents, last = path.split(".")\n    for name in parents:\n        obj = getattr(obj, name)\n    setattr(obj, last, value)\n',
  ),
  py(
    "a nested function",
    "Write `make_counter()` that returns a function `increment()` adding one on each call and returning the new count.",
    "def make_counter():\n    count = 0\n\n    def increment():\n        nonlocal count\n        count += 1\n        return count\n\n    return increment\n",
  ),
  py(
    "a fallback defined in an except block",
    "Write `load_json(path)`. Use `orjson.loads` when it is installed; otherwise define a fallback `loads(data)` on top of `json.loads`.",
    "import json\n\ntry:\n    from orjson import loads\nexcept ImportError:\n    def loads(data):\n        return json.loads(data)\n\n\ndef load_json(path):\n    with open(path, \"rb\") as f:\n        return loads(f.read())\n",
  ),
  py(
    "a function defined in if/else",
    "Write `clear_screen()`, which runs `cls` on Windows and `clear` elsewhere.",
    'import os\n\nif os.name == "nt":\n    def clear_screen():\n        os.system("cls")\nelse:\n    def clear_screen():\n        os.system("clear")\n',
  ),
  py(
    "a project package is not a dependency",
    "Write `report(orders)` for `app/report.py`: the total of the orders, using `total(orders)` from `app.pricing`.",
    "from app.pricing import total\n\n\ndef report(orders):\n    return f\"{len(orders)} orders, {total(orders):.2f} in all\"\n",
    ["standard library only"],
    { local: ["app"] },
  ),
  py(
    "type(), repr(), id()",
    "Write `describe_value(value)` returning `f\"{type(value).__name__}: {repr(value)}\"`, and `dedupe_by_identity(items)` keeping the first of each object by `id(item)`.",
    'def describe_value(value):\n    return f"{type(value).__name__}: {repr(value)}"\n\n\ndef dedupe_by_identity(items):\n    seen = set()\n    out = []\n    for item in items:\n        if id(item) not in seen:\n            seen.add(id(item))\n            out.append(item)\n    return out\n',
  ),
  py(
    "a custom exception class",
    "Define `ConfigError(Exception)` and `load_settings(path)` that raises it when the file is missing.",
    'import os\n\n\nclass ConfigError(Exception):\n    pass\n\n\ndef load_settings(path):\n    if not os.path.exists(path):\n        raise ConfigError(f"no such file: {path}")\n    with open(path) as f:\n        return f.read()\n',
  ),
  py(
    "reversed() and sorted()",
    "Write `reverse_words(s)` using `reversed(s.split())`, and `sorted_unique(items)`.",
    'def reverse_words(s):\n    return " ".join(reversed(s.split()))\n\n\ndef sorted_unique(items):\n    return sorted(set(items))\n',
  ),
  py(
    "a dataclass with a method",
    "Create a dataclass `Vector` with fields `x` and `y` and a method `length()`; `Vector(3, 4).length()` is `5.0`.",
    "import math\nfrom dataclasses import dataclass\n\n\n@dataclass\nclass Vector:\n    x: float\n    y: float\n\n    def length(self):\n        return math.hypot(self.x, self.y)\n",
  ),
  py(
    "settings constants, no functions",
    'Define the settings: `MAX_RETRIES = 3`, `TIMEOUT_SECONDS = 10.0` and `BASE_URL = "https://api.example.com"`.',
    'MAX_RETRIES = 3\nTIMEOUT_SECONDS = 10.0\nBASE_URL = "https://api.example.com"\n',
    ["data only, no functions"],
  ),
  py(
    "a private helper the spec keeps private",
    "Write `tokenize(text)`; keep the helper `_is_word(token)` private (do not export it).",
    'import re\n\n\ndef _is_word(token):\n    return bool(re.fullmatch(r"\\w+", token))\n\n\ndef tokenize(text):\n    return [t for t in text.split() if _is_word(t)]\n',
  ),
  py(
    "a sibling module imported absolutely",
    "Write `main()` for a script that prints `greeting(name)` from `helpers.py` next to it.",
    'import sys\n\nfrom helpers import greeting\n\n\ndef main():\n    print(greeting(sys.argv[1] if len(sys.argv) > 1 else "world"))\n\n\nif __name__ == "__main__":\n    main()\n',
    ["no third-party packages"],
    { local: ["helpers"] },
  ),
  py(
    "a method inside a class, per-method limit",
    "Write a `Stack` class with `push(item)`, `pop()` and `peek()`; `pop()` on an empty stack raises `IndexError(\"empty\")`.",
    'class Stack:\n    """A last-in first-out stack."""\n\n    def __init__(self):\n        self._items = []\n\n    def push(self, item):\n        self._items.append(item)\n\n    def pop(self):\n        if not self._items:\n            raise IndexError("empty")\n        return self._items.pop()\n\n    def peek(self):\n        if not self._items:\n            raise IndexError("empty")\n        return self._items[-1]\n',
    ["every method at most 5 lines"],
  ),
  py(
    "e.g. does not split the sentence",
    "Write `normalize_phone(raw)`, e.g. `normalize_phone(\"(555) 123-4567\")` gives `\"5551234567\"`, i.e. digits only; use `str.isdigit`, not a regex.",
    'def normalize_phone(raw):\n    return "".join(ch for ch in raw if ch.isdigit())\n',
  ),
];
