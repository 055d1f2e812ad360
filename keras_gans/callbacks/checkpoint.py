"""Epoch checkpoints written atomically, and restoring the latest one.

A checkpoint is two files: ``ckpt-<epoch>.weights.h5`` (networks, optimizer
slots and iteration counters, BatchNorm statistics) and ``checkpoint.json``,
the commit point, which names the weights file and carries the state of every
``keras.random.SeedGenerator`` in the model (Keras' ``save_weights`` does not
save seed generators, and without them a resumed run would draw different
noise than an uninterrupted one).
"""

import json
import os

import keras
import numpy as np

from keras_gans import faults

STATE_FILE = "checkpoint.json"
TMP_PREFIX = ".tmp-"


def _fsync_dir(directory):
    # Makes the rename itself durable (power loss); a SIGKILL alone cannot undo it.
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _fsync_file(path):
    with open(path, "rb") as f:
        os.fsync(f.fileno())


def _write_json_atomic(path, payload):
    tmp = f"{path}.tmp"
    with open(tmp, "w") as f:
        json.dump(payload, f)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    _fsync_dir(os.path.dirname(path) or ".")


def seed_generators(model):
    """Every ``SeedGenerator`` of ``model`` and its layers, in a stable order."""
    found, seen = [], set()
    for layer in model._flatten_layers(include_self=True, recursive=True):
        for generator in getattr(layer, "_seed_generators", []):
            if id(generator) not in seen:
                seen.add(id(generator))
                found.append(generator)
    return found


def rng_state(model):
    """The seed generators' states as a JSON-able list."""
    return [
        {"path": g.state.path, "state": np.asarray(g.state.value).tolist()}
        for g in seed_generators(model)
    ]


def set_rng_state(model, states):
    """Restores what :func:`rng_state` returned."""
    generators = seed_generators(model)
    if len(generators) != len(states):
        raise ValueError(
            f"The checkpoint holds {len(states)} random seed states but the model has "
            f"{len(generators)} seed generators; it was written by a different model."
        )
    for generator, saved in zip(generators, states, strict=True):
        generator.state.assign(np.asarray(saved["state"], dtype=generator.state.dtype))


def assert_finite_weights(model, where):
    """Raises :class:`~keras_gans.callbacks.divergence.TrainingDivergedError` on NaN/Inf weights."""
    from keras_gans.callbacks.divergence import TrainingDivergedError

    for variable in model.weights:
        value = np.asarray(variable)
        if value.dtype.kind == "f" and not np.isfinite(value).all():
            raise TrainingDivergedError(
                f"Training diverged: weight {variable.path!r} holds NaN/Inf {where}; "
                "nothing was saved, the last good checkpoint and export are untouched."
            )


def read_state(directory):
    """Returns the checkpoint state dict, or None when there is no checkpoint.

    Raises:
        ValueError: ``checkpoint.json`` is unreadable or names a missing file.
    """
    path = os.path.join(directory, STATE_FILE)
    if not os.path.exists(path):
        return None
    try:
        with open(path) as f:
            state = json.load(f)
        int(state["epoch"]), str(state["weights"])
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise ValueError(
            f"Checkpoint state {path!r} is unreadable ({error}); expected JSON with "
            "'epoch' and 'weights'. Move it away to start from scratch."
        ) from None
    if not os.path.exists(os.path.join(directory, state["weights"])):
        raise ValueError(
            f"Checkpoint state {path!r} names {state['weights']!r}, which does not exist."
        )
    return state


def latest_epoch(directory):
    """The number of completed epochs saved in ``directory`` (0 when none)."""
    state = read_state(directory)
    return 0 if state is None else int(state["epoch"])


def remove_partial_files(directory):
    """Deletes temporary files a killed save left behind (never a committed checkpoint)."""
    if not os.path.isdir(directory):
        return []
    removed = []
    for name in os.listdir(directory):
        if name.startswith(TMP_PREFIX) or name.endswith(".json.tmp"):
            os.remove(os.path.join(directory, name))
            removed.append(name)
    return removed


def restore_latest(model, directory):
    """Loads the latest checkpoint into ``model`` (weights, optimizer and RNG state).

    The model must be compiled (its optimizers built) first. Temporary files
    of a save that was killed are deleted; they are never loaded.

    Returns:
        The number of completed epochs restored (0 when there was none).
    """
    remove_partial_files(directory)
    state = read_state(directory)
    if state is None:
        return 0
    model.load_weights(os.path.join(directory, state["weights"]))
    if "rng" in state:
        set_rng_state(model, state["rng"])
    return int(state["epoch"])


class ResumableCheckpoint(keras.callbacks.Callback):
    """Saves model, optimizer and RNG state after every epoch, atomically.

    Each checkpoint is written to a temporary file, flushed to disk and
    renamed into place, and only then does ``checkpoint.json`` (itself
    replaced atomically) point to it, so a kill at any moment leaves the
    previous checkpoint intact. Weights holding NaN/Inf are never saved.
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
        assert_finite_weights(self.model, f"at the end of epoch {epoch + 1}")
        os.makedirs(self.directory, exist_ok=True)
        name = f"ckpt-{epoch + 1:05d}.weights.h5"
        final = os.path.join(self.directory, name)
        tmp = os.path.join(self.directory, f"{TMP_PREFIX}{name}")
        self.model.save_weights(tmp, overwrite=True)
        _fsync_file(tmp)
        faults.pause_point(f"checkpoint:{epoch + 1}")
        os.replace(tmp, final)
        _write_json_atomic(
            os.path.join(self.directory, STATE_FILE),
            {"epoch": epoch + 1, "weights": name, "rng": rng_state(self.model)},
        )
        self._prune(name)

    def _prune(self, current):
        # Keeps the newest `keep` checkpoints up to the current one; files numbered above it
        # belong to an abandoned run (--noresume) that checkpoint.json no longer names.
        files = sorted(
            f
            for f in os.listdir(self.directory)
            if f.startswith("ckpt-") and f.endswith(".weights.h5")
        )
        kept = [f for f in files if f <= current][-self.keep :]
        for stale in files:
            if stale not in kept:
                os.remove(os.path.join(self.directory, stale))
