"""Wasserstein-1 (earth mover's) distance between empirical sets: exact and sliced."""

import numpy as np
import scipy.optimize
import scipy.stats

from keras_gans.metrics.features import as_feature_pair
from keras_gans.metrics.features import squared_distances


def wasserstein_distance(samples_a, samples_b):
    """Exact earth mover's distance between two equal-size empirical sets.

    W1 = min over permutations π of (1/N) Σ_i ‖a_i − b_π(i)‖: for two uniform
    empirical measures of the same size an optimal coupling is a permutation
    (Birkhoff), found with ``scipy.optimize.linear_sum_assignment``. The
    assignment is O(N³): use :func:`sliced_wasserstein_distance` beyond a
    few thousand points.

    Args:
        samples_a, samples_b: (N, D) arrays of the same N (images are flattened).

    Returns:
        float, >= 0.

    Raises:
        ValueError: different sizes or feature dimensions.

    Example:
    ```python
    w = wasserstein_distance(real[:1000], fake[:1000])
    ```

    Reference: Villani, "Optimal Transport: Old and New", 2009; used as a
    GAN metric by Xu et al., "An empirical study on evaluation metrics of
    generative adversarial networks", 2018.
    """
    a, b = as_feature_pair(samples_a, samples_b, names=("samples_a", "samples_b"))
    if len(a) != len(b):
        raise ValueError(
            "`samples_a` and `samples_b` must hold the same number of points for the exact "
            f"assignment. Received {len(a)} and {len(b)}; use sliced_wasserstein_distance."
        )
    cost = np.sqrt(squared_distances(a, b))
    rows, cols = scipy.optimize.linear_sum_assignment(cost)
    return float(cost[rows, cols].mean())


def sliced_wasserstein_distance(samples_a, samples_b, num_projections=128, seed=0):
    """Sliced Wasserstein-1 distance: the mean W1 of 1-D projections on random directions.

    SW1 = E_θ W1(θᵀa, θᵀb), θ uniform on the unit sphere (``num_projections``
    draws); each 1-D W1 is exact (``scipy.stats.wasserstein_distance``), so
    the sets may have different sizes.

    Args:
        samples_a, samples_b: (N, D) and (M, D) arrays.
        num_projections: number of random directions.
        seed: seed of the directions.

    Returns:
        float, >= 0.

    Raises:
        ValueError: bad shapes or ``num_projections`` < 1.

    Reference: Rabin et al., "Wasserstein Barycenter and its Application to
    Texture Mixing", SSVM 2011; Deshpande et al., "Generative Modeling using
    the Sliced Wasserstein Distance", CVPR 2018.
    """
    if int(num_projections) < 1:
        raise ValueError(f"`num_projections` must be >= 1. Received: num_projections={num_projections}")
    a, b = as_feature_pair(samples_a, samples_b, names=("samples_a", "samples_b"))
    directions = np.random.default_rng(seed).standard_normal((a.shape[1], int(num_projections)))
    directions /= np.linalg.norm(directions, axis=0, keepdims=True)
    pa, pb = a @ directions, b @ directions
    return float(
        np.mean([scipy.stats.wasserstein_distance(pa[:, i], pb[:, i]) for i in range(pa.shape[1])])
    )
