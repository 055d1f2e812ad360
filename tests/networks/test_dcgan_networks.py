import numpy as np
import pytest

from keras_gans import networks


@pytest.mark.parametrize("shape", [(28, 28, 1), (28, 28, 3), (32, 32, 3), (64, 64, 3)])
def test_shapes_and_range(shape):
    g = networks.dcgan_generator(shape, latent_dim=8, base_filters=8)
    d = networks.dcgan_discriminator(shape, base_filters=8)
    z = np.random.default_rng(0).normal(size=(2, 8)).astype("float32") * 10
    images = np.asarray(g(z))
    assert images.shape == (2, *shape)
    assert images.min() >= -1.0 and images.max() <= 1.0  # tanh output
    assert np.asarray(d(images)).shape == (2, 1)


@pytest.mark.parametrize("shape", [(30, 30, 1), (28, 32, 1), (28, 28, 2), (28, 28)])
def test_unsupported_shapes(shape):
    with pytest.raises(ValueError, match="Received: image_shape"):
        networks.dcgan_generator(shape)


def test_latent_dim_must_be_positive():
    with pytest.raises(ValueError, match="Received: latent_dim=0"):
        networks.dcgan_generator((28, 28, 1), latent_dim=0)


def test_mlp_shapes():
    g = networks.mlp_generator(data_dim=2, latent_dim=3)
    d = networks.mlp_discriminator(data_dim=2)
    x = np.asarray(g(np.zeros((4, 3), "float32")))
    assert x.shape == (4, 2) and np.asarray(d(x)).shape == (4, 1)
