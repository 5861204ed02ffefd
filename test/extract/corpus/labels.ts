import { fence, type CorpusCase } from "./fixtures.js";

// A block that imports the target's own module is usually code that uses the file, not the file.
// But a module in a package may import a top-level package of its own name: Celery's documented
// Django layout has proj/celery.py start with `from celery import Celery`. When the answer labels
// the block with the target's path, the label is what the model says the file is.

const CELERY_PY = `import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "proj.settings")

app = Celery("proj")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
`;
const INIT_PY = `from .celery import app as celery_app

__all__ = ("celery_app",)
`;
const TASK_PY = "from proj.celery import app\n\n\n@app.task\ndef add(x, y):\n    return x + y\n";

export const LABEL_CASES: CorpusCase[] = [
  {
    name: "a module named like the package it imports, labelled, beside another labelled file",
    source: "Celery's Django setup (proj/celery.py, proj/__init__.py)",
    path: "proj/celery.py",
    answer: "**proj/celery.py**\n" + fence("python", CELERY_PY) + "\n\nThen load the app when Django starts, in **proj/__init__.py**:\n" + fence("python", INIT_PY),
    expected: CELERY_PY,
  },
  { name: "the same two files labelled by path comments", source: "chat models labelling blocks with a first-line comment", path: "proj/celery.py", answer: fence("python", "# proj/celery.py\n" + CELERY_PY) + "\n\n" + fence("python", "# proj/__init__.py\n" + INIT_PY), expected: CELERY_PY },
  { name: "the same two files in aider's whole-file format", source: "aider whole-file format", path: "proj/celery.py", answer: "proj/__init__.py\n" + fence("python", INIT_PY) + "\n\nproj/celery.py\n" + fence("python", CELERY_PY), expected: CELERY_PY },
  {
    name: "the labelled module, then a task that imports it, introduced by the module's name",
    source: "chat models showing how to use the file",
    path: "proj/celery.py",
    answer: "**proj/celery.py**\n" + fence("python", CELERY_PY) + "\n\nHere's how to use `proj/celery.py` in a task:\n" + fence("python", TASK_PY),
    expected: CELERY_PY,
  },
];
