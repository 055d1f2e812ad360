"""Fréchet distance against closed forms and an independent eigen-decomposition."""

import numpy as np
import pytest

from keras_gans.metrics.frechet import frechet_distance
from keras_gans.metrics.frechet import frechet_distance_from_moments


def _reference(mu1, s1, mu2, s2):
    # Tr (S1 S2)^1/2 = Tr (S1^1/2 S2 S1^1/2)^1/2: a symmetric route via eigh only.
    w, v = np.linalg.eigh(s1)
    root1 = v @ np.diag(np.sqrt(np.maximum(w, 0))) @ v.T
    inner = np.linalg.eigvalsh(root1 @ s2 @ root1)
    return float(((mu1 - mu2) ** 2).sum() + np.trace(s1) + np.trace(s2) - 2 * np.sqrt(np.maximum(inner, 0)).sum())


def test_diagonal_gaussians_closed_form():
    # For diagonal covariances: d² = |Δμ|² + Σ (√s1 − √s2)².
    mu1, mu2 = np.array([0.0, 1.0, 2.0]), np.array([1.0, 1.0, 0.0])
    s1, s2 = np.array([1.0, 4.0, 9.0]), np.array([4.0, 4.0, 1.0])
    # |Δμ|² = 1 + 0 + 4 = 5; Σ(√s1−√s2)² = (1−2)² + 0 + (3−1)² = 5; total 10.
    assert frechet_distance_from_moments(mu1, np.diag(s1), mu2, np.diag(s2)) == pytest.approx(10.0)


def test_random_covariances_match_independent_reference():
    rng = np.random.default_rng(0)
    a, b = rng.standard_normal((6, 6)), rng.standard_normal((6, 6))
    s1, s2 = a @ a.T + 0.1 * np.eye(6), b @ b.T + 0.1 * np.eye(6)
    mu1, mu2 = rng.standard_normal(6), rng.standard_normal(6)
    assert frechet_distance_from_moments(mu1, s1, mu2, s2) == pytest.approx(
        _reference(mu1, s1, mu2, s2), rel=1e-6
    )


def test_samples_of_two_gaussians_approach_closed_form():
    rng = np.random.default_rng(1)
    x = rng.standard_normal((20000, 2)) * [1.0, 2.0]
    y = rng.standard_normal((20000, 2)) * [3.0, 2.0] + [2.0, 0.0]
    # |Δμ|² = 4; (1−3)² + (2−2)² = 4; total 8.
    assert frechet_distance(x, y) == pytest.approx(8.0, rel=0.03)
    assert frechet_distance(x, x) == pytest.approx(0.0, abs=1e-6)


def test_features_match_scipy_moments():
    rng = np.random.default_rng(2)
    x, y = rng.standard_normal((50, 4)), rng.standard_normal((60, 4)) + 0.5
    expected = _reference(x.mean(0), np.cov(x.T), y.mean(0), np.cov(y.T))
    assert frechet_distance(x, y) == pytest.approx(expected, rel=1e-6)


def test_singular_covariance_uses_offset():
    # Fewer samples than dimensions: singular covariances still give a finite value.
    rng = np.random.default_rng(3)
    x, y = rng.standard_normal((5, 20)), rng.standard_normal((5, 20))
    value = frechet_distance(x, y)
    assert np.isfinite(value) and value > 0


def test_bad_inputs():
    with pytest.raises(ValueError, match="same feature size"):
        frechet_distance(np.zeros((3, 2)), np.zeros((3, 4)))
    with pytest.raises(ValueError, match="at least 2 rows"):
        frechet_distance(np.zeros((1, 2)), np.zeros((3, 2)))
    with pytest.raises(ValueError, match="NaN"):
        frechet_distance(np.full((3, 2), np.nan), np.zeros((3, 2)))
    with pytest.raises(ValueError, match=r"\(D, D\)"):
        frechet_distance_from_moments(np.zeros(2), np.eye(3), np.zeros(2), np.eye(2))
