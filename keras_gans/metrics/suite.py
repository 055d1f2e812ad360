"""Computes a chosen set of metrics from features and class probabilities, by short name."""

import numpy as np

from keras_gans.metrics.frechet import frechet_distance
from keras_gans.metrics.inception_score import inception_score
from keras_gans.metrics.inception_score import mode_score
from keras_gans.metrics.kernel import kernel_distance
from keras_gans.metrics.kernel import mmd2
from keras_gans.metrics.nearest_neighbors import density_coverage
from keras_gans.metrics.nearest_neighbors import one_nn_accuracy
from keras_gans.metrics.nearest_neighbors import precision_recall
from keras_gans.metrics.wasserstein import sliced_wasserstein_distance
from keras_gans.metrics.wasserstein import wasserstein_distance

METRICS = {
    "fid": "Fréchet distance of features (FID on 2015 Inception pool_3 features)",
    "kid": "kernel (Inception) distance: unbiased cubic-kernel MMD² over subsets",
    "is": "Inception Score from class probabilities (10 splits)",
    "ms": "Mode Score from class probabilities of fake and real",
    "mmd": "unbiased RBF-kernel MMD² (median bandwidth)",
    "w": "exact Wasserstein-1 between features (first max_exact_w of each set)",
    "sw": "sliced Wasserstein-1 between features",
    "1nn": "leave-one-out 1-NN real/fake accuracy (0.5 ideal)",
    "pr": "precision and recall (k=3)",
    "dc": "density and coverage (k=5)",
}
NEEDS_PROBABILITIES = ("is", "ms")


def parse_metrics(spec):
    """'fid,kid,is' (or a sequence) -> validated tuple of names."""
    names = [s.strip() for s in spec.split(",")] if isinstance(spec, str) else list(spec)
    names = [n for n in names if n]
    unknown = [n for n in names if n not in METRICS]
    if unknown or not names:
        raise ValueError(f"Unknown metrics {unknown or spec!r}. Expected a subset of {sorted(METRICS)}.")
    return tuple(dict.fromkeys(names))


def compute_metrics(
    names,
    real_features=None,
    fake_features=None,
    real_probabilities=None,
    fake_probabilities=None,
    max_exact_w=2000,
    kid_subset_size=1000,
    kid_subsets=100,
    seed=0,
):
    """Computes the named metrics; returns a flat dict of floats.

    Keys: fid, kid, kid_std, is, is_std, ms, mmd, w, sw, 1nn, precision,
    recall, density, coverage (those asked for).

    Args:
        names: a subset of :data:`METRICS` (comma string or sequence).
        real_features, fake_features: (N, D) arrays (all metrics but is/ms).
        real_probabilities, fake_probabilities: (N, C) class probabilities
            (is needs fake; ms needs both).
        max_exact_w: points per set for the exact (O(N³)) Wasserstein distance.
        kid_subset_size: KID subset size (capped at the set sizes).
        kid_subsets: number of KID subsets.
        seed: seed of KID subsets and sliced-W directions.

    Raises:
        ValueError: unknown names or missing inputs.
    """
    names = parse_metrics(names)
    needs_features = [n for n in names if n not in NEEDS_PROBABILITIES]
    if needs_features and (real_features is None or fake_features is None):
        raise ValueError(f"Metrics {needs_features} need `real_features` and `fake_features`.")
    if "is" in names and fake_probabilities is None:
        raise ValueError("Metric 'is' needs `fake_probabilities` (a classifier).")
    if "ms" in names and (fake_probabilities is None or real_probabilities is None):
        raise ValueError("Metric 'ms' needs `fake_probabilities` and `real_probabilities`.")
    out = {}
    real, fake = real_features, fake_features
    for name in names:
        if name == "fid":
            out["fid"] = frechet_distance(real, fake)
        elif name == "kid":
            kid = kernel_distance(
                real, fake, num_subsets=kid_subsets, subset_size=kid_subset_size, seed=seed
            )
            out["kid"], out["kid_std"] = kid["mean"], kid["std"]
        elif name == "is":
            score = inception_score(fake_probabilities, num_splits=min(10, len(fake_probabilities)))
            out["is"], out["is_std"] = score["mean"], score["std"]
        elif name == "ms":
            out["ms"] = mode_score(fake_probabilities, real_probabilities)
        elif name == "mmd":
            out["mmd"] = mmd2(real[:5000], fake[:5000], kernel="rbf")
        elif name == "w":
            n = min(len(real), len(fake), max_exact_w)
            out["w"] = wasserstein_distance(np.asarray(real)[:n], np.asarray(fake)[:n])
        elif name == "sw":
            out["sw"] = sliced_wasserstein_distance(real, fake, seed=seed)
        elif name == "1nn":
            out["1nn"] = one_nn_accuracy(real, fake)
        elif name == "pr":
            out.update(precision_recall(real, fake, k=3))
        elif name == "dc":
            out.update(density_coverage(real, fake, k=5))
    return out
