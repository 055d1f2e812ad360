"""The prepared GPU benchmark's command line (its --smoke run, minutes of CPU, is run by hand before a GPU session)."""

import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_gpu_speed_help_runs_as_a_command():
    env = {**os.environ, "PYTHONPATH": ROOT, "TF_CPP_MIN_LOG_LEVEL": "3", "CUDA_VISIBLE_DEVICES": ""}
    script = os.path.join(ROOT, "benchmarks", "gpu_speed.py")
    helped = subprocess.run([sys.executable, script, "--help"], capture_output=True, text=True, env=env, timeout=120)
    assert helped.returncode == 0, helped.stderr[-3000:]
    assert "--smoke" in helped.stdout and "--out" in helped.stdout
