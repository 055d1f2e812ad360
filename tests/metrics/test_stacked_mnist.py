"""Stacked-MNIST data and its mode statistics."""

import numpy as np
import pytest

from keras_gans.data import stacked_mnist
from keras_gans.metrics.stacked_mnist import mode_histogram_statistics
from keras_gans.metrics.stacked_mnist import stacked_mnist_modes
from keras_gans.metrics.stacked_mnist import stacked_mnist_statistics


def _digits():
    # Ten synthetic "digits": image i is constant i/10 - 0.5, so a channel's digit is recoverable.
    images = np.stack([np.full((28, 28, 1), i / 10 - 0.5, "float32") for i in range(10)])
    return images, np.arange(10, dtype="int32")


def _oracle(x):
    digits = np.round((x[:, 0, 0, 0] + 0.5) * 10).astype(int)
    return np.eye(10)[digits]


def test_stacked_images_carry_their_mode_labels():
    images, modes = stacked_mnist(300, seed=0, digits=_digits())
    assert images.shape == (300, 28, 28, 3) and images.dtype == np.float32
    np.testing.assert_array_equal(stacked_mnist_modes(images, classifier=_oracle), modes)
    again, _ = stacked_mnist(300, seed=0, digits=_digits())
    np.testing.assert_array_equal(images, again)


def test_histogram_statistics_closed_forms():
    uniform = mode_histogram_statistics(np.arange(1000), 1000)
    assert uniform["modes"] == 1000 and uniform["kl"] == pytest.approx(0.0, abs=1e-12)
    single = mode_histogram_statistics(np.full(26000, 7), 1000)
    assert single["modes"] == 1 and single["kl"] == pytest.approx(np.log(1000))
    # Two modes, equal mass: KL = log(1000 / 2).
    assert mode_histogram_statistics(np.array([1, 2] * 5), 1000)["kl"] == pytest.approx(np.log(500))


def test_statistics_with_the_shipped_classifier_on_real_stacks(mnist5k):
    images, modes = stacked_mnist(400, seed=1, digits=mnist5k)
    predicted = stacked_mnist_modes(images)
    # Three digits each right ~97.8% of the time: the 3-digit label is right ~93%.
    assert (predicted == modes).mean() > 0.85
    stats = stacked_mnist_statistics(images)
    assert stats["num_samples"] == 400 and stats["counts"].sum() == 400
    assert stats["modes"] == len(np.unique(predicted))


def test_bad_inputs():
    with pytest.raises(ValueError, match="num_examples"):
        stacked_mnist(0)
    with pytest.raises(ValueError, match=r"\(N, 28, 28, 3\)"):
        stacked_mnist_statistics(np.zeros((2, 28, 28, 1)))
    with pytest.raises(ValueError, match=r"\[0, 1000\)"):
        mode_histogram_statistics(np.array([1000]), 1000)


def test_registered_as_a_dataset_name():
    from keras_gans.data import NAMES
    from keras_gans.data.loader import BUILTIN_IMAGES

    assert "stacked_mnist" in NAMES
    images, modes = BUILTIN_IMAGES["stacked_mnist"]()
    assert images.shape == (25_600, 28, 28, 3) and modes.max() < 1000
