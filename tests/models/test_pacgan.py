import numpy as np
import pytest

from keras_gans import networks
from keras_gans.layers import PackSamples
from keras_gans.models import PacGAN
from tests.models.objective_toys import assert_grid_modes_learned
from tests.models.objective_toys import remedy_run

HIDDEN = (64, 64)


# A body taking packed inputs (4 samples x 2 coordinates) is wrapped with PackSamples(4).
trained = remedy_run(
    lambda: PacGAN(networks.mlp_generator(2, 2, HIDDEN), networks.mlp_discriminator(8, HIDDEN), pack=4, seed=0),
    steps=300,
)


@pytest.mark.slow
def test_pacgan_learns_grid_modes(trained):
    # Stated threshold: >= 6 of the 25 modes after 300 steps (untrained: <= 3).
    assert_grid_modes_learned(trained, before_at_most=3, after_at_least=6)
    assert isinstance(trained[0].discriminator.layers[1], PackSamples)


def test_one_logit_per_pack():
    d = networks.mlp_packed_discriminator(2, pack=2, hidden_units=(8,))
    assert d(np.zeros((6, 2), "float32")).shape == (3, 1)


def test_bad_arguments():
    g = networks.mlp_generator(2, 2, (8,))
    with pytest.raises(ValueError, match="pack"):
        PacGAN(g, networks.mlp_discriminator(2, (8,)), pack=1)
    with pytest.raises(ValueError, match="packed inputs of shape \\(8,\\)"):
        PacGAN(g, networks.mlp_discriminator(2, (8,)), pack=4)
    with pytest.raises(ValueError, match="packs \\[2\\] samples"):
        PacGAN(g, networks.mlp_packed_discriminator(2, 2, (8,)), pack=4)
