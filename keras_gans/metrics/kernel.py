"""Kernel two-sample distances: unbiased MMD² (RBF or polynomial) and KID."""

import numpy as np

from keras_gans.metrics.features import as_feature_pair
from keras_gans.metrics.features import squared_distances

KERNELS = ("rbf", "polynomial")


def polynomial_kernel(x, y, degree=3, coef=1.0):
    """k(x, y) = (xᵀy / d + coef)^degree, the KID kernel."""
    return (x @ y.T / x.shape[1] + coef) ** degree


def rbf_kernel(x, y, bandwidth):
    """k(x, y) = exp(−‖x − y‖² / (2 bandwidth²))."""
    return np.exp(-squared_distances(x, y) / (2.0 * bandwidth**2))


def median_bandwidth(x, y, max_points=1000):
    """The median heuristic: the median distance between distinct pooled points."""
    pooled = np.concatenate([x[:max_points], y[:max_points]])
    d = squared_distances(pooled, pooled)[np.triu_indices(len(pooled), k=1)]
    d = d[d > 0]
    return float(np.sqrt(np.median(d))) if len(d) else 1.0


def unbiased_mmd2(k_xx, k_yy, k_xy):
    """Unbiased MMD² from the three kernel matrices (diagonals of k_xx, k_yy excluded).

    MMD²_u = Σ_{i≠j} k(x_i, x_j) / (m(m−1)) + Σ_{i≠j} k(y_i, y_j) / (n(n−1)) − 2 Σ k(x_i, y_j) / (mn)
    """
    m, n = len(k_xx), len(k_yy)
    if m < 2 or n < 2:
        raise ValueError(f"Unbiased MMD² needs at least 2 points per set. Received {m} and {n}.")
    xx = (k_xx.sum() - np.trace(k_xx)) / (m * (m - 1))
    yy = (k_yy.sum() - np.trace(k_yy)) / (n * (n - 1))
    return float(xx + yy - 2.0 * k_xy.mean())


def mmd2(features_a, features_b, kernel="rbf", bandwidth=None):
    """Unbiased squared maximum mean discrepancy between two sets.

    Args:
        features_a, features_b: (N, D) and (M, D) arrays, N, M >= 2.
        kernel: 'rbf' (Gaussian, ``exp(−‖x−y‖²/(2σ²))``) or 'polynomial'
            (``(xᵀy/d + 1)³``, the KID kernel).
        bandwidth: σ of the RBF kernel; None uses the median heuristic.

    Returns:
        float; an unbiased estimate, so it can be slightly negative when the
        two distributions are equal.

    Raises:
        ValueError: unknown kernel, non-positive bandwidth, bad shapes.

    Example:
    ```python
    value = mmd2(real_features, fake_features, kernel="rbf")
    ```

    Reference: Gretton et al., "A Kernel Two-Sample Test", JMLR 2012 (Lemma 6).
    """
    if kernel not in KERNELS:
        raise ValueError(f"`kernel` must be one of {KERNELS}. Received: kernel={kernel!r}")
    if bandwidth is not None and not bandwidth > 0:
        raise ValueError(f"`bandwidth` must be positive. Received: bandwidth={bandwidth}")
    a, b = as_feature_pair(features_a, features_b, min_rows=2)
    if kernel == "polynomial":
        return unbiased_mmd2(polynomial_kernel(a, a), polynomial_kernel(b, b), polynomial_kernel(a, b))
    sigma = bandwidth or median_bandwidth(a, b)
    return unbiased_mmd2(rbf_kernel(a, a, sigma), rbf_kernel(b, b, sigma), rbf_kernel(a, b, sigma))


def kernel_distance(features_a, features_b, num_subsets=100, subset_size=1000, seed=0):
    """Kernel Inception Distance: unbiased MMD² with the cubic polynomial kernel, over subsets.

    KID = mean over ``num_subsets`` random subsets (``subset_size`` points of
    each set, drawn without replacement) of the unbiased MMD² with
    k(x, y) = (xᵀy / d + 1)³.

    Args:
        features_a, features_b: (N, D) and (M, D) arrays.
        num_subsets: number of subsets averaged.
        subset_size: points per subset; capped at min(N, M).
        seed: seed of the subset draws.

    Returns:
        dict with ``mean`` and ``std`` (standard deviation over subsets).

    Raises:
        ValueError: bad shapes, fewer than 2 rows, non-positive counts.

    Example:
    ```python
    kid = kernel_distance(real_features, fake_features)["mean"]
    ```

    Reference: Bińkowski et al., "Demystifying MMD GANs", ICLR 2018.
    """
    if int(num_subsets) < 1 or int(subset_size) < 2:
        raise ValueError(
            "`num_subsets` must be >= 1 and `subset_size` >= 2. "
            f"Received: num_subsets={num_subsets}, subset_size={subset_size}"
        )
    a, b = as_feature_pair(features_a, features_b, min_rows=2)
    size = min(int(subset_size), len(a), len(b))
    rng = np.random.default_rng(seed)
    values = []
    for _ in range(int(num_subsets)):
        x = a[rng.choice(len(a), size, replace=False)]
        y = b[rng.choice(len(b), size, replace=False)]
        values.append(
            unbiased_mmd2(polynomial_kernel(x, x), polynomial_kernel(y, y), polynomial_kernel(x, y))
        )
    return {"mean": float(np.mean(values)), "std": float(np.std(values))}
