"""Kill ``python -m keras_gans.train`` with SIGKILL, rerun it, and get the uninterrupted result.

The kills land at chosen places through :mod:`keras_gans.faults` pause points:
once inside a checkpoint save (temporary file written, rename not yet done)
and once in the middle of an epoch. ``benchmarks/kill_resume.py`` repeats the
trial with kills at random moments.
"""

import json
import os
import re

import pytest

from keras_gans.callbacks.checkpoint import latest_epoch
from keras_gans.testing import processes
from keras_gans.train_lib import TrainConfig
from keras_gans.train_lib import train

# No XLA: compiling costs more than these 60 steps; the default (XLA) path is covered by
# test_train.py::test_cli_runs_and_reports_errors.
FLAGS = dict(model="gan", dataset="ring8", epochs=4, steps_per_epoch=15, batch_size=64, seed=7,
             jit_compile=False)


@pytest.mark.slow
def test_sigkill_in_checkpoint_and_mid_epoch_then_resume_equals_uninterrupted(tmp_path):
    reference = tmp_path / "reference"
    train(TrainConfig(**FLAGS, output_dir=str(reference), export_dir=None, verbose=0))

    run = tmp_path / "run"
    ckpt = run / "checkpoints"
    command = processes.train_command(**FLAGS, output_dir=run, export_dir="")
    logs = [tmp_path / f"log-{i}.txt" for i in range(3)]

    # 1. Killed while epoch 2's checkpoint is being written.
    marker = tmp_path / "paused-1"
    proc = processes.start(command, logs[0], pause_at="checkpoint:2", marker=str(marker))
    processes.wait_for_file(marker, proc, logs[0])
    assert processes.sigkill(proc) == -9
    assert (ckpt / ".tmp-ckpt-00002.weights.h5").exists()  # the half-done save is there...
    assert latest_epoch(str(ckpt)) == 1  # ...but "latest" still names epoch 1

    # 2. Resumed, then killed in the middle of epoch 3 (global step 40 = epoch 3, step 10).
    marker = tmp_path / "paused-2"
    proc = processes.start(command, logs[1], pause_at="step:40", marker=str(marker))
    processes.wait_for_file(marker, proc, logs[1])
    assert processes.sigkill(proc) == -9
    assert latest_epoch(str(ckpt)) == 2
    assert not (ckpt / ".tmp-ckpt-00002.weights.h5").exists()  # cleaned, never loaded

    # 3. Resumed again: runs to the requested epoch count.
    assert processes.run_to_completion(command, logs[2]) == 0, processes.tail(logs[2])
    # Each rerun continued from the last completed epoch instead of starting over.
    for log, first in zip(logs, ("Epoch 1/4", "Epoch 2/4", "Epoch 3/4"), strict=True):
        epochs = re.findall(r"Epoch \d/4", open(log, errors="replace").read())
        assert epochs and epochs[0] == first, (log, epochs)
    state = json.loads((ckpt / "checkpoint.json").read_text())
    assert state["epoch"] == 4

    # Bit-identical to the uninterrupted run: weights, optimizer slots and RNG state.
    assert processes.max_abs_difference(
        ckpt / state["weights"], reference / "checkpoints" / "ckpt-00004.weights.h5"
    ) == 0.0
    reference_state = json.loads((reference / "checkpoints" / "checkpoint.json").read_text())
    # Layer paths carry Keras' per-process name counters; the states must match.
    assert [r["state"] for r in state["rng"]] == [r["state"] for r in reference_state["rng"]]
    assert sorted(os.listdir(ckpt)) == ["checkpoint.json", "ckpt-00003.weights.h5", "ckpt-00004.weights.h5"]
