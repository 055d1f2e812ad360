"""A NaN loss stops ``python -m keras_gans.train`` with exit status 3 and a one-line message.

The last good checkpoint and the last good export must come out byte for byte
unchanged.
"""


import pytest

from keras_gans import faults
from keras_gans.callbacks.checkpoint import latest_epoch
from keras_gans.testing import processes
from keras_gans.testing.fault_campaign import tree_digest
from keras_gans.train_lib import TrainConfig
from keras_gans.train_lib import train

FLAGS = dict(model="gan", dataset="ring8", steps_per_epoch=10, batch_size=64, seed=3,
             jit_compile=False)  # XLA compiling would dominate 40 steps


@pytest.mark.slow
def test_nan_loss_exits_nonzero_naming_step_and_keeps_checkpoint_and_export(tmp_path):
    run, exports = tmp_path / "run", tmp_path / "exports"
    first = train(TrainConfig(**FLAGS, epochs=2, output_dir=str(run), export_dir=str(exports), verbose=0))
    assert first["export_path"] == str(exports / "1")
    checkpoints_before = tree_digest(run / "checkpoints")
    exports_before = tree_digest(exports)

    # Continue to 4 epochs; the real batch of global step 25 (epoch 3, step 5) is NaN.
    command = processes.train_command(**FLAGS, epochs=4, output_dir=run, export_dir=exports)
    log, stderr = tmp_path / "log.txt", tmp_path / "stderr.txt"
    process = processes.start(command, log, extra_env={faults.NAN_AT_STEP: "25"}, stderr_path=stderr)
    assert process.wait(timeout=600) == 3, processes.tail(stderr)
    errors = [line for line in open(stderr, errors="replace") if line.startswith("error:")]
    assert len(errors) == 1, processes.tail(stderr)
    assert "Training diverged at epoch 3, step 5 (global step 25)" in errors[0]
    assert "d_loss=nan" in errors[0] and "last good checkpoint: epoch 2" in errors[0]
    assert "Traceback" not in open(stderr, errors="replace").read()

    assert latest_epoch(str(run / "checkpoints")) == 2
    assert tree_digest(run / "checkpoints") == checkpoints_before
    assert tree_digest(exports) == exports_before  # no new version, old one untouched
