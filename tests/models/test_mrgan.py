import pytest

import keras_gans
from keras_gans import networks
from keras_gans.data import toys
from keras_gans.models import MRGAN
from tests.models.objective_toys import assert_grid_modes_learned
from tests.models.objective_toys import remedy_run

HIDDEN = (64, 64)


def _model(hidden=HIDDEN):
    return MRGAN(
        networks.mlp_generator(2, 2, hidden),
        networks.mlp_discriminator(2, hidden),
        networks.mlp_encoder(2, 2, hidden),
        seed=0,
    )


trained = remedy_run(_model, steps=300)


@pytest.mark.slow
def test_mrgan_learns_grid_modes(trained):
    # Stated threshold: >= 6 of the 25 modes after 300 steps (untrained: <= 3).
    assert_grid_modes_learned(trained, before_at_most=3, after_at_least=6)
    assert set(trained[3]) == {"d_loss", "g_loss", "geometric", "mode"}


def test_encoder_reconstructs_after_training(trained):
    model = trained[0]
    x = toys.sample_mixture("grid25", 500, seed=3)[0]
    error = float(keras_gans.losses.geometric_regularizer(x, model.generator(model.encoder(x))))
    # The data's own mean squared norm is ~16; reconstructions must be far better than a blob.
    assert error < 4.0, error


def test_bad_arguments():
    g, d = networks.mlp_generator(2, 2, (8,)), networks.mlp_discriminator(2, (8,))
    with pytest.raises(ValueError, match="`encoder` must be a keras.Model with 2 outputs"):
        MRGAN(g, d, networks.mlp_encoder(2, 3, (8,)))
    with pytest.raises(ValueError, match="geometric_weight"):
        MRGAN(g, d, networks.mlp_encoder(2, 2, (8,)), geometric_weight=-1.0)
