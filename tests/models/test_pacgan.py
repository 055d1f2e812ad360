import keras
import numpy as np
import pytest

import keras_gans
from keras_gans import networks
from keras_gans.layers import PackSamples
from keras_gans.models import PacGAN
from keras_gans.testing import assert_export_parity
from keras_gans.testing import assert_keras_roundtrip
from keras_gans.testing import fit_and_assert_weights_changed
from tests.models.objective_toys import compile_adam
from tests.models.objective_toys import grid25_data
from tests.models.objective_toys import grid25_modes

HIDDEN = (64, 64)


@pytest.fixture(scope="module")
def trained():
    keras.utils.set_random_seed(0)
    # A body taking packed inputs (4 samples x 2 coordinates) is wrapped with PackSamples(4).
    model = compile_adam(
        PacGAN(
            networks.mlp_generator(2, 2, HIDDEN),
            networks.mlp_discriminator(8, HIDDEN),
            pack=4,
            seed=0,
        )
    )
    before = grid25_modes(model)
    model.fit(grid25_data(), epochs=1, steps_per_epoch=300, verbose=0)
    return model, before, grid25_modes(model)


@pytest.mark.slow
def test_pacgan_learns_grid_modes(trained):
    model, before, after = trained
    # Stated threshold: >= 6 of the 25 modes after 300 steps (untrained: <= 3).
    assert before <= 3
    assert after >= 6, (before, after)
    assert isinstance(model.discriminator.layers[1], PackSamples)


def test_keras_roundtrip(trained, tmp_path):
    loaded = assert_keras_roundtrip(trained[0], str(tmp_path / "pacgan.keras"))
    assert loaded.pack == 4


@pytest.mark.slow
def test_export_parity(trained, tmp_path):
    model = trained[0]
    assert_export_parity(model, str(tmp_path / "export"), {"z": model.latent_vectors(5, seed=0)})


def test_one_logit_per_pack():
    d = networks.mlp_packed_discriminator(2, pack=2, hidden_units=(8,))
    assert d(np.zeros((6, 2), "float32")).shape == (3, 1)


def test_fit_smoke_with_packed_discriminator():
    model = compile_adam(
        PacGAN(
            networks.mlp_generator(2, 2, (8,)),
            networks.mlp_packed_discriminator(2, 2, (8,)),
            pack=2,
            seed=0,
        )
    )
    fit_and_assert_weights_changed(
        model, keras_gans.data.load("ring8", batch_size=64, num_examples=512)
    )


def test_bad_arguments():
    g = networks.mlp_generator(2, 2, (8,))
    with pytest.raises(ValueError, match="pack"):
        PacGAN(g, networks.mlp_discriminator(2, (8,)), pack=1)
    with pytest.raises(ValueError, match="packed inputs of shape \\(8,\\)"):
        PacGAN(g, networks.mlp_discriminator(2, (8,)), pack=4)
    with pytest.raises(ValueError, match="packs \\[2\\] samples"):
        PacGAN(g, networks.mlp_packed_discriminator(2, 2, (8,)), pack=4)
