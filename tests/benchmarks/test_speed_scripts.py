"""The speed benchmarks' command lines: --help, and bad input refused with what was received."""

import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ENV = {**os.environ, "PYTHONPATH": ROOT, "TF_CPP_MIN_LOG_LEVEL": "3"}
SCRIPTS = ["train_speed.py", "train_speed_profile.py", "torch_translation.py", "train_speed_bf16_learning.py",
           "train_speed_bottlenecks.py", "auto_before_after.py"]


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
    ("train_speed_profile.py", ["--configs", "28x64,gan:28x64"],
     "--configs entries must be SIZExBATCH (DCGAN) or cyclegan:SIZExBATCH / srresnet:SIZExBATCH. "
     "Received: 'gan:28x64'"),
    ("train_speed_profile.py", ["--variants", "graph,fp16"],
     "--variants must be a comma-separated subset of ['bf16', 'graph', 'xla']. Received: --variants=graph,fp16"),
    ("auto_before_after.py", ["--configs", "28"], "--configs must be SIZExBATCH pairs"),
    ("auto_before_after.py", ["--settings", "fastest"], "--settings must name some of ['3 rounds'"),
])
def test_bad_configs_name_what_was_received(script, args, message):
    done = run(script, *args)
    assert done.returncode != 0 and message in done.stderr, done.stderr[-2000:]


def test_op_profile_sums_kernel_time_by_op_type():
    """The profile's per-op table reads TensorFlow's own profiler trace: a matmul step shows MatMul and AddV2."""
    import tensorflow as tf

    sys.path.insert(0, ROOT)
    from benchmarks.train_speed_profile import op_times

    x = tf.random.normal((256, 256))
    step = tf.function(lambda: tf.matmul(x, x) + 1.0)
    step()
    profile = op_times(lambda: step().numpy(), calls=3)
    # With oneDNN on, TensorFlow rewrites MatMul to _MklMatMul.
    assert sorted(profile["ops_ms"]) in (["AddV2", "MatMul"], ["AddV2", "_MklMatMul"]), profile
    assert all(ms > 0 for ms in profile["ops_ms"].values())
    # Kernels run inside the traced calls: their sum is a part of the wall time, and 2 kernels a call.
    assert sum(profile["ops_ms"].values()) <= profile["wall_ms"]
    assert profile["kernels_per_call"] == 2
