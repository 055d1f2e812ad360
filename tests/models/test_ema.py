"""The moving average of the generator's weights: kept by the generator optimizer, saved and resumed with it."""

import keras
import numpy as np
import pytest

from keras_gans import models
from keras_gans import networks
from keras_gans.callbacks.checkpoint import restore
from keras_gans.callbacks.checkpoint import save_checkpoint
from keras_gans.data import toys


def _gan():
    keras.utils.set_random_seed(3)
    return models.GAN(networks.mlp_generator(2, 2, (8,)), networks.mlp_discriminator(2, (8,)), seed=0)


def _kernels(model):
    return [np.array(v) for v in model.generator_variables()]


def test_average_by_hand_and_weights_put_back():
    model = _gan()
    model.compile(ema_decay=0.5)
    batch = toys.sample_mixture("ring8", 32, seed=0)[0]
    seen = []
    for _ in range(3):
        model.train_on_batch(batch)
        seen.append(_kernels(model))
    # Keras' average after each update: a_1 = w_1, a_k = 0.5 a_{k-1} + 0.5 w_k,
    # so a_3 = 0.25 w_1 + 0.25 w_2 + 0.5 w_3.
    expected = [0.25 * a + 0.25 * b + 0.5 * c for a, b, c in zip(*seen, strict=True)]
    with model.ema_weights():
        for got, want in zip(_kernels(model), expected, strict=True):
            np.testing.assert_allclose(got, want, atol=1e-6)
        z = model.latent_vectors(4, seed=0)
        averaged = np.array(model.generator(z))
    for got, want in zip(_kernels(model), seen[-1], strict=True):
        np.testing.assert_array_equal(got, want)  # training weights are back
    assert np.abs(averaged - np.array(model.generator(z))).max() > 0


def test_resumed_from_a_checkpoint_and_a_keras_file(tmp_path):
    model = _gan()
    model.compile(ema_decay=0.9)
    model.fit(toys.sample_mixture("ring8", 64, seed=0)[0], batch_size=16, epochs=1, verbose=0)
    with model.ema_weights():
        expected = _kernels(model)
    save_checkpoint(model, str(tmp_path / "ckpt"), epoch=1)
    fresh = _gan()
    fresh.compile(ema_decay=0.9)
    restore(fresh, str(tmp_path / "ckpt"))
    path = str(tmp_path / "m.keras")
    model.save(path)
    for other in (fresh, keras.models.load_model(path)):
        with other.ema_weights():
            for got, want in zip(_kernels(other), expected, strict=True):
                np.testing.assert_allclose(got, want, atol=1e-7)


def test_without_an_average():
    model = _gan()
    model.compile()
    with pytest.raises(ValueError, match="ema_decay"):
        with model.ema_weights():
            pass
    with pytest.raises(ValueError, match="ema_decay"):
        _gan().compile(ema_decay=1.0)
