"""Input checks shared by the metric functions (validated once, at the boundary)."""

import numpy as np


def as_features(features, name="features", min_rows=1):
    """Returns a float64 (N, D) array; images (N, H, W, C) are flattened.

    Raises:
        ValueError: fewer than ``min_rows`` rows, rank < 2, or non-finite values.
    """
    array = np.asarray(features, dtype="float64")
    if array.ndim < 2:
        raise ValueError(f"`{name}` must have shape (N, D). Received shape {array.shape}.")
    array = array.reshape(len(array), -1)
    if len(array) < min_rows:
        raise ValueError(
            f"`{name}` needs at least {min_rows} rows. Received shape {array.shape}."
        )
    if not np.isfinite(array).all():
        raise ValueError(f"`{name}` contains NaN or infinite values.")
    return array


def as_feature_pair(features_a, features_b, min_rows=1, names=("features_a", "features_b")):
    """Two (N, D) float64 arrays with the same D."""
    a = as_features(features_a, names[0], min_rows)
    b = as_features(features_b, names[1], min_rows)
    if a.shape[1] != b.shape[1]:
        raise ValueError(
            f"`{names[0]}` and `{names[1]}` must have the same feature size. "
            f"Received shapes {a.shape} and {b.shape}."
        )
    return a, b


def squared_distances(a, b):
    """Pairwise squared Euclidean distances (len(a), len(b)), clipped at 0."""
    d = (a * a).sum(1)[:, None] + (b * b).sum(1)[None, :] - 2.0 * a @ b.T
    return np.maximum(d, 0.0)


def kth_neighbour_distance(x, k, chunk=2048):
    """Distance from each row of ``x`` to its k-th nearest other row (itself excluded)."""
    if not 1 <= k < len(x):
        raise ValueError(f"`k` must be in [1, {len(x) - 1}] for {len(x)} points. Received: k={k}")
    radii = np.empty(len(x))
    for start in range(0, len(x), chunk):
        d = squared_distances(x[start : start + chunk], x)
        # Column k of the sorted row: column 0 is the point itself (distance 0).
        radii[start : start + chunk] = np.sqrt(np.partition(d, k, axis=1)[:, k])
    return radii
