import keras
import numpy as np
import pytest

import keras_gans
from keras_gans import networks
from keras_gans.data import toys
from keras_gans.models import MRGAN
from keras_gans.testing import assert_export_parity
from keras_gans.testing import assert_keras_roundtrip
from keras_gans.testing import fit_and_assert_weights_changed
from tests.models.objective_toys import compile_adam
from tests.models.objective_toys import grid25_data
from tests.models.objective_toys import grid25_modes

HIDDEN = (64, 64)


def _model(hidden=HIDDEN):
    return MRGAN(
        networks.mlp_generator(2, 2, hidden),
        networks.mlp_discriminator(2, hidden),
        networks.mlp_encoder(2, 2, hidden),
        seed=0,
    )


@pytest.fixture(scope="module")
def trained():
    keras.utils.set_random_seed(0)
    model = compile_adam(_model())
    before = grid25_modes(model)
    history = model.fit(grid25_data(), epochs=1, steps_per_epoch=300, verbose=0)
    return model, before, grid25_modes(model), history


@pytest.mark.slow
def test_mrgan_learns_grid_modes(trained):
    model, before, after, history = trained
    # Stated threshold: >= 6 of the 25 modes after 300 steps (untrained: <= 3).
    assert before <= 3
    assert after >= 6, (before, after)
    assert set(history.history) == {"d_loss", "g_loss", "geometric", "mode"}


def test_encoder_reconstructs_after_training(trained):
    model = trained[0]
    x = toys.sample_mixture("grid25", 500, seed=3)[0]
    error = float(keras_gans.losses.geometric_regularizer(x, model.generator(model.encoder(x))))
    # The data's own mean squared norm is ~16; reconstructions must be far better than a blob.
    assert error < 4.0, error


def test_keras_roundtrip(trained, tmp_path):
    model = trained[0]
    loaded = assert_keras_roundtrip(model, str(tmp_path / "mrgan.keras"))
    x = toys.sample_mixture("grid25", 8, seed=0)[0]
    np.testing.assert_allclose(np.array(loaded.encoder(x)), np.array(model.encoder(x)))
    assert loaded.diffusion_discriminator.name == model.diffusion_discriminator.name


@pytest.mark.slow
def test_export_parity(trained, tmp_path):
    model = trained[0]
    assert_export_parity(model, str(tmp_path / "export"), {"z": model.latent_vectors(5, seed=0)})


def test_fit_changes_all_four_networks():
    model = compile_adam(_model(hidden=(8,)))
    fit_and_assert_weights_changed(
        model,
        keras_gans.data.load("ring8", batch_size=64, num_examples=512),
        networks=("generator", "discriminator", "encoder", "diffusion_discriminator"),
    )


def test_bad_arguments():
    g, d = networks.mlp_generator(2, 2, (8,)), networks.mlp_discriminator(2, (8,))
    with pytest.raises(ValueError, match="`encoder` must be a keras.Model with 2 outputs"):
        MRGAN(g, d, networks.mlp_encoder(2, 3, (8,)))
    with pytest.raises(ValueError, match="geometric_weight"):
        MRGAN(g, d, networks.mlp_encoder(2, 2, (8,)), geometric_weight=-1.0)
