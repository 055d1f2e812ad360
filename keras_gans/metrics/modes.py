"""Mode statistics for samples of a known Gaussian mixture (VEEGAN/PacGAN protocol)."""

import numpy as np


def mode_statistics(samples, centers, std, num_std=3.0):
    """Assigns each sample to its nearest centre and scores the coverage.

    A sample is *high quality* when it lies within ``num_std`` standard
    deviations of its nearest centre; a mode is *captured* when at least one
    high-quality sample is nearest to it.

    Args:
        samples: (N, D) array.
        centers: (K, D) array of mixture means.
        std: the mixture's per-axis standard deviation.
        num_std: the high-quality radius in units of ``std``.

    Returns:
        dict with ``modes`` (int, captured modes), ``high_quality`` (fraction of
        high-quality samples), ``reverse_kl`` (KL of the histogram of
        high-quality samples over modes against uniform; inf when no sample is
        high quality), ``counts`` (per-mode counts of high-quality samples).
    """
    samples = np.asarray(samples, dtype="float64")
    centers = np.asarray(centers, dtype="float64")
    if samples.ndim != 2 or centers.ndim != 2 or samples.shape[1] != centers.shape[1]:
        raise ValueError(
            "`samples` and `centers` must be (N, D) and (K, D) with the same D. "
            f"Received shapes {samples.shape} and {centers.shape}."
        )
    if std <= 0:
        raise ValueError(f"`std` must be positive. Received: std={std}")
    distances = np.linalg.norm(samples[:, None, :] - centers[None, :, :], axis=-1)
    nearest = distances.argmin(axis=1)
    good = distances[np.arange(len(samples)), nearest] <= num_std * std
    counts = np.bincount(nearest[good], minlength=len(centers))
    total = counts.sum()
    if total == 0:
        reverse_kl = float("inf")
    else:
        p = counts / total
        nz = p > 0
        reverse_kl = float(np.sum(p[nz] * np.log(p[nz] * len(centers))))
    return {
        "modes": int((counts > 0).sum()),
        "high_quality": float(good.mean()) if len(samples) else 0.0,
        "reverse_kl": reverse_kl,
        "counts": counts,
    }


def count_modes(samples, centers, std, num_std=3.0):
    """Number of mixture modes captured (see :func:`mode_statistics`)."""
    return mode_statistics(samples, centers, std, num_std)["modes"]
