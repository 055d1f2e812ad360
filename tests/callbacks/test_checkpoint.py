"""ResumableCheckpoint / restore_latest: atomic commit point, RNG state, refusal of NaN weights."""

import json
import os

import numpy as np
import pytest
import tensorflow as tf

from keras_gans import networks
from keras_gans.callbacks import ResumableCheckpoint
from keras_gans.callbacks import TrainingDivergedError
from keras_gans.callbacks.checkpoint import latest_epoch
from keras_gans.callbacks.checkpoint import restore_latest
from keras_gans.models import GAN


def _gan(seed=0):
    model = GAN(networks.mlp_generator(2, 4), networks.mlp_discriminator(2), seed=seed)
    model.compile()
    return model


def _points():
    return tf.data.Dataset.from_tensor_slices(np.random.default_rng(0).normal(size=(64, 2)).astype("float32")).batch(16)


def test_restore_brings_back_weights_optimizer_and_seed_generator_state(tmp_path):
    model = _gan(seed=11)
    model.fit(_points(), epochs=2, verbose=0, callbacks=[ResumableCheckpoint(str(tmp_path))])
    restored = _gan(seed=11)  # fresh: seed state [11, 0], fresh weights and slots
    assert restore_latest(restored, str(tmp_path)) == 2
    for a, b in zip(model.weights, restored.weights, strict=True):
        np.testing.assert_array_equal(np.asarray(a), np.asarray(b))
    assert int(restored.g_optimizer.iterations.numpy()) == 8 == int(model.g_optimizer.iterations.numpy())
    # The seed generator advanced twice a step (D and G noise): 16 draws in 8 steps.
    np.testing.assert_array_equal(np.asarray(restored.seed_generator.state), [11, 16])
    np.testing.assert_array_equal(
        np.asarray(restored.seed_generator.state), np.asarray(model.seed_generator.state)
    )
    assert sorted(os.listdir(tmp_path)) == ["checkpoint.json", "ckpt-00001.weights.h5", "ckpt-00002.weights.h5"]


def test_leftovers_of_a_killed_save_are_removed_and_never_loaded(tmp_path):
    model = _gan()
    model.fit(_points(), epochs=1, verbose=0, callbacks=[ResumableCheckpoint(str(tmp_path))])
    # What SIGKILL can leave: a half-written temporary file and a temporary JSON.
    (tmp_path / ".tmp-ckpt-00002.weights.h5").write_bytes(b"\x89HDF\r\n half")
    (tmp_path / "checkpoint.json.tmp").write_text('{"epoch": 2, "wei')
    assert restore_latest(_gan(), str(tmp_path)) == 1
    assert sorted(os.listdir(tmp_path)) == ["checkpoint.json", "ckpt-00001.weights.h5"]


def test_nan_weights_are_never_checkpointed(tmp_path):
    model = _gan()
    callback = ResumableCheckpoint(str(tmp_path))
    model.fit(_points(), epochs=1, verbose=0, callbacks=[callback])
    before = (tmp_path / "checkpoint.json").read_bytes()
    kernel = model.generator.trainable_variables[0]
    kernel.assign(np.full(kernel.shape, np.nan, "float32"))
    with pytest.raises(TrainingDivergedError, match=r"weight .* holds NaN/Inf at the end of epoch 2"):
        callback.on_epoch_end(1)
    assert (tmp_path / "checkpoint.json").read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == ["checkpoint.json", "ckpt-00001.weights.h5"]


def test_unreadable_state_is_a_clear_error(tmp_path):
    (tmp_path / "checkpoint.json").write_text("{not json")
    with pytest.raises(ValueError, match=r"checkpoint.json' is unreadable .*expected JSON with 'epoch'"):
        latest_epoch(str(tmp_path))
    (tmp_path / "checkpoint.json").write_text(json.dumps({"epoch": 3, "weights": "gone.weights.h5"}))
    with pytest.raises(ValueError, match=r"names 'gone.weights.h5', which does not exist"):
        latest_epoch(str(tmp_path))
