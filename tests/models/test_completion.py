
import keras
import numpy as np
import pytest
import tensorflow as tf

from keras_gans import metrics
from keras_gans import models
from keras_gans import networks
from keras_gans.data import masks as mk
from keras_gans.models.completion import crop_windows
from keras_gans.models.completion import hole_windows


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


def test_completion_rejects_bad_arguments(digits):
    with pytest.raises(ValueError, match="stage"):
        tiny_completion(stage="joint")
    with pytest.raises(ValueError, match="local window"):
        models.ImageCompletion(networks.completion_network(channels=1, filters=4), networks.srgan_discriminator(channels=1))
    model = tiny_completion()
    with pytest.raises(ValueError, match="masks"):
        model.complete(digits[:2], np.zeros((2, 28, 28, 3), "float32"))
    # A translator has no z: generate() is translate(), from images and their masks.
    masks = np.zeros((2, 28, 28, 1), "float32")
    masks[:, 8:16, 8:16] = 1.0
    np.testing.assert_array_equal(model.generate(digits[:2], masks), model.complete(digits[:2], masks))


def test_hole_holds_the_fill_value_at_the_input():
    # The paper fills the hole with the training data's mean pixel value before the network sees it.
    net = networks.completion_network(channels=2, filters=4, dilations=(2,), fill_value=(-0.5, 0.25))
    probe = keras.Model(net.inputs, net.get_layer("filled_image").output)
    images = np.random.default_rng(0).uniform(-1, 1, (1, 8, 8, 2)).astype("float32")
    masks = np.zeros((1, 8, 8, 1), "float32")
    masks[0, 2:5, 3:6] = 1.0
    filled = np.array(probe([images, masks]))
    np.testing.assert_allclose(filled[0, 2:5, 3:6], np.broadcast_to([-0.5, 0.25], (3, 3, 2)))
    np.testing.assert_allclose(filled[masks[..., 0] == 0], images[masks[..., 0] == 0])


def test_discriminator_stage_trains_only_the_discriminator(digits):
    # Phase 2 of the paper: D learns against the fixed pre-trained network.
    keras.utils.set_random_seed(1)
    model = tiny_completion(stage="discriminator")
    model.compile()
    masks = mk.random_rectangle_masks(8, 28, 28, 8, 12, seed=3)
    g_before = [np.array(w) for w in model.generator.weights]  # BatchNorm statistics included
    d_before = [np.array(w) for w in model.discriminator.trainable_weights]
    logs = model.train_on_batch(digits[:8], masks, return_dict=True)
    for before, after in zip(g_before, model.generator.weights, strict=True):
        np.testing.assert_array_equal(before, np.array(after))
    assert any(np.abs(b - np.array(a)).max() > 0 for b, a in zip(d_before, model.discriminator.trainable_weights, strict=True))
    assert logs["d_loss"] > 0 and logs["reconstruction_loss"] > 0


def test_recipe_fills_holes_with_its_training_data_mean():
    from keras_gans.data import task_streams
    from keras_gans.recipes import get_recipe

    mean = float(task_streams.masked_images("mnist_5k").mean())
    assert get_recipe("completion_digits").hparams["fill_value"] == pytest.approx(mean, abs=5e-4)
