"""Checkpoints written atomically and checksummed, and restoring the latest good one.

A checkpoint is two files: ``ckpt-<epoch>.weights.h5`` (networks, optimizer
slots and iteration counters, BatchNorm statistics; ``ckpt-<epoch>-step<k>``
for one saved ``k`` steps into the next epoch, when training is stopped by
SIGTERM) and ``checkpoint.json``, the commit point. It names the newest weights
file with its sha256 and the state of every ``keras.random.SeedGenerator`` in
the model (Keras' ``save_weights`` does not save seed generators, and without
them a resumed run would draw different noise than an uninterrupted one), and
lists the previous checkpoints still kept under ``previous``.

The weights are serialised in memory and written with plain file I/O through
a temporary file and a rename (:func:`keras_gans.output_files.write_bytes_atomic`),
so a full disk raises :class:`~keras_gans.output_files.OutputWriteError` and
leaves the previous checkpoint as it was. A weights file that no longer
matches its checksum (truncated, bit-flipped) is skipped on restore with a
:class:`CheckpointWarning`, for the previous good one.
"""

import hashlib
import io
import json
import os
import warnings

import keras
import numpy as np

from keras_gans import faults
from keras_gans.output_files import write_bytes_atomic
from keras_gans.output_files import writing

STATE_FILE = "checkpoint.json"
TMP_PREFIX = ".tmp-"


class CheckpointWarning(UserWarning):
    """A checkpoint failed its checksum or could not be read and was skipped."""


def weights_bytes(model):
    """``model.save_weights`` as bytes of a ``.weights.h5`` file, made in memory.

    Keras writes ``.weights.h5`` through h5py straight to the file; when the
    disk fills up mid-write, h5py fails inside its own cleanup and can take the
    process down (a segmentation fault after an ``Errno 28`` traceback). Writing
    the same file image to memory first keeps every disk write in plain Python
    I/O, where a full disk is an ordinary ``OSError``. Uses Keras' own weight
    store (``keras.src.saving.saving_lib``, pinned by setup.py to keras<3.16),
    so the bytes are exactly what ``save_weights`` writes and ``load_weights`` reads.
    """
    from keras.src.saving import saving_lib

    buffer = io.BytesIO()
    store = saving_lib.H5IOStore(buffer, mode="w")
    try:
        saving_lib._save_state(
            model, weights_store=store, assets_store=None, inner_path="", visited_saveables=set()
        )
    finally:
        store.close()
    return buffer.getvalue()


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _write_json_atomic(path, payload, site="checkpoint_state"):
    write_bytes_atomic(path, json.dumps(payload).encode(), site, tmp_prefix=TMP_PREFIX)


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


def _check_entry(entry, path):
    int(entry["epoch"]), int(entry.get("step", 0)), str(entry["weights"])
    if not isinstance(entry.get("previous", []), list):
        raise TypeError(f"'previous' must be a list in {path!r}")


def read_state(directory):
    """Returns the newest checkpoint's state dict, or None when there is no checkpoint.

    Keys: ``epoch`` (completed epochs), ``step`` (steps into the next epoch,
    0 for an end-of-epoch checkpoint), ``weights`` (file name), ``sha256``,
    ``rng``, ``previous`` (older kept checkpoints, newest first).

    Raises:
        ValueError: ``checkpoint.json`` is unreadable, or names only missing files.
    """
    path = os.path.join(directory, STATE_FILE)
    if not os.path.exists(path):
        return None
    try:
        with open(path) as f:
            state = json.load(f)
        _check_entry(state, path)
        for entry in state.get("previous", []):
            _check_entry(entry, path)
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise ValueError(
            f"Checkpoint state {path!r} is unreadable ({error}); expected JSON with "
            "'epoch' and 'weights'. Move it away to start from scratch."
        ) from None
    if not any(os.path.exists(os.path.join(directory, e["weights"])) for e in entries(state)):
        raise ValueError(
            f"Checkpoint state {path!r} names {state['weights']!r}, which does not exist."
        )
    return state


def entries(state):
    """The checkpoints a state lists, newest first (each a dict with epoch, step, weights, ...)."""
    if state is None:
        return []
    newest = {k: v for k, v in state.items() if k != "previous"}
    return [newest, *state.get("previous", [])]


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


def _verified(directory, entry):
    """Why ``entry``'s weights file cannot be used, or None when it is intact."""
    path = os.path.join(directory, entry["weights"])
    if not os.path.exists(path):
        return f"{path!r} is missing"
    expected = entry.get("sha256")
    if expected is not None and sha256_of(path) != expected:
        return f"{path!r} does not match its sha256 (truncated or corrupted on disk)"
    return None


