import keras
import numpy as np
import pytest
import tensorflow as tf

from keras_gans import models
from keras_gans import networks
from keras_gans.callbacks import AdaptiveAugmentation
from keras_gans.layers import DiffAugment
from keras_gans.layers.diff_augment import adjust_color
from keras_gans.layers.diff_augment import cut_out
from keras_gans.layers.diff_augment import translate


def _np(x):
    return np.asarray(x)


def test_color_ops_by_hand():
    # One 1x1 image with channels (0.2, 0.4, 0.9). Brightness 0.7 adds 0.2 -> (0.4, 0.6, 1.1),
    # channel mean 0.7; saturation 0.25 scales by 0.5 -> (0.55, 0.65, 0.9); contrast with one pixel:
    # the image mean is the channel mean of that pixel, 0.7, so contrast 1.0 (x1.5) gives
    # 0.7 + 1.5 * (-0.15, -0.05, 0.2) = (0.475, 0.625, 1.0).
    x = tf.constant([[[[0.2, 0.4, 0.9]]]])
    f = lambda v: tf.constant(v, shape=(1, 1, 1, 1))  # noqa: E731
    np.testing.assert_allclose(_np(adjust_color(x, f(0.7), f(0.25), f(1.0))), [[[[0.475, 0.625, 1.0]]]], atol=1e-6)


def test_translation_moves_pixels_and_zero_fills():
    x = tf.reshape(tf.range(1, 10, dtype=tf.float32), (1, 3, 3, 1))  # rows 1 2 3 / 4 5 6 / 7 8 9
    out = _np(translate(x, tf.constant([1]), tf.constant([-1])))[0, :, :, 0]
    # Down one row, left one column: output (r, c) = input (r - 1, c + 1).
    np.testing.assert_array_equal(out, [[0, 0, 0], [2, 3, 0], [5, 6, 0]])


def test_cutout_zeroes_the_rectangle_only():
    x = tf.ones((2, 4, 4, 1))
    out = _np(cut_out(x, tf.constant([1, 4]), tf.constant([1, 0]), 2, 2))[..., 0]
    expected0 = np.ones((4, 4))
    expected0[0:2, 0:2] = 0  # centre (1, 1), size 2: rows 0-1, cols 0-1
    expected1 = np.ones((4, 4))
    expected1[3:4, 0:1] = 0  # centre (4, 0): rows 3-4, cols -1-0, clipped to the image
    np.testing.assert_array_equal(out, [expected0, expected1])


def test_identity_outside_training_and_at_probability_zero():
    x = np.random.default_rng(0).uniform(-1, 1, (4, 8, 8, 3)).astype("float32")
    layer = DiffAugment(seed=1)
    np.testing.assert_array_equal(_np(layer(x)), x)
    np.testing.assert_array_equal(_np(DiffAugment(probability=0.0, seed=1)(x, training=True)), x)
    augmented = _np(layer(x, training=True))
    assert augmented.shape == x.shape and np.abs(augmented - x).max() > 0.1


def test_gradient_reaches_the_input():
    # DiffAugment's point: G is trained through the augmentation.
    x = tf.Variable(np.random.default_rng(0).uniform(-1, 1, (2, 8, 8, 1)).astype("float32"))
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(DiffAugment(seed=0)(x, training=True) ** 2)
    grad = _np(tape.gradient(y, x))
    assert np.isfinite(grad).all() and np.abs(grad).sum() > 0


def test_bad_arguments():
    with pytest.raises(ValueError, match="policy"):
        DiffAugment("color,flip")
    with pytest.raises(ValueError, match="probability"):
        DiffAugment(probability=1.5)
    with pytest.raises(ValueError, match="cutout_ratio"):
        DiffAugment(cutout_ratio=0.0)
    with pytest.raises(ValueError, match="expects images"):
        DiffAugment()(np.zeros((2, 3), "float32"))


def _augmented_dcgan(augment):
    shape = (8, 8, 1)
    g = keras.Sequential([keras.Input((4,)), keras.layers.Dense(64, activation="tanh"), keras.layers.Reshape(shape)])
    body = keras.Sequential([keras.Input(shape), keras.layers.Flatten(), keras.layers.Dense(1)], name="body")
    return models.GAN(g, networks.augmented_discriminator(body, augment), seed=0)


def test_every_objective_trains_saves_and_resumes_with_it(tmp_path):
    model = _augmented_dcgan(DiffAugment(probability=0.5, seed=3))
    model.compile()
    images = np.random.default_rng(0).uniform(-1, 1, (32, 8, 8, 1)).astype("float32")
    model.fit(images, batch_size=16, epochs=1, verbose=0)
    augment = model.discriminator.get_layer(index=1)
    augment.probability.assign(0.3)
    path = str(tmp_path / "m.keras")
    model.save(path)
    loaded = keras.models.load_model(path)
    assert float(loaded.discriminator.get_layer(index=1).probability.numpy()) == pytest.approx(0.3)
    np.testing.assert_allclose(_np(loaded.discriminator(images[:4])), _np(model.discriminator(images[:4])), atol=1e-6)


def test_adaptive_probability_follows_the_overfitting_signal():
    images = np.random.default_rng(0).uniform(-1, 1, (64, 8, 8, 1)).astype("float32")
    for bias, direction in ((5.0, 1), (-5.0, -1)):
        augment = DiffAugment(probability=0.5, seed=0)
        model = _augmented_dcgan(augment)
        body = model.discriminator.get_layer("body")
        body.layers[-1].kernel.assign(np.zeros_like(body.layers[-1].kernel))
        body.layers[-1].bias.assign([bias])  # D says "real" (r_t = 1) or "fake" (r_t = -1) to everything
        ada = AdaptiveAugmentation(augment, images, batch_size=16, interval=2, adjustment_images=320)
        ada.set_model(model)
        for batch in range(6):
            ada.on_train_batch_end(batch)
        # Three adjustments of 16 * 2 / 320 = 0.1 each, towards more augmentation when D is sure.
        assert [round(p, 6) for _, _, p in ada.history] == pytest.approx([0.5 + direction * 0.1 * k for k in (1, 2, 3)])
        assert all(r == direction for _, r, _ in ada.history)
