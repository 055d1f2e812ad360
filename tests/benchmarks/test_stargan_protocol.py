"""benchmarks/stargan_protocol.py: its command line and the rows it reads."""

import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "benchmarks"))

import stargan_protocol  # noqa: E402


def test_help_and_a_missing_row_as_subprocesses():
    env = {**os.environ, "PYTHONPATH": ROOT, "TF_CPP_MIN_LOG_LEVEL": "3"}
    script = os.path.join(ROOT, "benchmarks", "stargan_protocol.py")
    shown = subprocess.run([sys.executable, script, "--help"], capture_output=True, text=True, env=env, timeout=120)
    assert shown.returncode == 0 and "--row" in shown.stdout, shown.stderr[-2000:]
    bare = subprocess.run([sys.executable, script], capture_output=True, text=True, env=env, timeout=120)
    assert bare.returncode == 1 and "error: give at least one --row" in bare.stderr and "Traceback" not in bare.stderr


def test_rows_name_what_is_expected():
    row = stargan_protocol.parse_row("paper | python -m keras_gans.train --recipe=stargan_digits | runs/x/1 | t.log")
    assert row == {"label": "paper", "command": "python -m keras_gans.train --recipe=stargan_digits",
                   "export_dir": "runs/x/1", "time_log": "t.log"}
    with pytest.raises(ValueError, match=r"--row must be 'LABEL\|COMMAND\|EXPORT VERSION DIR\|TIME LOG'. Received: 'a\|b'"):
        stargan_protocol.parse_row("a|b")
