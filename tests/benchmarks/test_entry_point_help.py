"""Benchmark command lines that no other test runs answer --help as a subprocess, writing nothing."""

import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@pytest.mark.parametrize("script,flag", [
    ("segan.py", "--section"), ("conditional.py", "--"), ("optimal_discriminator.py", "--"),
    ("restoration.py", "--"), ("train_speed_report.py", "report"), ("vae_gmmn.py", "--workers"),
    ("mode_collapse_probes.py", "--variants"), ("zoo_reexport.py", "--tolerance"),
])
def test_help_as_a_subprocess(script, flag, tmp_path):
    result = subprocess.run([sys.executable, os.path.join(ROOT, "benchmarks", script), "--help"],
                            capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.startswith("usage:") and flag in result.stdout
    assert "Traceback" not in result.stderr and os.listdir(tmp_path) == []
