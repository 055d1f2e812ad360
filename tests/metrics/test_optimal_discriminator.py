"""Goodfellow et al. 2014, Proposition 1 and Theorem 1, checked numerically."""

import math

import numpy as np
import pytest

from keras_gans import metrics

X = np.linspace(-8.0, 10.0, 20_001)


def densities(g_mean=2.0, g_std=0.5):
    return metrics.gaussian_density(X, 0.0, 1.0), metrics.gaussian_density(X, g_mean, g_std)


def test_gaussian_density_integrates_to_one():
    p_data, p_g = densities()
    assert np.trapezoid(p_data, X) == pytest.approx(1.0, abs=1e-9)
    assert np.trapezoid(p_g, X) == pytest.approx(1.0, abs=1e-9)


def test_optimal_discriminator_pointwise():
    # p_data = 3, p_g = 1 -> 3/4; both 0 -> 1/2 (undetermined, by convention).
    np.testing.assert_allclose(metrics.optimal_discriminator([3.0, 0.0, 0.0], [1.0, 0.0, 2.0]), [0.75, 0.5, 0.0])


def test_value_of_optimal_discriminator_is_minus_log4_plus_2jsd():
    p_data, p_g = densities()
    value = metrics.value_function(X, p_data, p_g, metrics.optimal_discriminator(p_data, p_g))
    jsd = metrics.jensen_shannon_divergence(X, p_data, p_g)
    assert 0.0 < jsd < math.log(2.0)
    assert value == pytest.approx(-math.log(4.0) + 2.0 * jsd, abs=1e-8)


def test_equal_distributions_give_half_and_minus_log4():
    p, _ = densities()
    d_star = metrics.optimal_discriminator(p, p)
    np.testing.assert_allclose(d_star, 0.5)
    assert metrics.jensen_shannon_divergence(X, p, p) == pytest.approx(0.0, abs=1e-12)
    assert metrics.value_function(X, p, p, d_star) == pytest.approx(-math.log(4.0), abs=1e-8)


def test_disjoint_distributions_reach_log2():
    # N(-5, 0.3) and N(5, 0.3) barely overlap: JSD -> log 2, V(D*) -> 0.
    p = metrics.gaussian_density(X, -5.0, 0.3)
    q = metrics.gaussian_density(X, 5.0, 0.3)
    assert metrics.jensen_shannon_divergence(X, p, q) == pytest.approx(math.log(2.0), abs=1e-6)
    assert metrics.value_function(X, p, q, metrics.optimal_discriminator(p, q)) == pytest.approx(0.0, abs=1e-6)


def test_kl_of_gaussians_matches_closed_form():
    # KL(N(0,1) || N(2, 0.5^2)) = log(0.5/1) + (1 + 4) / (2 * 0.25) - 1/2 = 8.8069.
    p_data, p_g = densities()
    expected = math.log(0.5) + (1.0 + 4.0) / 0.5 - 0.5
    assert metrics.kl_divergence(X, p_data, p_g) == pytest.approx(expected, rel=1e-6)


def test_d_star_maximises_the_value():
    p_data, p_g = densities()
    d_star = metrics.optimal_discriminator(p_data, p_g)
    best = metrics.value_function(X, p_data, p_g, d_star)
    for other in (np.full_like(X, 0.5), np.clip(d_star + 0.05, 0, 1), d_star**2):
        assert metrics.value_function(X, p_data, p_g, other) < best


def test_max_abs_error_masks_by_weight():
    assert metrics.max_abs_error([0.1, 0.9], [0.1, 0.5], weights=[1.0, 0.0], min_weight=0.5) == 0.0
    assert metrics.max_abs_error([0.1, 0.9], [0.1, 0.5]) == pytest.approx(0.4)
    with pytest.raises(ValueError, match="No grid point"):
        metrics.max_abs_error([0.1], [0.1], weights=[0.0], min_weight=1.0)


def test_bad_grid():
    with pytest.raises(ValueError, match="increasing 1-D grid"):
        metrics.value_function(np.array([1.0, 0.0]), [1, 1], [1, 1], [0.5, 0.5])
    with pytest.raises(ValueError, match="`std` must be positive"):
        metrics.gaussian_density(X, 0.0, 0.0)


@pytest.mark.slow
def test_trained_discriminator_approaches_d_star():
    """Proposition 1 in practice: logistic regression of p_data vs a fixed p_g reaches D*."""
    d = metrics.fit_discriminator_1d(
        data_mean=0.0, data_std=1.0, g_mean=2.0, g_std=0.5, num_samples=40_000, epochs=4, seed=0
    )
    p_data, p_g = densities()
    d_star = metrics.optimal_discriminator(p_data, p_g)
    trained = d(X)
    # Where the mixture has mass (p_data + p_g > 0.05, about x in [-2.4, 3.1])
    # a run measured 0.024; an untrained D (~1/2) is off by ~0.5.
    assert metrics.max_abs_error(trained, d_star, p_data + p_g, 0.05) < 0.05
    assert metrics.max_abs_error(np.full_like(X, 0.5), d_star, p_data + p_g, 0.05) > 0.4
    # Its value is within 0.01 of the optimum -log 4 + 2 JSD (measured gap ~0.001).
    optimum = -math.log(4.0) + 2.0 * metrics.jensen_shannon_divergence(X, p_data, p_g)
    assert 0.0 <= optimum - metrics.value_function(X, p_data, p_g, trained) < 0.01
