"""StopOnDivergence: the first NaN loss aborts fit before any epoch-end save."""

import keras
import numpy as np
import pytest
import tensorflow as tf

from keras_gans import networks
from keras_gans.callbacks import ResumableCheckpoint
from keras_gans.callbacks import StopOnDivergence
from keras_gans.callbacks import TrainingDivergedError
from keras_gans.models import GAN


def test_nan_batch_stops_at_its_step_and_nothing_is_saved(tmp_path):
    points = np.random.default_rng(0).normal(size=(80, 2)).astype("float32")
    points[32:48] = np.nan  # the third batch of 16
    model = GAN(networks.mlp_generator(2, 4), networks.mlp_discriminator(2), seed=0)
    model.compile()
    with pytest.raises(TrainingDivergedError, match=r"at epoch 1, step 3 \(global step 3\): d_loss=nan"):
        model.fit(
            tf.data.Dataset.from_tensor_slices(points).batch(16), epochs=2, verbose=0,
            callbacks=[StopOnDivergence(steps_per_epoch=5), ResumableCheckpoint(str(tmp_path))],
        )
    assert int(model.d_optimizer.iterations.numpy()) == 3  # stopped right there
    assert list(tmp_path.iterdir()) == []  # the epoch never ended: no checkpoint


def test_finite_training_is_not_stopped():
    points = np.random.default_rng(0).normal(size=(32, 2)).astype("float32")
    model = GAN(networks.mlp_generator(2, 4), networks.mlp_discriminator(2), seed=0)
    model.compile()
    history = model.fit(points, batch_size=16, epochs=2, verbose=0, callbacks=[StopOnDivergence()])
    assert len(history.history["d_loss"]) == 2


class _FiniteOutputNanGradient(keras.layers.Layer):
    """Adds sqrt(w - w) = 0: a finite output whose gradient for ``w`` is inf * 0 = NaN."""

    def build(self, input_shape):
        self.w = self.add_weight(shape=(), initializer="ones")

    def call(self, x):
        return x + tf.sqrt(self.w - self.w)


def test_nan_gradient_behind_a_finite_loss_stops_at_its_step():
    # Whatever a kernel does with NaN (oneDNN's ReLU maps it to 0), the
    # gradients are what reach the weights: the step that applies a
    # non-finite one reports NaN losses and is stopped there.
    points = np.random.default_rng(0).normal(size=(64, 2)).astype("float32")
    inputs = keras.Input((2,))
    discriminator = keras.Model(inputs, networks.mlp_discriminator(2)(_FiniteOutputNanGradient()(inputs)))
    model = GAN(networks.mlp_generator(2, 4), discriminator, seed=0)
    model.compile()
    with pytest.raises(TrainingDivergedError, match=r"at epoch 1, step 1 \(global step 1\): d_loss=nan, g_loss=nan"):
        model.fit(tf.data.Dataset.from_tensor_slices(points).batch(16), epochs=1, verbose=0,
                  callbacks=[StopOnDivergence(steps_per_epoch=4)])
    assert int(model.d_optimizer.iterations.numpy()) == 1


def test_the_check_can_be_switched_off():
    points = np.random.default_rng(0).normal(size=(64, 2)).astype("float32")
    inputs = keras.Input((2,))
    discriminator = keras.Model(inputs, networks.mlp_discriminator(2)(_FiniteOutputNanGradient()(inputs)))
    model = GAN(networks.mlp_generator(2, 4), discriminator, seed=0)
    model.check_finite_gradients = False
    model.compile()
    history = model.fit(tf.data.Dataset.from_tensor_slices(points).batch(16), epochs=1, verbose=0,
                        callbacks=[StopOnDivergence(steps_per_epoch=4)])
    assert np.isfinite(history.history["d_loss"][0])  # the loss alone never shows it
