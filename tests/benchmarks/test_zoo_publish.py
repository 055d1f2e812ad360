"""benchmarks/zoo_publish.py's command line, as a user runs it: --help, and an unknown model refused."""

import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCRIPT = os.path.join(ROOT, "benchmarks", "zoo_publish.py")
ENV = {**os.environ, "PYTHONPATH": ROOT, "TF_CPP_MIN_LOG_LEVEL": "3"}


def test_help_and_unknown_name():
    helped = subprocess.run([sys.executable, SCRIPT, "--help"], capture_output=True, text=True, env=ENV, timeout=180)
    assert helped.returncode == 0, helped.stderr[-2000:]
    assert "--time_log" in helped.stdout and "serving paths" in helped.stdout
    bad = subprocess.run([sys.executable, SCRIPT, "--name=nope", "--version=1", "--command=x", "--time_log=x"],
                         capture_output=True, text=True, env=ENV, timeout=180)
    assert bad.returncode == 2 and "invalid choice: 'nope'" in bad.stderr, bad.stderr[-2000:]
