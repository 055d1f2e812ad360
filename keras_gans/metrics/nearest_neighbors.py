"""Nearest-neighbour metrics: 1-NN two-sample accuracy, precision/recall, density/coverage."""

import numpy as np

from keras_gans.metrics.features import as_feature_pair
from keras_gans.metrics.features import kth_neighbour_distance
from keras_gans.metrics.features import squared_distances

CHUNK = 2048


def one_nn_accuracy(real, fake):
    """Leave-one-out accuracy of the 1-nearest-neighbour classifier of real vs fake.

    Pools the two sets (labels real = 1, fake = 0); each point is classified
    by the label of its nearest other point; the accuracy over all points
    is returned. 0.5 is ideal (the sets are indistinguishable); near 1 the
    sets are separated; near 0 the fake set copies the real one (each real
    point's nearest neighbour is its copy).

    Args:
        real, fake: (N, D) and (M, D) arrays, N + M >= 2.

    Returns:
        float in [0, 1].

    Example:
    ```python
    acc = one_nn_accuracy(real_features, fake_features)
    ```

    Reference: Lopez-Paz & Oquab, "Revisiting Classifier Two-Sample Tests",
    ICLR 2017; Xu et al., "An empirical study on evaluation metrics of
    generative adversarial networks", 2018.
    """
    a, b = as_feature_pair(real, fake, names=("real", "fake"))
    pooled = np.concatenate([a, b])
    labels = np.concatenate([np.ones(len(a), bool), np.zeros(len(b), bool)])
    correct = 0
    for start in range(0, len(pooled), CHUNK):
        d = squared_distances(pooled[start : start + CHUNK], pooled)
        rows = np.arange(len(d))
        d[rows, start + rows] = np.inf  # leave the point itself out
        correct += int((labels[d.argmin(1)] == labels[start : start + CHUNK]).sum())
    return correct / len(pooled)


def _inside_any_ball(points, centres, radii):
    """Per point: how many balls B(centre_i, radius_i) contain it."""
    counts = np.zeros(len(points), dtype="int64")
    for start in range(0, len(points), CHUNK):
        d = np.sqrt(squared_distances(points[start : start + CHUNK], centres))
        counts[start : start + CHUNK] = (d <= radii[None, :]).sum(1)
    return counts


def precision_recall(real, fake, k=3):
    """Improved precision and recall of a generative model (k-NN manifolds).

    The real manifold is the union of balls around each real point with
    radius its distance to its k-th nearest real neighbour; precision is the
    fraction of fake points inside it. Recall swaps the roles: the fraction
    of real points inside the fake manifold.

    Args:
        real, fake: (N, D) and (M, D) feature arrays, N, M > k.
        k: the neighbourhood size (3 in the paper).

    Returns:
        dict with ``precision`` and ``recall`` in [0, 1].

    Raises:
        ValueError: bad shapes or k out of range.

    Reference: Kynkäänniemi et al., "Improved Precision and Recall Metric
    for Assessing Generative Models", NeurIPS 2019.
    """
    a, b = as_feature_pair(real, fake, names=("real", "fake"))
    real_radii = kth_neighbour_distance(a, k)
    fake_radii = kth_neighbour_distance(b, k)
    return {
        "precision": float((_inside_any_ball(b, a, real_radii) > 0).mean()),
        "recall": float((_inside_any_ball(a, b, fake_radii) > 0).mean()),
    }


def density_coverage(real, fake, k=5):
    """Density and coverage of a generative model (k-NN balls around real points only).

    density = (1 / (k M)) Σ_j Σ_i 1[fake_j ∈ B(real_i, NND_k(real_i))]
    coverage = (1 / N) Σ_i 1[∃ j: fake_j ∈ B(real_i, NND_k(real_i))]

    Density is about 1 when the two sets come from one distribution (it is
    not capped at 1); coverage is in [0, 1].

    Args:
        real, fake: (N, D) and (M, D) arrays, N > k.
        k: the neighbourhood size (5 in the paper).

    Returns:
        dict with ``density`` and ``coverage``.

    Raises:
        ValueError: bad shapes or k out of range.

    Reference: Naeem et al., "Reliable Fidelity and Diversity Metrics for
    Generative Models", ICML 2020.
    """
    a, b = as_feature_pair(real, fake, names=("real", "fake"))
    radii = kth_neighbour_distance(a, k)
    density = _inside_any_ball(b, a, radii).sum() / (k * len(b))
    covered = np.zeros(len(a), dtype=bool)
    for start in range(0, len(a), CHUNK):
        d = np.sqrt(squared_distances(a[start : start + CHUNK], b))
        covered[start : start + CHUNK] = d.min(1) <= radii[start : start + CHUNK]
    return {"density": float(density), "coverage": float(covered.mean())}
