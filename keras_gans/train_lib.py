"""The training job behind ``python -m keras_gans.train``: flags in, artefacts out."""

import dataclasses
import json
import os

import keras

from keras_gans import callbacks as kg_callbacks
from keras_gans import data as kg_data
from keras_gans.callbacks.checkpoint import restore_latest
from keras_gans.export import export_generator
from keras_gans.models.registry import BUILDERS
from keras_gans.models.registry import build_model


@dataclasses.dataclass
class TrainConfig:
    """Everything a training run depends on (and what the model card records)."""

    model: str = "dcgan"
    dataset: str = "mnist_5k"
    epochs: int = 15
    steps_per_epoch: int | None = None
    batch_size: int = 64
    latent_dim: int | None = None
    seed: int = 0
    output_dir: str = "runs/dcgan"
    export_dir: str | None = "exports/dcgan"
    jit_compile: bool = False
    resume: bool = True
    num_samples: int = 64
    verbose: str | int = "auto"

    def validate(self):
        """Raises ``ValueError`` naming the bad flag, what it got and what it expects."""
        if self.model not in BUILDERS:
            raise ValueError(f"--model must be one of {sorted(BUILDERS)}. Received: --model={self.model}")
        for name in ("epochs", "batch_size", "num_samples"):
            value = getattr(self, name)
            if not isinstance(value, int) or value <= 0:
                raise ValueError(f"--{name} must be a positive integer. Received: --{name}={value}")
        for name in ("steps_per_epoch", "latent_dim"):
            value = getattr(self, name)
            if value is not None and (not isinstance(value, int) or value <= 0):
                raise ValueError(f"--{name} must be a positive integer. Received: --{name}={value}")
        for name in ("output_dir", "export_dir"):
            path = getattr(self, name)
            if path is None:
                continue
            if os.path.exists(path) and not os.path.isdir(path):
                raise ValueError(f"--{name} {path!r} exists and is a file; expected a directory.")
            parent = _existing_parent(path)
            if not os.access(parent, os.W_OK):
                raise ValueError(f"--{name} {path!r} is not writable (no write access to {parent!r}).")


def _existing_parent(path):
    path = os.path.abspath(path)
    while not os.path.exists(path):
        path = os.path.dirname(path)
    return path


def _write_json(path, payload):
    tmp = f"{path}.tmp"
    with open(tmp, "w") as f:
        json.dump(payload, f, indent=2, default=str)
    os.replace(tmp, path)


def train(config):
    """Trains, checkpoints every epoch, resumes if asked, and exports the generator.

    Args:
        config: a :class:`TrainConfig`.

    Returns:
        dict with ``model``, ``history`` (dict of lists), ``initial_epoch``,
        ``export_path`` (or None), ``samples`` (PNG paths written).
    """
    config.validate()
    keras.utils.set_random_seed(config.seed)
    repeat = config.steps_per_epoch is not None
    dataset = kg_data.load(config.dataset, batch_size=config.batch_size, seed=config.seed, repeat=repeat)
    data_shape = tuple(dataset.element_spec.shape[1:]) if not isinstance(dataset.element_spec, tuple) else tuple(dataset.element_spec[0].shape[1:])
    model = build_model(config.model, data_shape, config.latent_dim, config.seed)
    model.compile(jit_compile=config.jit_compile)

    os.makedirs(config.output_dir, exist_ok=True)
    checkpoint_dir = os.path.join(config.output_dir, "checkpoints")
    initial_epoch = restore_latest(model, checkpoint_dir) if config.resume else 0
    _write_json(os.path.join(config.output_dir, "config.json"), dataclasses.asdict(config))
    grid = kg_callbacks.SampleGrid(
        os.path.join(config.output_dir, "samples"), num_samples=config.num_samples,
        seed=config.seed, log_dir=os.path.join(config.output_dir, "logs"),
    )
    history = keras.callbacks.History()
    if initial_epoch < config.epochs:
        history = model.fit(
            dataset,
            epochs=config.epochs,
            initial_epoch=initial_epoch,
            steps_per_epoch=config.steps_per_epoch,
            shuffle=False,
            verbose=config.verbose,
            callbacks=[
                grid,
                keras.callbacks.TensorBoard(os.path.join(config.output_dir, "logs")),
                kg_callbacks.ResumableCheckpoint(checkpoint_dir),
            ],
        )
    export_path = None
    if config.export_dir:
        export_path = export_generator(model, config.export_dir, training_config=dataclasses.asdict(config))
    return {
        "model": model,
        "history": dict(getattr(history, "history", {}) or {}),
        "initial_epoch": initial_epoch,
        "export_path": export_path,
        "samples": grid.paths,
    }
