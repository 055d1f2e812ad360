"""Every example answers ``--help`` as a subprocess, as a user first runs it."""

import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXAMPLES = sorted(f for f in os.listdir(os.path.join(ROOT, "examples")) if f.endswith(".py"))


def test_examples_are_thin():
    """No example reaches into another through sys.path: shared code lives in the library."""
    for name in EXAMPLES:
        with open(os.path.join(ROOT, "examples", name)) as f:
            assert "sys.path" not in f.read(), name


@pytest.mark.parametrize("name", EXAMPLES)
def test_help(name, tmp_path):
    env = {**os.environ, "PYTHONPATH": ROOT, "TF_CPP_MIN_LOG_LEVEL": "2"}
    result = subprocess.run([sys.executable, os.path.join(ROOT, "examples", name), "--help"], capture_output=True,
                            text=True, env=env, cwd=str(tmp_path), timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "usage:" in result.stdout and "--output_dir" in result.stdout
    assert os.listdir(tmp_path) == []
