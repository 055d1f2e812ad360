"""Epoch checkpoints written atomically, and restoring the latest one."""

import json
import os

import keras

STATE_FILE = "checkpoint.json"


def _write_json_atomic(path, payload):
    tmp = f"{path}.tmp"
    with open(tmp, "w") as f:
        json.dump(payload, f)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def read_state(directory):
    """Returns the checkpoint state dict, or None when there is no checkpoint."""
    path = os.path.join(directory, STATE_FILE)
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f)


def latest_epoch(directory):
    """The number of completed epochs saved in ``directory`` (0 when none)."""
    state = read_state(directory)
    return 0 if state is None else int(state["epoch"])


def restore_latest(model, directory):
    """Loads the latest checkpoint into ``model`` (weights and optimizer state).

    The model must be compiled (its optimizers built) first.

    Returns:
        The number of completed epochs restored (0 when there was none).
    """
    state = read_state(directory)
    if state is None:
        return 0
    model.load_weights(os.path.join(directory, state["weights"]))
    return int(state["epoch"])


class ResumableCheckpoint(keras.callbacks.Callback):
    """Saves model, optimizer and RNG state after every epoch, atomically.

    Each checkpoint is written to a temporary file and renamed into place, and
    only then does ``checkpoint.json`` (itself replaced atomically) point to
    it, so a kill at any moment leaves the previous checkpoint intact.
    Resume with :func:`restore_latest` and ``fit(initial_epoch=...)``.

    Args:
        directory: where checkpoints live.
        keep: how many recent checkpoint files to keep.
    """

    def __init__(self, directory, keep=2):
        super().__init__()
        if keep < 1:
            raise ValueError(f"`keep` must be >= 1. Received: keep={keep}")
        self.directory = directory
        self.keep = keep

    def on_epoch_end(self, epoch, logs=None):
        os.makedirs(self.directory, exist_ok=True)
        name = f"ckpt-{epoch + 1:05d}.weights.h5"
        final = os.path.join(self.directory, name)
        tmp = os.path.join(self.directory, f".tmp-{name}")
        self.model.save_weights(tmp, overwrite=True)
        os.replace(tmp, final)
        _write_json_atomic(
            os.path.join(self.directory, STATE_FILE), {"epoch": epoch + 1, "weights": name}
        )
        self._prune(name)

    def _prune(self, current):
        files = sorted(
            f for f in os.listdir(self.directory) if f.startswith("ckpt-") and f.endswith(".weights.h5")
        )
        for stale in files[: -self.keep]:
            if stale != current:
                os.remove(os.path.join(self.directory, stale))
