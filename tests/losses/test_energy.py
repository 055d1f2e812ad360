"""EBGAN losses on numbers worked out by hand."""

import numpy as np
import pytest
import tensorflow as tf

from keras_gans import losses

# x = [[0, 0], [1, 1]], reconstructions [[1, 1], [1, 3]]:
# squared errors [[1, 1], [0, 4]] -> per-example means [1, 2].
X = np.array([[0.0, 0.0], [1.0, 1.0]], "float32")
RECON = np.array([[1.0, 1.0], [1.0, 3.0]], "float32")


def test_reconstruction_energy_per_example():
    np.testing.assert_allclose(losses.reconstruction_energy(X, RECON).numpy(), [1.0, 2.0])


def test_reconstruction_energy_images():
    # (2, 2, 2, 1) images: every pixel off by 0.5 in the first, by 1 in the second.
    x = np.zeros((2, 2, 2, 1), "float32")
    recon = np.stack([np.full((2, 2, 1), 0.5), np.ones((2, 2, 1))]).astype("float32")
    np.testing.assert_allclose(losses.reconstruction_energy(x, recon).numpy(), [0.25, 1.0])


def test_energy_discriminator_loss_margin():
    # real energies [1, 2] -> mean 1.5; fake energies [1, 2] with m = 1.5:
    # relu(1.5 - 1) = 0.5, relu(1.5 - 2) = 0 -> mean 0.25; total 1.75.
    energy = np.array([1.0, 2.0], "float32")
    np.testing.assert_allclose(float(losses.energy_discriminator_loss(energy, energy, 1.5)), 1.75)
    # Fakes above the margin contribute nothing: m = 0.5 -> 1.5 + 0.
    np.testing.assert_allclose(float(losses.energy_discriminator_loss(energy, energy, 0.5)), 1.5)


def test_energy_generator_loss():
    np.testing.assert_allclose(float(losses.energy_generator_loss([1.0, 2.0])), 1.5)


def test_pulling_away_term():
    # Codes (1, 0), (0, 1), (1, 1): cosines 0, 1/sqrt2, 1/sqrt2 -> squares 0, 1/2, 1/2.
    # Ordered pairs i != j: 2 * (0 + 1/2 + 1/2) = 2, over N (N - 1) = 6 -> 1/3.
    codes = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]], "float32")
    np.testing.assert_allclose(float(losses.pulling_away_term(codes)), 1.0 / 3.0, rtol=1e-6)
    # Parallel codes: every cosine 1 -> PT = 1; orthogonal codes -> 0.
    np.testing.assert_allclose(float(losses.pulling_away_term([[1.0, 2.0], [2.0, 4.0]])), 1.0, rtol=1e-6)
    np.testing.assert_allclose(float(losses.pulling_away_term(np.eye(4, dtype="float32"))), 0.0, atol=1e-7)


def test_pulling_away_term_gradient_spreads_codes():
    codes = tf.Variable([[1.0, 0.1], [1.0, -0.1]])
    with tf.GradientTape() as tape:
        pt = losses.pulling_away_term(codes)
    step = codes - 0.1 * tape.gradient(pt, codes)
    assert float(losses.pulling_away_term(step)) < float(pt)


def test_energy_bad_inputs():
    with pytest.raises(ValueError, match="`margin` must be positive"):
        losses.energy_discriminator_loss([1.0], [1.0], margin=0.0)
    with pytest.raises(ValueError, match="same rank"):
        losses.reconstruction_energy(np.zeros((2, 2)), np.zeros((2, 2, 1)))
    with pytest.raises(tf.errors.InvalidArgumentError):
        losses.pulling_away_term(np.ones((1, 3), "float32"))
