"""Interrupted training resumes at the next epoch from exactly the saved state."""

import os

import keras
import numpy as np
import pytest

import keras_gans as kg
from keras_gans.callbacks.checkpoint import restore_latest


def small_gan(seed=0):
    keras.utils.set_random_seed(seed)
    gan = kg.models.GAN(kg.networks.mlp_generator(2, 2, (16,)), kg.networks.mlp_discriminator(2, (16,)), seed=seed)
    gan.compile()
    return gan


def weights(model):
    return [np.array(v) for v in model.weights]


class Interrupt(keras.callbacks.Callback):
    """Simulates a crash in the middle of ``epoch`` (0-based)."""

    def __init__(self, epoch):
        super().__init__()
        self.epoch = epoch

    def on_train_batch_end(self, batch, logs=None):
        if self._epoch == self.epoch and batch == 2:
            raise KeyboardInterrupt("simulated kill")

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch = epoch


class RecordStart(keras.callbacks.Callback):
    def on_epoch_begin(self, epoch, logs=None):
        if not hasattr(self, "first_epoch"):
            self.first_epoch = epoch
            self.weights = weights(self.model)


def test_resume_after_interruption(tmp_path):
    directory = str(tmp_path / "ckpt")
    ds = kg.data.load("ring8", batch_size=32, seed=0, repeat=True)
    gan = small_gan()
    saved = {}

    class Keep(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            saved[epoch + 1] = weights(self.model)

    with pytest.raises(KeyboardInterrupt):
        gan.fit(ds, epochs=5, steps_per_epoch=5, verbose=0,
                callbacks=[kg.callbacks.ResumableCheckpoint(directory), Keep(), Interrupt(epoch=2)])
    assert kg.callbacks.latest_epoch(directory) == 2  # epochs 1 and 2 completed

    fresh = small_gan(seed=123)  # different init: everything must come from the checkpoint
    start = restore_latest(fresh, directory)
    assert start == 2
    recorder = RecordStart()
    history = fresh.fit(ds, epochs=5, initial_epoch=start, steps_per_epoch=5, verbose=0, callbacks=[recorder])
    assert recorder.first_epoch == 2  # 0-based: the third epoch, k + 1
    assert len(history.history["g_loss"]) == 3
    for got, want in zip(recorder.weights, saved[2], strict=True):
        np.testing.assert_array_equal(got, want)
    assert int(fresh.g_optimizer.iterations) == 25  # 2 restored epochs + 3 new, of 5 steps


def test_checkpoint_keeps_recent_files_and_restores_optimizer(tmp_path):
    directory = str(tmp_path / "c")
    gan = small_gan()
    gan.fit(kg.data.load("ring8", batch_size=32), epochs=3, steps_per_epoch=4, verbose=0,
            callbacks=[kg.callbacks.ResumableCheckpoint(directory, keep=2)])
    files = sorted(f for f in os.listdir(directory) if f.endswith(".weights.h5"))
    assert files == ["ckpt-00002.weights.h5", "ckpt-00003.weights.h5"]
    fresh = small_gan(seed=9)
    assert restore_latest(fresh, directory) == 3
    assert int(fresh.d_optimizer.iterations) == 12
    for a, b in zip(fresh.d_optimizer.variables, gan.d_optimizer.variables, strict=True):
        np.testing.assert_array_equal(np.array(a), np.array(b))


def test_no_checkpoint_means_epoch_zero(tmp_path):
    assert restore_latest(small_gan(), str(tmp_path / "none")) == 0
    with pytest.raises(ValueError, match="Received: keep=0"):
        kg.callbacks.ResumableCheckpoint(str(tmp_path), keep=0)
