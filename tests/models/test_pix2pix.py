
import numpy as np
import pytest
import tensorflow as tf

from keras_gans import models
from keras_gans import networks
from keras_gans.data.paired import edges2digits


def _model(**kwargs):
    return models.Pix2Pix(
        networks.unet_generator(1, 1, depth=3, base_filters=8, max_filters=32),
        networks.patchgan_discriminator(1, 1, num_downsampling=1, base_filters=8),
        **kwargs,
    )


@pytest.fixture(scope="module")
def digits():
    edges, targets, _ = edges2digits()
    return edges[:1024], targets[:1024], edges[4800:], targets[4800:]


@pytest.fixture(scope="module")
def trained(digits):
    import keras

    keras.utils.set_random_seed(0)
    edges, targets, test_edges, test_targets = digits
    model = _model(seed=0)
    # A faster G learning rate than the published 2e-4 keeps the test short.
    model.compile(g_optimizer=keras.optimizers.Adam(1e-3, beta_1=0.5))
    before = float(np.mean(np.abs(model.generate(test_edges) - test_targets)))
    ds = tf.data.Dataset.from_tensor_slices((edges, targets)).shuffle(1024, seed=0).repeat().batch(16)
    history = model.fit(ds, epochs=1, steps_per_epoch=150, verbose=0)
    after = float(np.mean(np.abs(model.generate(test_edges) - test_targets)))
    return model, before, after, history


@pytest.mark.slow
def test_pix2pix_learns_edges2digits(trained, digits):
    # Held-out digits: the L1 distance of G(edges) to the true digit falls from
    # the untrained net's (~0.9: grey everywhere) and beats drawing no digit at
    # all (an all-background image, L1 ~0.19) by half: the strokes are drawn.
    model, before, after, history = trained
    background = float(np.mean(np.abs(-1.0 - digits[3])))
    assert after < 0.3 * before, (before, after)
    assert after < 0.5 * background, (after, background)
    assert set(history.history) == {"d_loss", "g_loss", "gan_loss", "l1_loss"}


def test_generate_noise_is_dropout(trained, digits):
    model = trained[0]
    x = digits[2][:4]
    np.testing.assert_array_equal(model.generate(x), model.generate(x))
    assert np.abs(model.generate(x, noise=True) - model.generate(x, noise=True)).max() > 1e-6


def test_bad_inputs():
    model = _model()
    with pytest.raises(ValueError, match="multiples of 8"):
        model.generate(np.zeros((1, 28, 28, 1), "float32"))
    with pytest.raises(ValueError, match="must have 1 channel"):
        model.generate(np.zeros((1, 32, 32, 3), "float32"))
    with pytest.raises(ValueError, match="scaled to \\[-1, 1\\]"):
        model.generate(np.full((1, 32, 32, 1), 255.0, "float32"))
    with pytest.raises(ValueError, match="not both 0"):
        _model(l1_weight=0.0, gan_weight=0.0)
    with pytest.raises(ValueError, match="two inputs"):
        models.Pix2Pix(networks.unet_generator(1, 1, depth=3), networks.patchgan_discriminator(1))
    model.compile()
    with pytest.raises(ValueError, match="trains on `\\(input_images, target_images\\)` batches\\. Received batches of input_images only"):
        model.fit(tf.data.Dataset.from_tensor_slices(np.zeros((4, 32, 32, 1), "float32")).batch(2), verbose=0)
