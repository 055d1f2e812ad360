"""Hand-derived values for every adversarial loss.

Logits used throughout: real = [0, ln 3], fake = [0, -ln 3].
sigmoid(0) = 1/2, sigmoid(ln 3) = 3/4, sigmoid(-ln 3) = 1/4.
softplus(x) = ln(1 + e^x): softplus(0) = ln 2, softplus(ln 3) = ln 4,
softplus(-ln 3) = ln(4/3).
"""

import math

import numpy as np
import pytest
import tensorflow as tf

from keras_gans import losses

LN3 = math.log(3.0)
REAL = np.array([0.0, LN3], dtype="float32")
FAKE = np.array([0.0, -LN3], dtype="float32")


def assert_close(value, expected):
    np.testing.assert_allclose(float(value), expected, rtol=1e-6, atol=1e-6)


def test_minimax_discriminator_loss():
    # -log D(x): [ln 2, ln(4/3)] -> mean (ln 2 + ln 4/3) / 2
    # -log(1 - D(G z)): 1 - D = [1/2, 3/4] -> [ln 2, ln(4/3)] -> same mean
    expected = 2 * (math.log(2) + math.log(4 / 3)) / 2
    assert_close(losses.minimax_discriminator_loss(REAL, FAKE), expected)


def test_minimax_discriminator_loss_label_smoothing():
    # target 0.9: 0.9 * softplus(-x) + 0.1 * softplus(x) on the real logits
    # x = 0: 0.9 ln2 + 0.1 ln2 = ln 2; x = ln3: 0.9 ln(4/3) + 0.1 ln 4
    real = (math.log(2) + 0.9 * math.log(4 / 3) + 0.1 * math.log(4)) / 2
    fake = (math.log(2) + math.log(4 / 3)) / 2
    assert_close(losses.minimax_discriminator_loss(REAL, FAKE, label_smoothing=0.1), real + fake)


def test_label_smoothing_out_of_range():
    with pytest.raises(ValueError, match="label_smoothing.*Received: label_smoothing=1.0"):
        losses.minimax_discriminator_loss(REAL, FAKE, label_smoothing=1.0)


def test_minimax_generator_loss():
    # log(1 - D(G z)) with D = [1/2, 1/4] -> [ln 1/2, ln 3/4]
    assert_close(losses.minimax_generator_loss(FAKE), (math.log(0.5) + math.log(0.75)) / 2)


def test_non_saturating_generator_loss():
    # -log D(G z) with D = [1/2, 1/4] -> [ln 2, ln 4]
    assert_close(losses.non_saturating_generator_loss(FAKE), (math.log(2) + math.log(4)) / 2)


def test_non_saturating_gives_stronger_gradient_when_d_wins():
    # Goodfellow 2014 Sec. 3: early on D(G(z)) ~ 0 and log(1 - D) saturates.
    logits = tf.constant([-8.0])
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(logits)
        saturating = losses.minimax_generator_loss(logits)
        non_saturating = losses.non_saturating_generator_loss(logits)
    g_sat = abs(float(tape.gradient(saturating, logits)[0]))  # sigmoid(-8) ~ 3.4e-4
    g_ns = abs(float(tape.gradient(non_saturating, logits)[0]))  # 1 - sigmoid(-8) ~ 1
    assert g_sat < 1e-3 and g_ns > 0.99


def test_least_squares_losses():
    real = np.array([1.0, 0.5], dtype="float32")
    fake = np.array([0.0, 1.0], dtype="float32")
    # D, a=0 b=1: 1/2 * mean([0, 0.25]) + 1/2 * mean([0, 1]) = 0.0625 + 0.25
    assert_close(losses.least_squares_discriminator_loss(real, fake), 0.3125)
    # a=-1 b=1: real as above 0.0625; fake: (0+1)^2=1, (1+1)^2=4 -> 1/2 * 2.5 = 1.25
    assert_close(losses.least_squares_discriminator_loss(real, fake, a=-1.0, b=1.0), 1.3125)
    # G, c=1: 1/2 * mean([1, 0]) = 0.25; c=0: 1/2 * mean([0, 1]) = 0.25
    assert_close(losses.least_squares_generator_loss(fake), 0.25)
    assert_close(losses.least_squares_generator_loss(np.array([2.0, 2.0]), c=0.0), 2.0)


def test_wasserstein_losses():
    real = np.array([2.0, 4.0], dtype="float32")
    fake = np.array([-1.0, 0.0], dtype="float32")
    assert_close(losses.wasserstein_discriminator_loss(real, fake), -0.5 - 3.0)
    assert_close(losses.wasserstein_generator_loss(fake), 0.5)


def test_hinge_losses():
    real = np.array([2.0, 0.5], dtype="float32")
    fake = np.array([-2.0, 0.5], dtype="float32")
    # relu(1 - [2, .5]) = [0, .5] -> .25; relu(1 + [-2, .5]) = [0, 1.5] -> .75
    assert_close(losses.hinge_discriminator_loss(real, fake), 1.0)
    assert_close(losses.hinge_generator_loss(fake), 0.75)


@pytest.mark.parametrize(
    "fn",
    [
        losses.minimax_discriminator_loss,
        losses.least_squares_discriminator_loss,
        losses.wasserstein_discriminator_loss,
        losses.hinge_discriminator_loss,
    ],
)
def test_discriminator_losses_accept_patch_maps(fn):
    # A PatchGAN map (batch, h, w, 1) gives the same scalar as its flattened values.
    rng = np.random.default_rng(0)
    real = rng.normal(size=(2, 3, 3, 1)).astype("float32")
    fake = rng.normal(size=(2, 3, 3, 1)).astype("float32")
    value = fn(real, fake)
    assert value.shape == ()
    assert_close(value, float(fn(real.ravel(), fake.ravel())))


def test_losses_return_float32_for_float16_inputs():
    value = losses.non_saturating_generator_loss(tf.constant([0.0, 1.0], tf.float16))
    assert value.dtype == tf.float32
