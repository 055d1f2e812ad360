"""The speed benchmarks' command lines: --help, and bad input refused with what was received."""

import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ENV = {**os.environ, "PYTHONPATH": ROOT, "TF_CPP_MIN_LOG_LEVEL": "3"}
SCRIPTS = ["train_speed.py", "train_speed_profile.py", "torch_translation.py", "train_speed_bf16_learning.py",
           "train_speed_bottlenecks.py"]


def run(script, *args):
    return subprocess.run([sys.executable, os.path.join(ROOT, "benchmarks", script), *args], capture_output=True,
                          text=True, env=ENV, timeout=120)


@pytest.mark.parametrize("script", SCRIPTS)
def test_help(script):
    done = run(script, "--help")
    assert done.returncode == 0, done.stderr[-2000:]
    assert "--out" in done.stdout


@pytest.mark.parametrize("script, args, message", [
    ("train_speed.py", ["--configs", "30x64"], "--configs must be SIZExBATCH pairs with SIZE in [28, 32, 64]. "
                                               "Received: --configs=30x64"),
    ("torch_translation.py", ["--cyclegan", "64x1"], "--cyclegan must be four positive integers AxBxCxD. "
                                                     "Received: --cyclegan=64x1"),
])
def test_bad_configs_name_what_was_received(script, args, message):
    done = run(script, *args)
    assert done.returncode != 0 and message in done.stderr, done.stderr[-2000:]
