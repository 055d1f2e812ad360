import keras
import numpy as np
import pytest

from keras_gans import networks


def test_completion_network_keeps_known_pixels_and_fills_hole():
    net = networks.completion_network(channels=3, filters=8, dilations=(2, 4))
    rng = np.random.default_rng(0)
    image = rng.uniform(-1, 1, (2, 16, 24, 3)).astype("float32")
    mask = np.zeros((2, 16, 24, 1), "float32")
    mask[:, 4:10, 8:16] = 1.0
    out = np.asarray(net([image, mask]))
    assert out.shape == image.shape
    outside = np.broadcast_to(mask == 0, out.shape)
    np.testing.assert_allclose(out[outside], image[outside], atol=1e-6)
    assert np.abs(out[~outside] - image[~outside]).max() > 1e-3


def test_completion_network_ignores_hole_contents():
    # The hole's pixels are zeroed before the network sees them: the mask is the only hole signal.
    net = networks.completion_network(channels=1, filters=4, dilations=(2,))
    mask = np.zeros((1, 8, 8, 1), "float32")
    mask[:, 2:6, 2:6] = 1.0
    a = np.zeros((1, 8, 8, 1), "float32")
    b = a + 0.9 * mask
    np.testing.assert_allclose(np.asarray(net([a, mask]))[mask > 0], np.asarray(net([b, mask]))[mask > 0], atol=1e-6)


def test_completion_network_uses_the_dilations():
    net = networks.completion_network(channels=1, filters=4, dilations=(2, 4, 8, 16))
    rates = [layer.dilation_rate[0] for layer in net.layers if isinstance(layer, keras.layers.Conv2D)
             and not isinstance(layer, keras.layers.Conv2DTranspose)]
    assert [r for r in rates if r > 1] == [2, 4, 8, 16]


def test_completion_discriminator_global_and_local():
    net = networks.completion_discriminator((28, 28, 1), local_size=14, filters=8)
    assert net([np.zeros((3, 28, 28, 1)), np.zeros((3, 14, 14, 1))]).shape == (3, 1)
    assert [tuple(i.shape) for i in net.inputs] == [(None, 28, 28, 1), (None, 14, 14, 1)]


def test_completion_networks_reject_bad_arguments():
    with pytest.raises(ValueError, match="dilations"):
        networks.completion_network(dilations=(2, 0))
    with pytest.raises(ValueError, match="local_size"):
        networks.completion_discriminator((28, 28, 1), local_size=32)
