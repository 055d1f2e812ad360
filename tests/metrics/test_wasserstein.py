"""Exact and sliced Wasserstein-1 against scipy and the translation closed form."""

import itertools

import numpy as np
import pytest
import scipy.stats

from keras_gans.metrics.wasserstein import sliced_wasserstein_distance
from keras_gans.metrics.wasserstein import wasserstein_distance


def test_one_dimensional_matches_scipy():
    rng = np.random.default_rng(0)
    a, b = rng.standard_normal(50), rng.exponential(size=50)
    expected = scipy.stats.wasserstein_distance(a, b)
    assert wasserstein_distance(a[:, None], b[:, None]) == pytest.approx(expected, rel=1e-9)
    # In 1-D every projection is ±the identity, so the sliced distance is the same.
    assert sliced_wasserstein_distance(a[:, None], b[:, None], num_projections=4) == pytest.approx(expected, rel=1e-9)


def test_exact_matches_brute_force_over_permutations():
    rng = np.random.default_rng(1)
    a, b = rng.standard_normal((6, 3)), rng.standard_normal((6, 3))
    brute = min(
        np.mean([np.linalg.norm(a[i] - b[p[i]]) for i in range(6)])
        for p in itertools.permutations(range(6))
    )
    assert wasserstein_distance(a, b) == pytest.approx(brute, rel=1e-9)


def test_translation_closed_form():
    # W1(μ, μ + v) = ‖v‖ (identity coupling is optimal: duality with f(x) = vᵀx/‖v‖).
    rng = np.random.default_rng(2)
    a = rng.standard_normal((200, 4))
    v = np.array([3.0, 0.0, 4.0, 0.0])
    assert wasserstein_distance(a, a + v) == pytest.approx(5.0, rel=1e-9)
    assert wasserstein_distance(a, a) == pytest.approx(0.0, abs=1e-6)  # sqrt of rounding
    # Sliced: E_θ |θᵀv| = ‖v‖ E|θ_1| with θ uniform on S³: E|θ_1| = Γ(2)/(√π Γ(2.5)) = 4/(3π).
    sliced = sliced_wasserstein_distance(a, a + v, num_projections=4000)
    assert sliced == pytest.approx(5.0 * 4 / (3 * np.pi), rel=0.03)


def test_bad_inputs():
    with pytest.raises(ValueError, match="same number of points"):
        wasserstein_distance(np.zeros((3, 2)), np.zeros((4, 2)))
    with pytest.raises(ValueError, match="num_projections"):
        sliced_wasserstein_distance(np.zeros((3, 2)), np.zeros((4, 2)), num_projections=0)