def restore(model, directory):
    """Loads the newest intact checkpoint into ``model`` (weights, optimizer and RNG state).

    The model must be compiled (its optimizers built) first. Temporary files
    of a save that was killed are deleted; they are never loaded. A checkpoint
    whose file is missing, fails its checksum or cannot be loaded is skipped
    with a :class:`CheckpointWarning`, for the one before it.

    Returns:
        ``(epoch, step)``: completed epochs and steps into the next epoch
        (``(0, 0)`` when there was no checkpoint).

    Raises:
        ValueError: checkpoints exist but none of them is intact.
    """
    remove_partial_files(directory)
    state = read_state(directory)
    if state is None:
        return 0, 0
    problems = []
    for entry in entries(state):
        problem = _verified(directory, entry)
        if problem is None:
            try:
                model.load_weights(os.path.join(directory, entry["weights"]))
            except Exception as error:  # noqa: BLE001 - an unreadable file is skipped like a corrupt one
                problem = f"{entry['weights']!r} could not be loaded ({type(error).__name__}: {error})"
        if problem is not None:
            problems.append(problem)
            warnings.warn(
                f"Skipping checkpoint of epoch {entry['epoch']}: {problem}; trying the previous one.",
                CheckpointWarning,
                stacklevel=2,
            )
            continue
        if "rng" in entry:
            set_rng_state(model, entry["rng"])
        return int(entry["epoch"]), int(entry.get("step", 0))
    raise ValueError(
        f"No intact checkpoint in {directory!r}: {'; '.join(problems)}. "
        "Move the directory away (or pass --noresume) to start over."
    )


def restore_latest(model, directory):
    """:func:`restore` for end-of-epoch use: returns the number of completed epochs restored."""
    return restore(model, directory)[0]


def save_checkpoint(model, directory, epoch, step=0, keep=2):
    """Writes a checkpoint of ``model`` atomically and commits it in ``checkpoint.json``.

    Args:
        epoch: completed epochs.
        step: steps completed into epoch ``epoch + 1`` (0 at an epoch's end).
        keep: how many checkpoints (this one included) stay on disk and in the state.

    Returns:
        The weights file name.

    Raises:
        OutputWriteError: the disk is full (or failing, read-only); the
            previous checkpoint and the commit point are unchanged.
    """
    with writing(directory, "checkpoint_dir"):
        os.makedirs(directory, exist_ok=True)
    name = f"ckpt-{epoch:05d}" + (f"-step{step:06d}" if step else "") + ".weights.h5"
    payload = weights_bytes(model)
    write_bytes_atomic(
        os.path.join(directory, name), payload, "checkpoint", tmp_prefix=TMP_PREFIX,
        before_rename=lambda: faults.pause_point(f"checkpoint:{epoch}" + (f"+{step}" if step else "")),
    )
    try:
        previous = entries(read_state(directory))
    except ValueError:
        previous = []  # an unreadable commit point is replaced by this one
    previous = [e for e in previous if e["weights"] != name][: keep - 1]
    entry = {
        "epoch": int(epoch), "step": int(step), "weights": name,
        "sha256": hashlib.sha256(payload).hexdigest(), "rng": rng_state(model),
    }
    _write_json_atomic(os.path.join(directory, STATE_FILE), {**entry, "previous": previous})
    kept = {name, *(e["weights"] for e in previous)}
    for stale in os.listdir(directory):
        # Files the state no longer names: older checkpoints, and those of an
        # abandoned run (--noresume) numbered above this one.
        if stale.startswith("ckpt-") and stale.endswith(".weights.h5") and stale not in kept:
            os.remove(os.path.join(directory, stale))
    return name


class ResumableCheckpoint(keras.callbacks.Callback):
    """Saves model, optimizer and RNG state after every epoch, atomically.

    Each checkpoint is made in memory, written to a temporary file, flushed
    to disk and renamed into place, and only then does ``checkpoint.json``
    (itself replaced atomically) point to it, with its sha256, so a kill or a
    full disk at any moment leaves the previous checkpoint intact. Weights
    holding NaN/Inf are never saved. Resume with :func:`restore` and
    ``fit(initial_epoch=...)``.

    Args:
        directory: where checkpoints live.
        keep: how many recent checkpoints to keep (a corrupt newest one falls
            back to the one before).
    """

    def __init__(self, directory, keep=2):
        super().__init__()
        if keep < 1:
            raise ValueError(f"`keep` must be >= 1. Received: keep={keep}")
        self.directory = directory
        self.keep = keep

    def on_epoch_end(self, epoch, logs=None):
        assert_finite_weights(self.model, f"at the end of epoch {epoch + 1}")
        save_checkpoint(self.model, self.directory, epoch + 1, keep=self.keep)
