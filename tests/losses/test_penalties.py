"""Gradient penalties checked on critics whose input gradient is known in closed form.

Linear critic D(x) = w . x with w = (3, 4): grad_x D = w everywhere, |w| = 5,
so any penalty sampling points anywhere is (5 - 1)^2 = 16, and its gradient
with respect to w is 2 (|w| - 1) w / |w| = 2 * 4 * (3, 4) / 5 = (4.8, 6.4).

Quadratic critic D(x) = |x|^2 / 2: grad_x D = x, so the penalty at x is (|x| - 1)^2.
"""

import math

import keras
import numpy as np
import pytest
import tensorflow as tf

from keras_gans import losses


def linear_critic():
    x = keras.Input((2,))
    layer = keras.layers.Dense(1, use_bias=False)
    model = keras.Model(x, layer(x))
    layer.kernel.assign([[3.0], [4.0]])
    return model


def quadratic_critic(points, training=False):
    return 0.5 * tf.reduce_sum(tf.square(points), axis=1, keepdims=True)


def test_gradient_penalty_linear_critic_value_and_weight_gradient():
    critic = linear_critic()
    real = tf.random.normal((16, 2))
    fake = tf.random.normal((16, 2))
    with tf.GradientTape() as tape:
        penalty = losses.gradient_penalty(critic, real, fake, seed=0)
    np.testing.assert_allclose(float(penalty), 16.0, rtol=1e-6)
    grad = tape.gradient(penalty, critic.trainable_variables)[0]
    np.testing.assert_allclose(np.asarray(grad)[:, 0], [4.8, 6.4], rtol=1e-5)


def test_gradient_penalty_uniform_interpolates_1d():
    # real = 0, fake = 2: x_hat = 2 alpha, grad = 2 alpha, penalty (2 alpha - 1)^2;
    # alpha ~ U[0, 1] -> E = int_0^1 (2a - 1)^2 da = 1/3 (std error ~0.002 at n = 20000).
    real = tf.zeros((20_000, 1))
    fake = 2.0 * tf.ones((20_000, 1))
    penalty = losses.gradient_penalty(quadratic_critic, real, fake, seed=1)
    assert float(penalty) == pytest.approx(1.0 / 3.0, abs=0.01)


def test_gradient_penalty_one_alpha_per_example():
    # real = (0, 0), fake = (2, 2). One alpha per example keeps x_hat = 2a (1, 1):
    # |grad| = 2 sqrt(2) a, E (2 sqrt(2) a - 1)^2 = 8/3 - 2 sqrt(2) + 1 = 0.8382.
    # One alpha per coordinate would give 8/3 - 4 E|(a1, a2)| + 1 = 0.606.
    real = tf.zeros((20_000, 2))
    fake = 2.0 * tf.ones((20_000, 2))
    penalty = losses.gradient_penalty(quadratic_critic, real, fake, seed=2)
    assert float(penalty) == pytest.approx(8 / 3 - 2 * math.sqrt(2) + 1, abs=0.015)


def test_gradient_penalty_epsilon_keeps_zero_gradient_finite():
    # A critic with a zero kernel has grad_x D = 0: the penalty is (sqrt(eps) - 1)^2 ~ 1
    # and d sqrt(|g|^2 + eps) / dg = g / sqrt(...) = 0, not 0/0 = NaN.
    x = keras.Input((2,))
    layer = keras.layers.Dense(1, kernel_initializer="zeros")
    critic = keras.Model(x, layer(x))
    with tf.GradientTape() as tape:
        penalty = losses.gradient_penalty(critic, tf.ones((4, 2)), tf.zeros((4, 2)), seed=0)
    np.testing.assert_allclose(float(penalty), (1e-6 - 1.0) ** 2, rtol=1e-6)
    grads = tape.gradient(penalty, critic.trainable_variables)
    assert all(g is None or np.all(np.isfinite(np.asarray(g))) for g in grads)


def test_gradient_penalty_rank_mismatch():
    with pytest.raises(ValueError, match="same rank"):
        losses.gradient_penalty(quadratic_critic, tf.zeros((2, 2)), tf.zeros((2, 2, 1)))


def test_perturbed_penalty_linear_critic():
    critic = linear_critic()
    penalty = losses.perturbed_gradient_penalty(critic, tf.random.normal((16, 2)), seed=0)
    np.testing.assert_allclose(float(penalty), 16.0, rtol=1e-6)


def test_perturbed_penalty_constant_batch_is_not_perturbed():
    # std(x) = 0, so x_hat = x = 3: (|3| - 1)^2 = 4 exactly.
    real = 3.0 * tf.ones((8, 1))
    penalty = losses.perturbed_gradient_penalty(quadratic_critic, real, seed=0)
    np.testing.assert_allclose(float(penalty), 4.0, rtol=1e-6)


def test_perturbed_penalty_neighbourhood_size():
    # real = +-1 (half each): std = 1, x_hat = x + a * 0.5 * u with a, u ~ U[0, 1).
    # |x_hat| - 1 = +-0.5 a u, so E = 0.25 E[a^2] E[u^2] = 0.25 / 9 = 1/36.
    real = tf.constant(np.repeat([[1.0], [-1.0]], 10_000, axis=0), tf.float32)
    penalty = losses.perturbed_gradient_penalty(quadratic_critic, real, seed=3, scale=0.5)
    assert float(penalty) == pytest.approx(1 / 36, abs=0.002)
    # scale = 1 doubles the offset: E = 1 / 9.
    penalty = losses.perturbed_gradient_penalty(quadratic_critic, real, seed=3, scale=1.0)
    assert float(penalty) == pytest.approx(1 / 9, abs=0.008)


def test_perturbed_penalty_int_seed_reproducible():
    real = tf.constant(np.repeat([[1.0], [-1.0]], 100, axis=0), tf.float32)
    a = losses.perturbed_gradient_penalty(quadratic_critic, real, seed=5)
    b = losses.perturbed_gradient_penalty(quadratic_critic, real, seed=5)
    assert float(a) == float(b)
