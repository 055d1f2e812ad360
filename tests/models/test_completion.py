import os

import keras
import numpy as np
import pytest
import tensorflow as tf

from keras_gans import metrics
from keras_gans import models
from keras_gans import networks
from keras_gans.data import masks as mk
from keras_gans.export import run_tflite
from keras_gans.models.completion import crop_windows
from keras_gans.models.completion import hole_windows
from keras_gans.testing import assert_export_parity
from keras_gans.testing import assert_keras_roundtrip
from keras_gans.testing import fit_and_assert_weights_changed
from keras_gans.testing import saved_model_cli_run


def tiny_completion(**kwargs):
    return models.ImageCompletion(
        networks.completion_network(channels=1, filters=8, dilations=(2, 4)),
        networks.completion_discriminator((28, 28, 1), local_size=14, filters=8),
        **kwargs,
    )


@pytest.fixture(scope="module")
def digits():
    return mk.load_completion("mnist_5k", num=640)[0]


@pytest.fixture(scope="module")
def trained(digits):
    keras.utils.set_random_seed(0)
    held = digits[512:]
    masks = mk.random_rectangle_masks(len(held), 28, 28, 8, 12, seed=7)
    model = tiny_completion()
    model.compile()
    before = metrics.hole_psnr(held, model.complete(held, masks), masks).mean()
    model.fit(mk.completion_dataset(digits[:512], batch_size=32, min_size=8, max_size=12), epochs=1, steps_per_epoch=150, verbose=0)
    after = metrics.hole_psnr(held, model.complete(held, masks), masks).mean()
    mean_fill = metrics.hole_psnr(held, held * (1 - masks) + digits[:512].mean() * masks, masks).mean()
    return model, before, after, mean_fill


@pytest.mark.slow
def test_reconstruction_stage_fills_holes_better(trained):
    _, before, after, mean_fill = trained
    print(f"hole PSNR: untrained {before:.2f} dB, trained {after:.2f} dB, mean fill {mean_fill:.2f} dB")
    assert after > before + 3.0
    assert after > mean_fill


def test_hole_windows_centre_on_the_hole_and_clamp():
    masks = np.zeros((2, 28, 28, 1), "float32")
    masks[0, 10:16, 4:8] = 1  # centre row 13, col 6 -> top 13 - 7 = 6, left 6 - 7 -> clamped 0
    masks[1, 20:28, 22:28] = 1  # centre 24, 25 -> 17, 18 -> clamped to 28 - 14 = 14
    corners = hole_windows(masks, 14).numpy()
    np.testing.assert_array_equal(corners, [[6, 0], [14, 14]])
    images = np.arange(2 * 28 * 28, dtype="float32").reshape(2, 28, 28, 1)
    crops = crop_windows(tf.constant(images), tf.constant(corners), 14).numpy()
    np.testing.assert_array_equal(crops[0], images[0, 6:20, 0:14])
    np.testing.assert_array_equal(crops[1], images[1, 14:28, 14:28])


def test_adversarial_stage_trains_both_networks(digits):
    model = tiny_completion(stage="adversarial")
    model.compile()
    history = fit_and_assert_weights_changed(model, mk.completion_dataset(digits[:64], batch_size=8, min_size=6, max_size=10), steps=2)
    assert history.history["d_loss"][-1] > 0


def test_completion_keras_roundtrip(digits, tmp_path):
    model = tiny_completion(stage="adversarial", adversarial_weight=1e-3)
    model.compile()
    masks = mk.random_rectangle_masks(4, 28, 28, 6, 10)
    loaded = assert_keras_roundtrip(model, str(tmp_path / "completion.keras"), inputs=[digits[:4], masks])
    assert loaded.stage == "adversarial" and loaded.local_size == 14


def test_completion_export_parity_on_two_input_sizes(trained, digits, tmp_path):
    model = trained[0]
    first = {"image": digits[:3], "mask": mk.random_rectangle_masks(3, 28, 28, 6, 10, seed=1)}
    version = assert_export_parity(model, str(tmp_path / "export"), first)
    rng = np.random.default_rng(0)
    other = {"image": rng.uniform(-1, 1, (2, 16, 36, 1)).astype("float32"), "mask": mk.random_rectangle_masks(2, 16, 36, 4, 8, seed=2)}
    expected = model.complete(other["image"], other["mask"])
    got_tf = tf.saved_model.load(version).signatures["serving_default"](**{k: tf.constant(v) for k, v in other.items()})["image"].numpy()
    got_lite = run_tflite(os.path.join(version, "model.tflite"), other)["image"]
    # the second size also through saved_model_cli (TF1 session loading, as TF Serving): one subprocess
    got_cli = saved_model_cli_run(version, other, outdir=str(tmp_path / "cli_other"))["image"]
    np.testing.assert_allclose(got_tf, expected, atol=1e-5)
    np.testing.assert_allclose(got_lite, expected, atol=1e-5)
    np.testing.assert_allclose(got_cli, expected, atol=1e-5)


def test_completion_rejects_bad_arguments(digits):
    with pytest.raises(ValueError, match="stage"):
        tiny_completion(stage="joint")
    with pytest.raises(ValueError, match="local window"):
        models.ImageCompletion(networks.completion_network(channels=1, filters=4), networks.srgan_discriminator(channels=1))
    model = tiny_completion()
    with pytest.raises(ValueError, match="masks"):
        model.complete(digits[:2], np.zeros((2, 28, 28, 3), "float32"))
    with pytest.raises(ValueError, match="no latent"):
        model.generate(2)
