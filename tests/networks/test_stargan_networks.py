import numpy as np
import pytest

from keras_gans import networks


def test_stargan_generator_shapes_and_condition():
    net = networks.stargan_generator(channels=3, num_domains=4, filters=8, num_residual=1)
    image = np.random.default_rng(0).uniform(-1, 1, (2, 16, 20, 3)).astype("float32")
    a = np.asarray(net([image, np.eye(4, dtype="float32")[[0, 1]]]))
    b = np.asarray(net([image, np.eye(4, dtype="float32")[[2, 3]]]))
    assert a.shape == (2, 16, 20, 3)
    assert np.abs(a - b).max() > 1e-4  # the domain vector changes the output


def test_stargan_discriminator_two_heads():
    net = networks.stargan_discriminator(channels=3, num_domains=5, filters=8, num_layers=2)
    source, domain = net(np.zeros((2, 28, 28, 3), "float32"))
    assert source.shape == (2, 7, 7, 1)
    assert domain.shape == (2, 5)


def test_stargan_networks_reject_bad_arguments():
    with pytest.raises(ValueError, match="num_domains"):
        networks.stargan_generator(num_domains=0)
    with pytest.raises(ValueError, match="num_layers"):
        networks.stargan_discriminator(num_layers=0)
