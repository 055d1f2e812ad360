"""The GMMN loss: a sum of Gaussian kernels and the biased MMD², against hand-derived values."""

import math

import numpy as np
import pytest
import tensorflow as tf

from keras_gans import losses
from keras_gans.metrics import kernel as metric_kernel


def test_multi_bandwidth_kernel():
    # |(0, 0) - (3, 4)|² = 25: exp(-25 / (2 * 25)) + exp(-25 / (2 * 100)) = e^-0.5 + e^-0.125
    # = 0.606531 + 0.882497 = 1.489028; a point with itself: one per bandwidth, 2.
    k = losses.multi_gaussian_kernel(
        [[0.0, 0.0]], [[3.0, 4.0], [0.0, 0.0]], bandwidths=(5.0, 10.0)
    ).numpy()
    np.testing.assert_allclose(k, [[1.489028, 2.0]], atol=1e-6)


def test_mmd2_of_two_points_with_two_bandwidths():
    # x = {0}, y = {1}, sigmas (1, 2): k(0, 1) = e^-0.5 + e^-0.125 = 1.489028, k(x, x) = k(y, y) = 2,
    # MMD² = 2 + 2 - 2 * 1.489028 = 1.021944, and the loss is its square root 1.010913.
    x, y = np.array([[0.0]], "float32"), np.array([[1.0]], "float32")
    assert float(losses.mmd2(x, y, (1.0, 2.0))) == pytest.approx(1.021944, abs=1e-6)
    assert float(losses.gmmn_loss(x, y, (1.0, 2.0))) == pytest.approx(
        math.sqrt(1.021944 + 1e-8), abs=1e-6
    )


def test_mmd2_matches_the_biased_estimate_of_the_metric_kernels():
    # The V-statistic: the numpy RBF kernel of keras_gans.metrics, summed over bandwidths, diagonals kept.
    rng = np.random.default_rng(0)
    x, y = (
        rng.normal(size=(7, 3)).astype("float32"),
        rng.normal(1.0, 1.0, size=(5, 3)).astype("float32"),
    )
    sigmas = (0.5, 2.0)

    def k(a, b):
        return sum(
            metric_kernel.rbf_kernel(a.astype("float64"), b.astype("float64"), s) for s in sigmas
        )

    expected = k(x, x).mean() + k(y, y).mean() - 2 * k(x, y).mean()
    assert float(losses.mmd2(x, y, sigmas)) == pytest.approx(expected, rel=1e-5)


def test_loss_of_identical_sets_is_the_epsilon_and_its_gradient_is_finite():
    x = tf.constant([[0.0, 1.0], [2.0, 3.0]])
    with tf.GradientTape() as tape:
        tape.watch(x)
        loss = losses.gmmn_loss(tf.constant([[0.0, 1.0], [2.0, 3.0]]), x)
    assert float(loss) == pytest.approx(1e-4, rel=1e-3)  # sqrt(0 + 1e-8)
    assert np.all(np.isfinite(tape.gradient(loss, x).numpy()))


@pytest.mark.parametrize("bandwidths", [(), (1.0, 0.0), (-2.0,)])
def test_bad_bandwidths(bandwidths):
    with pytest.raises(ValueError, match=r"`bandwidths` must be positive numbers\. Received"):
        losses.mmd2(np.zeros((2, 1), "float32"), np.ones((2, 1), "float32"), bandwidths)
