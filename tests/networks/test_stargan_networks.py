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


@pytest.mark.parametrize("downsamplings", [0, 2])
def test_stargan_generator_skip_connections(downsamplings):
    plain = networks.stargan_generator(channels=3, num_domains=4, filters=8, num_downsamplings=downsamplings, num_residual=1)
    net = networks.stargan_generator(channels=3, num_domains=4, filters=8, num_downsamplings=downsamplings,
                                     num_residual=1, skip_connections=True)
    image = np.random.default_rng(0).uniform(-1, 1, (2, 16, 20, 3)).astype("float32")
    assert np.asarray(net([image, np.eye(4, dtype="float32")[[0, 1]]])).shape == (2, 16, 20, 3)
    count = [type(layer).__name__ for layer in net.layers].count("Concatenate")
    assert count == max(downsamplings, 1)  # one skip per decoder resolution
    assert "Concatenate" not in [type(layer).__name__ for layer in plain.layers]  # the paper's default


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
