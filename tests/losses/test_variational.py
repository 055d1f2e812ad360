"""The ELBO's terms against values derived by hand."""

import math

import numpy as np
import pytest

from keras_gans import losses
from keras_gans.losses import variational


def test_gaussian_kl_closed_form():
    # Example 1: mean (1, 0), variance (1, 2):
    #   0.5 * (1 + 1 - 1 - 0) + 0.5 * (0 + 2 - 1 - ln 2) = 0.5 + 0.5 * (1 - 0.693147) = 0.653426.
    # Example 2: the prior itself: 0.
    kl = losses.gaussian_kl([[1.0, 0.0], [0.0, 0.0]], [[0.0, math.log(2.0)], [0.0, 0.0]]).numpy()
    np.testing.assert_allclose(kl, [0.653426, 0.0], atol=1e-6)


def test_bernoulli_log_likelihood_from_logits():
    # Images (1, -1) are targets (1, 0). Logits (0, 0): 2 ln 0.5 = -1.386294.
    # Logits (2, 0): ln sigmoid(2) + ln(1 - sigmoid(0)) = -ln(1 + e^-2) - ln 2 = -0.126928 - 0.693147 = -0.820075.
    images = np.array([[1.0, -1.0], [1.0, -1.0]], "float32")
    logits = np.array([[0.0, 0.0], [2.0, 0.0]], "float32")
    np.testing.assert_allclose(
        losses.bernoulli_log_likelihood(images, logits).numpy(), [-1.386294, -0.820075], atol=1e-6
    )


def test_bernoulli_log_likelihood_sums_over_image_axes():
    # A 2x2 image of ones with logits 0: 4 ln 0.5 = -2.772589.
    value = losses.bernoulli_log_likelihood(
        np.ones((1, 2, 2, 1), "float32"), np.zeros((1, 2, 2, 1), "float32")
    )
    np.testing.assert_allclose(value.numpy(), [-2.772589], atol=1e-6)


def test_gaussian_log_likelihood_and_densities():
    # log N(1; 0, 1) = -0.5 - 0.5 ln(2 pi) = -0.5 - 0.918939 = -1.418939;
    # log N(1; 0, 0.5²) = -1 / (2 * 0.25) - ln 0.5 - 0.918939 = -2 + 0.693147 - 0.918939 = -2.225792.
    np.testing.assert_allclose(
        losses.gaussian_log_likelihood([[1.0]], [[0.0]], 1.0).numpy(), [-1.418939], atol=1e-6
    )
    np.testing.assert_allclose(
        losses.gaussian_log_likelihood([[1.0]], [[0.0]], 0.5).numpy(), [-2.225792], atol=1e-6
    )
    np.testing.assert_allclose(
        variational.standard_normal_log_density([[1.0]]).numpy(), [-1.418939], atol=1e-6
    )
    # log N(1; 0, e^{ln 0.25}) is the second value above.
    np.testing.assert_allclose(
        variational.diagonal_normal_log_density([[1.0]], [[0.0]], [[math.log(0.25)]]).numpy(),
        [-2.225792],
        atol=1e-6,
    )


def test_negative_elbo_is_the_batch_mean_of_kl_minus_log_likelihood():
    # ((0.5 + 1) + (0.5 + 3)) / 2 = 2.5 nats per example.
    assert float(losses.negative_elbo([-1.0, -3.0], [0.5, 0.5])) == pytest.approx(2.5)
