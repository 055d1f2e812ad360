"""The 2-D Gaussian mixtures of the VEEGAN and PacGAN mode-collapse benchmarks."""

import numpy as np


def ring8_centers(num_modes=8, radius=1.0):
    """Centres on a circle; ``endpoint=False`` so no mode is duplicated."""
    angles = np.linspace(0.0, 2.0 * np.pi, num_modes, endpoint=False)
    return np.stack([radius * np.cos(angles), radius * np.sin(angles)], axis=1).astype("float32")


def grid25_centers():
    """The 5x5 grid at {-4, -2, 0, 2, 4}^2."""
    axis = np.array([-4.0, -2.0, 0.0, 2.0, 4.0], dtype="float32")
    xx, yy = np.meshgrid(axis, axis, indexing="ij")
    return np.stack([xx.ravel(), yy.ravel()], axis=1)


MIXTURES = {
    "ring8": (ring8_centers, 0.01),
    "grid25": (grid25_centers, 0.05),
}


def mixture_spec(name):
    """Returns ``(centers, std)`` of a named mixture."""
    if name not in MIXTURES:
        raise ValueError(f"Unknown mixture {name!r}; expected one of {sorted(MIXTURES)}.")
    centers_fn, std = MIXTURES[name]
    return centers_fn(), std


def sample_mixture(name, num_examples, seed=None):
    """Draws ``num_examples`` points (uniform over modes) and their mode index.

    Returns:
        ``(points, modes)``: float32 (N, 2) and int32 (N,).
    """
    centers, std = mixture_spec(name)
    rng = np.random.default_rng(seed)
    modes = rng.integers(0, len(centers), size=num_examples)
    points = centers[modes] + std * rng.standard_normal((num_examples, 2))
    return points.astype("float32"), modes.astype("int32")
