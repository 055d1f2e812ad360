"""Evaluates an exported generator (TF Serving SavedModel) against a dataset."""

import functools
import json
import os
import time

import numpy as np
import tensorflow as tf

from keras_gans.metrics.suite import NEEDS_PROBABILITIES
from keras_gans.metrics.suite import compute_metrics
from keras_gans.metrics.suite import parse_metrics

CARD_FILE = "model_card.json"


def resolve_version_dir(export_dir):
    """``export_dir`` itself when it holds a SavedModel, else its highest integer version."""
    if os.path.exists(os.path.join(export_dir, "saved_model.pb")):
        return export_dir
    if os.path.isdir(export_dir):
        versions = sorted(int(d) for d in os.listdir(export_dir) if d.isdigit())
        if versions:
            return os.path.join(export_dir, str(versions[-1]))
    raise ValueError(
        f"No SavedModel at {export_dir!r}; expected exports/<name>/<version> (holding "
        "saved_model.pb) or exports/<name> with integer version folders."
    )


class ExportedGenerator:
    """``serving_default`` of an exported unconditional generator: z -> images.

    Loaded with ``tf.saved_model.load`` (no Python model code). The latent
    size comes from the signature's ``z`` input, checked against
    ``model_card.json`` when present.

    Raises:
        ValueError: no SavedModel, or a signature that is not ``{z} -> {images}``.
    """

    def __init__(self, export_dir):
        self.path = resolve_version_dir(export_dir)
        self.loaded = tf.saved_model.load(self.path)
        if "serving_default" not in self.loaded.signatures:
            raise ValueError(f"SavedModel {self.path!r} has no 'serving_default' signature.")
        self.fn = self.loaded.signatures["serving_default"]
        inputs = self.fn.structured_input_signature[1]
        if list(inputs) != ["z"]:
            raise ValueError(
                f"Evaluation supports unconditional generators with one input 'z'. "
                f"Received signature inputs {sorted(inputs)} in {self.path!r}."
            )
        self.latent_dim = int(inputs["z"].shape[-1])
        card_path = os.path.join(self.path, CARD_FILE)
        self.card = json.load(open(card_path)) if os.path.exists(card_path) else {}
        card_dim = self.card.get("latent_dim")
        if card_dim is not None and int(card_dim) != self.latent_dim:
            raise ValueError(
                f"model_card.json says latent_dim={card_dim} but the signature takes z of size "
                f"{self.latent_dim}."
            )
        outputs = self.fn.structured_outputs
        self.output_key = "images" if "images" in outputs else sorted(outputs)[0]

    def generate(self, num_samples, seed=0, batch_size=500):
        """``num_samples`` images from z ~ N(0, I) drawn with numpy's ``default_rng(seed)``."""
        rng = np.random.default_rng(seed)
        out = []
        for start in range(0, num_samples, batch_size):
            z = rng.standard_normal((min(batch_size, num_samples - start), self.latent_dim))
            out.append(self.fn(z=tf.constant(z, tf.float32))[self.output_key].numpy())
        return np.concatenate(out)


@functools.lru_cache(maxsize=2)
def load_real_arrays(dataset):
    """``keras_gans.data.load_arrays(dataset)`` images, cached and read-only."""
    from keras_gans.data import load_arrays

    images, labels = load_arrays(dataset, with_labels=not dataset.startswith(("folder:", "tfds:")))
    images.setflags(write=False)
    if labels is not None:
        labels.setflags(write=False)
    return images, labels


def evaluation_path(version_dir):
    """Where results go: ``<base>/evaluation-<version>.json``, beside the version folder.

    A sibling file, so the published version folder (what TF Serving loads)
    is never modified after publication.
    """
    version_dir = os.path.normpath(version_dir)
    base, version = os.path.split(version_dir)
    return os.path.join(base, f"evaluation-{version}.json")


def evaluate_export(
    export_dir,
    dataset="mnist_5k",
    features="mnist",
    metrics="fid,kid,is,ms,mmd,w,1nn,pr,dc",
    num_samples=5000,
    seed=0,
    extractor_kwargs=None,
    output=None,
    kid_subsets=100,
):
    """Generates from an export, extracts features, computes metrics, writes JSON.

    Args:
        export_dir: ``exports/<name>/<version>`` (or the base: latest version).
        dataset: the real data, a ``keras_gans.data`` name.
        features: 'mnist', 'inception_v3' or 'inception_2015' (see
            :mod:`keras_gans.metrics.extractors`).
        metrics: comma-separated subset of :data:`keras_gans.metrics.suite.METRICS`.
        num_samples: generated samples (and at most this many real ones).
        seed: seed of z and of the real subset.
        extractor_kwargs: e.g. ``{"weights": path}`` or ``{"graph_path": path}``.
        output: JSON path; default :func:`evaluation_path`.
        kid_subsets: number of KID subsets.

    Returns:
        dict with ``metrics`` and the run's settings; also written to ``output``.

    Raises:
        ValueError: bad export, dataset, metrics or sample count.
    """
    from keras_gans.metrics.extractors import get_extractor
    from keras_gans.metrics.extractors import mnist_extractor

    names = parse_metrics(metrics)
    if int(num_samples) < 10:
        raise ValueError(f"`num_samples` must be >= 10. Received: num_samples={num_samples}")
    start = time.time()
    generator = ExportedGenerator(export_dir)
    real, _ = load_real_arrays(dataset)
    rng = np.random.default_rng(seed)
    real = real[rng.permutation(len(real))[: int(num_samples)]]
    fake = generator.generate(int(num_samples), seed=seed + 1)
    if fake.shape[1:] != real.shape[1:]:
        raise ValueError(
            f"The generator makes {fake.shape[1:]} samples but {dataset!r} holds {real.shape[1:]}."
        )
    extract = get_extractor(features, **(extractor_kwargs or {}))
    real_probabilities = fake_probabilities = None
    if any(n in NEEDS_PROBABILITIES for n in names):
        if real.shape[1:] != (28, 28, 1):
            raise ValueError(
                "'is' and 'ms' use the shipped MNIST classifier and need (28, 28, 1) images; "
                f"received {real.shape[1:]}."
            )
        classify = mnist_extractor(probabilities=True)
        real_probabilities, fake_probabilities = classify(real), classify(fake)
    values = compute_metrics(
        names, extract(real), extract(fake), real_probabilities, fake_probabilities, seed=seed,
        kid_subsets=kid_subsets,
    )
    result = {
        "metrics": values,
        "export": os.path.abspath(generator.path),
        "objective": generator.card.get("objective"),
        "dataset": dataset,
        "features": features,
        "num_samples": int(len(fake)),
        "num_real": int(len(real)),
        "seed": seed,
        "seconds": round(time.time() - start, 1),
    }
    output = output or evaluation_path(generator.path)
    tmp = f"{output}.tmp"
    with open(tmp, "w") as f:
        json.dump(result, f, indent=2)
    os.replace(tmp, output)
    result["output"] = output
    return result


def format_table(metrics):
    """A two-column text table of metric values."""
    width = max(len(k) for k in metrics)
    return "\n".join(f"{k:<{width}}  {v:.6g}" for k, v in metrics.items())
