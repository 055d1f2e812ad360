"""Hand-derived values for pix2pixHD's multi-scale losses.

Two discriminators (num_D = 2). Each output list is [layer activations..., logits].
D1 has 2 activation layers (n_layers + 1 = 2), D2 has 4 (n_layers + 1 = 4), so
the per-layer weights differ: (1/num_D) * 4/(n_layers+1) = 1/2 * 4/2 = 1 for D1
and 1/2 * 4/4 = 1/2 for D2.
"""

import numpy as np
import pytest
import tensorflow as tf

from keras_gans import losses


def c(*values):
    return tf.constant(np.array(values, dtype="float32"))


# D1: layer a |real - fake| = [1, 3] -> mean 2; layer b = [0.5, 0.5] -> mean 0.5; logits last.
REAL_1 = [c(0.0, 0.0), c(1.0, 1.0), c(1.0, 0.0)]
FAKE_1 = [c(1.0, -3.0), c(0.5, 1.5), c(0.0, 2.0)]
# D2: four layers with |real - fake| means 1, 2, 0, 4; logits last.
REAL_2 = [c(0.0), c(0.0), c(5.0), c(2.0), c(1.0)]
FAKE_2 = [c(1.0), c(-2.0), c(5.0), c(6.0), c(-1.0)]


def test_feature_matching_weights_every_layer_by_one_over_num_d_and_four_over_layers():
    # D1: 1 * (2 + 0.5) = 2.5; D2: 1/2 * (1 + 2 + 0 + 4) = 3.5; total 6.
    # The logits (last entries) take no part.
    value = losses.multiscale_feature_matching_loss([REAL_1, REAL_2], [FAKE_1, FAKE_2])
    np.testing.assert_allclose(float(value), 6.0, rtol=1e-6)


def test_feature_matching_with_the_reference_layout_is_four_over_num_d_times_the_mean_layer_l1():
    # n_layers_D = 3: four activations, each |r - f| = 0.25 -> 1/1 * 4/4 * 4 * 0.25 = 1 for one D.
    real = [c(0.0, 0.0)] * 4 + [c(9.0)]
    fake = [c(0.25, -0.25)] * 4 + [c(-9.0)]
    np.testing.assert_allclose(float(losses.multiscale_feature_matching_loss([real], [fake])), 1.0, rtol=1e-6)


def test_feature_matching_gradient_reaches_only_the_fake_features():
    real, fake = tf.Variable([0.0, 0.0]), tf.Variable([1.0, -3.0])
    with tf.GradientTape(persistent=True) as tape:
        value = losses.multiscale_feature_matching_loss([[real, c(0.0)]], [[fake, c(0.0)]])
    # 4/(1) * mean|r - f|: d/df = 4 * sign(f - r) / 2 = [2, -2]; nothing flows to the real side.
    np.testing.assert_allclose(tape.gradient(value, fake).numpy(), [2.0, -2.0])
    assert tape.gradient(value, real) is None


def test_multiscale_least_squares_losses_sum_over_the_discriminators():
    # D: per D 1/2 E(real - 1)^2 + 1/2 E fake^2.
    # D1 logits real [1, 0], fake [0, 2]: 1/2 * (0 + 1)/2 + 1/2 * (0 + 4)/2 = 0.25 + 1 = 1.25
    # D2 logits real [1], fake [-1]: 0 + 1/2 * 1 = 0.5 -> 1.75
    value = losses.multiscale_least_squares_discriminator_loss([REAL_1, REAL_2], [FAKE_1, FAKE_2])
    np.testing.assert_allclose(float(value), 1.75, rtol=1e-6)
    # G: per D E(fake - 1)^2: D1 ((0-1)^2 + (2-1)^2)/2 = 1; D2 (-1-1)^2 = 4 -> 5
    np.testing.assert_allclose(float(losses.multiscale_least_squares_generator_loss([FAKE_1, FAKE_2])), 5.0)


def test_weighted_feature_l1():
    # 1/32 * mean|[0,0]-[1,3]| + 1 * mean|[2]-[1]| = 1/32 * 2 + 1 = 1.0625
    value = losses.weighted_feature_l1_loss([c(0.0, 0.0), c(2.0)], [c(1.0, 3.0), c(1.0)], [1 / 32, 1.0])
    np.testing.assert_allclose(float(value), 1.0625, rtol=1e-6)


def test_mismatched_structures_say_what_they_received():
    with pytest.raises(ValueError, match="one list per discriminator.*Received: 2 and 1"):
        losses.multiscale_feature_matching_loss([REAL_1, REAL_2], [FAKE_1])
    with pytest.raises(ValueError, match="intermediate layers then its logits.*Received: 3 and 5"):
        losses.multiscale_feature_matching_loss([REAL_1], [FAKE_2])
    with pytest.raises(ValueError, match="same length. Received: 1, 1 and 2"):
        losses.weighted_feature_l1_loss([c(0.0)], [c(0.0)], [1.0, 1.0])
