"""What the benchmark scripts share: the checkout on ``sys.path``, quiet TensorFlow, result files.

``python benchmarks/<name>.py`` puts ``benchmarks/`` on ``sys.path``, so a
script imports this module by its name before anything from keras_gans or tests.
"""

import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RESULTS = os.path.join(ROOT, "benchmarks", "results")
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


def cell(text):
    """``text`` as one Markdown table cell: pipes escaped, newlines folded."""
    return str(text).replace("|", "\\|").replace("\n", " ")


def load_sentence(machine):
    """``machine``'s 1-minute load average at the start and end, flagged when above ~2 (a shared CPU)."""
    start, end = machine["load_average_start"][0], machine["load_average_end"][0]
    return (f"Load average (1 min) {start:.1f} at the start, {end:.1f} at the end"
            + (" (**above ~2: shared CPU**)" if max(start, end) > 2 else ""))


def read_json(name):
    """``benchmarks/results/<name>.json`` as a dict; empty when there is none yet."""
    path = os.path.join(RESULTS, f"{name}.json")
    if not os.path.exists(path):
        return {}
    with open(path) as f:
        return json.load(f)


def write_results(name, record, lines, directory=RESULTS):
    """Writes ``record`` to ``<directory>/<name>.json`` and ``lines`` to ``<name>.md`` (default: benchmarks/results)."""
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, f"{name}.json"), "w") as f:
        json.dump(record, f, indent=2)
    with open(os.path.join(directory, f"{name}.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
