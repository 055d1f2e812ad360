"""keras_gans.distribute: strategies by name, the jit check, multi-worker training."""

import json
import os

import numpy as np
import pytest
import tensorflow as tf

from keras_gans import distribute
from keras_gans.export import existing_versions
from keras_gans.testing.distribution import mirrored_strategy
from keras_gans.testing.multiworker import run_local_workers


def test_default_and_mirrored_strategies():
    assert distribute.get_strategy("default").num_replicas_in_sync == 1
    # conftest splits the CPU in two: 'mirrored' without GPUs takes every logical CPU.
    assert distribute.get_strategy("mirrored").num_replicas_in_sync == 2


def test_bad_names_raise():
    with pytest.raises(ValueError, match="`strategy` must be one of .*Received: strategy='mirror'"):
        distribute.get_strategy("mirror")
    with pytest.raises(ValueError, match="Received: mixed_precision='float16'"):
        distribute.set_mixed_precision("float16")
    with pytest.raises(ValueError, match="`count` must be >= 1"):
        distribute.configure_cpu_devices(0)


def test_multiworker_needs_tf_config(monkeypatch):
    monkeypatch.delenv("TF_CONFIG", raising=False)
    with pytest.raises(ValueError, match="needs the TF_CONFIG environment variable"):
        distribute.get_strategy("multiworker")
    monkeypatch.setenv("TF_CONFIG", json.dumps({"cluster": {"worker": ["a:1"]}, "task": {"index": 3}}))
    with pytest.raises(ValueError, match=r"index must be in \[0, 1\). Received: index=3"):
        distribute.get_strategy("multiworker")


def test_tpu_without_tpu_raises():
    with pytest.raises(ValueError, match="--strategy=tpu needs a reachable TPU"):
        distribute.get_strategy("tpu", tpu="no-such-tpu")


def test_jit_compile_auto_unmeasured_is_the_plain_graph():
    assert distribute.resolve_jit_compile(tf.distribute.get_strategy(), "auto") is False
    assert distribute.resolve_jit_compile(mirrored_strategy(2), "auto") is False
    assert distribute.resolve_jit_compile(mirrored_strategy(2), False) is False
    assert distribute.resolve_jit_compile(tf.distribute.get_strategy(), True) is True
    for bad in ("yes", 1, None):
        with pytest.raises(ValueError, match="--jit_compile must be one of auto, true, false"):
            distribute.resolve_jit_compile(tf.distribute.get_strategy(), bad)


def test_jit_compile_refused_for_cpu_replicas_only():
    distribute.check_jit_compile(tf.distribute.get_strategy(), True)  # one device: fine
    distribute.check_jit_compile(mirrored_strategy(2), False)
    with pytest.raises(ValueError, match="XLA cannot all-reduce across CPU replicas.*2 CPU replicas"):
        distribute.check_jit_compile(mirrored_strategy(2), True)


def test_is_chief_without_cluster():
    assert distribute.is_chief(tf.distribute.get_strategy())


@pytest.mark.slow
@pytest.mark.multiprocess
def test_two_workers_train_identically_and_chief_writes(tmp_path):
    # ~40 s on an idle 2-core machine; the generous timeout is for a loaded CI box.
    weights = run_local_workers(2, str(tmp_path), epochs=2, steps_per_epoch=2, timeout=300)
    assert len(weights[0]) == len(weights[1]) > 0
    for a, b in zip(*weights, strict=True):
        np.testing.assert_array_equal(a, b)
    # The chief (worker 0) wrote the checkpoints and the export; nobody else did.
    state = json.loads((tmp_path / "run" / "checkpoints" / "checkpoint.json").read_text())
    assert state["epoch"] == 2
    assert (tmp_path / "run" / "checkpoints" / state["weights"]).exists()
    assert existing_versions(str(tmp_path / "export")) == [1]
    assert os.path.exists(tmp_path / "export" / "1" / "saved_model.pb")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"strategy": "horovod"}, "--strategy must be one of .*Received: --strategy=horovod"),
        ({"mixed_precision": "fp8"}, "--mixed_precision must be one of .*Received: --mixed_precision=fp8"),
        ({"strategy": "mirrored", "jit_compile": True}, "XLA cannot all-reduce across CPU replicas"),
    ],
)
def test_train_flags_are_checked_before_training(tmp_path, overrides, message):
    from keras_gans.train_lib import TrainConfig
    from keras_gans.train_lib import train

    config = TrainConfig(model="gan", dataset="ring8", epochs=1, steps_per_epoch=1,
                         output_dir=str(tmp_path / "run"), export_dir=None, verbose=0, **overrides)
    with pytest.raises(ValueError, match=message):
        train(config)
    assert not (tmp_path / "run" / "checkpoints").exists()  # refused before training
