"""The shipped MNIST classifier: held-out accuracy, determinism, shapes, errors."""

import numpy as np
import pytest

from keras_gans.metrics import mnist_classifier
from keras_gans.metrics.train_mnist_classifier import shift_digits


@pytest.fixture(scope="module")
def mnist(mnist5k):
    return mnist5k


@pytest.fixture(scope="module")
def heldout(mnist):
    images, labels = mnist
    _, held = mnist_classifier.holdout_split(labels, num_holdout=500, seed=0)
    return images[held], labels[held]


def test_holdout_split_is_stratified_and_disjoint(mnist):
    labels = mnist[1]
    train, held = mnist_classifier.holdout_split(labels, num_holdout=500, seed=0)
    assert len(held) == 500 and len(train) == 4500
    assert not set(train) & set(held)
    np.testing.assert_array_equal(np.bincount(labels[held], minlength=10), [50] * 10)


def test_heldout_accuracy_above_095(heldout):
    images, labels = heldout
    probabilities = mnist_classifier.classify_digits(images)
    assert probabilities.shape == (500, 10)
    np.testing.assert_allclose(probabilities.sum(1), 1.0, atol=1e-5)
    accuracy = (probabilities.argmax(1) == labels).mean()
    assert accuracy > 0.95, accuracy


def test_robust_to_small_shifts(heldout):
    images, labels = heldout
    shifted = shift_digits(images, np.random.default_rng(7))
    accuracy = (mnist_classifier.classify_digits(shifted).argmax(1) == labels).mean()
    assert accuracy > 0.93, accuracy


def test_deterministic_output_and_reload(heldout, tmp_path):
    images = heldout[0][:64]
    first = mnist_classifier.classify_digits(images)
    second = mnist_classifier.classify_digits(images, batch_size=7)
    np.testing.assert_allclose(first, second, atol=1e-6)
    # A second, uncached load of the same file gives the same function.
    copy = tmp_path / "copy.weights.h5"
    copy.write_bytes(open(mnist_classifier.weights_path(), "rb").read())
    third = mnist_classifier.classify_digits(images, path=str(copy))
    np.testing.assert_allclose(first, third, atol=1e-6)


def test_features_model_and_cache():
    model = mnist_classifier.load_mnist_classifier()
    assert mnist_classifier.load_mnist_classifier() is model
    features = mnist_classifier.mnist_features_model()
    assert features is mnist_classifier.load_mnist_classifier(features=True)
    x = np.zeros((3, 28, 28, 1), "float32")
    assert tuple(features(x).shape) == (3, mnist_classifier.NUM_FEATURES)
    assert mnist_classifier.digit_features(x).shape == (3, 128)


def test_weights_file_is_small():
    import os

    assert os.path.getsize(mnist_classifier.weights_path()) < 1_000_000


def test_bad_inputs():
    with pytest.raises(ValueError, match=r"\(N, 28, 28, 1\)"):
        mnist_classifier.classify_digits(np.zeros((2, 28, 28, 3)))
    with pytest.raises(ValueError, match=r"\[-1, 1\]"):
        mnist_classifier.classify_digits(np.full((2, 28, 28, 1), 255.0))
    with pytest.raises(ValueError, match="not found"):
        mnist_classifier.load_mnist_classifier(path="/nonexistent/x.weights.h5")
