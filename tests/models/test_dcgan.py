"""DCGAN on the 5,000 real MNIST digits: samples become digits a classifier recognises."""

import keras
import numpy as np
import pytest

import keras_gans as kg
from keras_gans import testing
from keras_gans.metrics.mnist_classifier import classify_digits


def sample_quality(gan):
    probabilities = classify_digits(gan.generate(1000, seed=1))
    predicted = probabilities.argmax(axis=1)
    return {
        "confidence": float(probabilities.max(axis=1).mean()),
        "classes": int(len(np.unique(predicted))),
        "largest_class": float(np.bincount(predicted, minlength=10).max() / len(predicted)),
    }


@pytest.fixture(scope="module")
def trained_dcgan():
    keras.utils.set_random_seed(0)
    # The DCGAN architecture at half width (base_filters=32) keeps the test short.
    g = kg.networks.dcgan_generator((28, 28, 1), latent_dim=64, base_filters=32)
    d = kg.networks.dcgan_discriminator((28, 28, 1), base_filters=32)
    gan = kg.models.DCGAN((28, 28, 1), latent_dim=64, generator=g, discriminator=d, seed=0)
    gan.compile()
    before = sample_quality(gan)
    ds = kg.data.load("mnist_5k", batch_size=64, seed=0, repeat=True)
    gan.fit(ds, epochs=1, steps_per_epoch=400, verbose=0)
    return gan, before, sample_quality(gan)


@pytest.mark.slow
def test_dcgan_samples_become_recognisable_digits(trained_dcgan):
    _, before, after = trained_dcgan
    # Untrained: blurry noise, low confidence, one class takes every sample.
    # Thresholds keep a margin over what this recipe measured with seeds 0, 1, 2
    # under oneDNN on and off (6 runs, 2026-11-28, Xeon with AMX): confidence
    # 0.694-0.708 (gain 0.28-0.31), 10 classes, largest class 0.255-0.302. The
    # old bound (largest < 0.3) sat on seed 0's trajectory: 0.302 on, 0.299 off.
    assert after["confidence"] > before["confidence"] + 0.2, (before, after)
    assert after["confidence"] > 0.6, after
    assert after["classes"] >= 9, after
    assert after["largest_class"] < 0.4, after


def test_generate_shape_range_and_seed(trained_dcgan):
    gan = trained_dcgan[0]
    images = gan.generate(16, seed=0)
    assert images.shape == (16, 28, 28, 1) and images.dtype == np.float32
    assert images.min() >= -1.0 and images.max() <= 1.0
    np.testing.assert_array_equal(images, gan.generate(16, seed=0))


def test_default_compile_uses_published_adam():
    gan = kg.models.DCGAN((28, 28, 1), latent_dim=8)
    gan.compile()
    for optimizer in (gan.g_optimizer, gan.d_optimizer):
        assert isinstance(optimizer, keras.optimizers.Adam)
        np.testing.assert_allclose(float(optimizer.learning_rate), 2e-4)
        np.testing.assert_allclose(float(optimizer.beta_1), 0.5)


@pytest.mark.parametrize("shape", [(32, 32, 3), (64, 64, 3)])
def test_other_sizes_train_a_step(shape):
    g = kg.networks.dcgan_generator(shape, latent_dim=8, base_filters=8)
    d = kg.networks.dcgan_discriminator(shape, base_filters=8)
    gan = kg.models.DCGAN(shape, latent_dim=8, generator=g, discriminator=d)
    gan.compile()
    images = np.random.default_rng(0).uniform(-1, 1, size=(8, *shape)).astype("float32")
    testing.fit_and_assert_weights_changed(gan, kg.data.to_dataset(images, batch_size=4))
