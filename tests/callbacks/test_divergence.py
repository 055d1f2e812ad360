"""StopOnDivergence: the first NaN loss aborts fit before any epoch-end save."""

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
