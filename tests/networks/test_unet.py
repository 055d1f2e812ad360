import keras
import numpy as np
import pytest

from keras_gans import networks


@pytest.mark.parametrize("depth,size", [(3, (32, 32)), (3, (16, 24)), (5, (32, 64))])
def test_unet_keeps_the_image_size_for_multiples_of_its_stride(depth, size):
    g = networks.unet_generator(1, 3, depth=depth, base_filters=4)
    y = keras.ops.convert_to_numpy(g(np.zeros((2, *size, 1), "float32")))
    assert y.shape == (2, *size, 3)
    assert np.all(np.abs(y) <= 1.0)  # tanh output
    assert networks.spatial_multiple(g) == 2**depth


def test_unet_has_a_skip_per_level_and_dropout_on_the_first_decoder_blocks():
    g = networks.unet_generator(1, 1, depth=5, base_filters=4, num_dropout_layers=3)
    skips = [layer for layer in g.layers if isinstance(layer, keras.layers.Concatenate)]
    dropouts = [layer.name for layer in g.layers if isinstance(layer, keras.layers.Dropout)]
    assert len(skips) == 4  # every level but the bottleneck
    assert dropouts == ["up3_dropout", "up2_dropout", "up1_dropout"]  # next to the bottleneck


def test_unet_dropout_is_the_noise_source():
    g = networks.unet_generator(1, 1, depth=3, base_filters=4)
    x = np.random.default_rng(0).uniform(-1, 1, (1, 16, 16, 1)).astype("float32")
    eval_a, eval_b = (keras.ops.convert_to_numpy(g(x, training=False)) for _ in range(2))
    noisy_a, noisy_b = (keras.ops.convert_to_numpy(g(x, training=True)) for _ in range(2))
    np.testing.assert_array_equal(eval_a, eval_b)
    assert np.abs(noisy_a - noisy_b).max() > 1e-6


def test_unet_filters_are_capped():
    g = networks.unet_generator(1, 1, depth=5, base_filters=8, max_filters=16)
    assert max(layer.filters for layer in g.layers if isinstance(layer, keras.layers.Conv2D)) == 16


@pytest.mark.parametrize(
    "kwargs,match",
    [
        (dict(depth=0), "`depth` must be positive"),
        (dict(norm="layer"), "`norm` must be one of"),
        (dict(image_size=(28, 28), depth=3), "multiple of 2\\*\\*depth = 8"),
        (dict(dropout=1.0), "`dropout` must be in"),
    ],
)
def test_unet_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        networks.unet_generator(1, 1, **kwargs)
