"""The ``pack`` option of the DCGAN discriminator (PacGAN's packed DCGAN)."""

import numpy as np
import pytest

from keras_gans import models
from keras_gans import networks
from keras_gans.layers import PackSamples
from keras_gans.testing import assert_keras_roundtrip


def _images(n, shape=(28, 28, 3), seed=0):
    return np.random.default_rng(seed).uniform(-1, 1, size=(n, *shape)).astype("float32")


@pytest.mark.parametrize("shape, pack", [((28, 28, 3), 2), ((28, 28, 1), 4), ((32, 32, 3), 3)])
def test_one_logit_per_pack(shape, pack):
    d = networks.dcgan_discriminator(shape, base_filters=4, pack=pack)
    assert d.input_shape == (None, *shape)  # takes single samples
    # Only the first convolution sees the packed channels.
    first_conv = next(layer for layer in d.layers if layer.name.startswith("conv2d"))
    assert first_conv.kernel.shape[2] == pack * shape[-1]
    assert np.asarray(d(_images(4 * pack, shape))).shape == (4, 1)


def test_packing_groups_consecutive_samples():
    d = networks.dcgan_discriminator((28, 28, 3), base_filters=4, pack=2)
    x = _images(6)
    packed = np.asarray(d.get_layer("pack_samples")(x))
    assert packed.shape == (3, 28, 28, 6)
    # Pack i is samples 2i and 2i + 1 stacked along channels, in that order.
    for i in range(3):
        np.testing.assert_array_equal(packed[i], np.concatenate([x[2 * i], x[2 * i + 1]], -1))
    # Changing sample 3 changes only the logit of pack 1 (inference mode: BatchNorm
    # uses its moving statistics, so packs do not interact).
    before = np.asarray(d(x, training=False))
    x[3] = -x[3]
    after = np.asarray(d(x, training=False))
    changed = np.abs(after - before)[:, 0] > 1e-6
    np.testing.assert_array_equal(changed, [False, True, False])


def test_pack_one_is_the_plain_discriminator():
    d = networks.dcgan_discriminator((28, 28, 1), base_filters=4, pack=1)
    assert not any(isinstance(layer, PackSamples) for layer in d.layers)
    assert np.asarray(d(_images(3, (28, 28, 1)))).shape == (3, 1)


@pytest.mark.parametrize("pack", [0, -2, 1.5, True])
def test_bad_pack(pack):
    with pytest.raises(ValueError, match="Received: pack="):
        networks.dcgan_discriminator((28, 28, 3), pack=pack)


def test_pacgan_takes_the_packed_discriminator_as_is():
    g = networks.dcgan_generator((28, 28, 3), latent_dim=8, base_filters=4)
    d = networks.dcgan_discriminator((28, 28, 3), base_filters=4, pack=2)
    gan = models.PacGAN(g, d, pack=2)
    assert gan.discriminator is d  # not wrapped in a second PackSamples
    with pytest.raises(ValueError, match="expected \\[3\\]"):
        models.PacGAN(g, d, pack=3)


def test_packed_pacgan_keras_roundtrip(tmp_path):
    g = networks.dcgan_generator((28, 28, 3), latent_dim=8, base_filters=4)
    d = networks.dcgan_discriminator((28, 28, 3), base_filters=4, pack=2)
    gan = models.PacGAN(g, d, pack=2, seed=0)
    gan.compile()
    loaded = assert_keras_roundtrip(gan, str(tmp_path / "pacdcgan.keras"))
    assert loaded.pack == 2
    x = _images(4)
    np.testing.assert_allclose(
        np.asarray(loaded.discriminator(x, training=False)),
        np.asarray(d(x, training=False)),
        atol=0,
    )
