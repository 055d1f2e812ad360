import keras
import numpy as np
import pytest

from keras_gans import data
from keras_gans import models
from keras_gans import networks
from keras_gans.testing import assert_export_parity
from keras_gans.testing import assert_keras_roundtrip
from tests.models.objective_toys import HIDDEN
from tests.models.objective_toys import adam
from tests.models.objective_toys import fit_and_assert_kernels_changed
from tests.models.objective_toys import small_generator
from tests.models.objective_toys import train_on_toy


@pytest.fixture(scope="module")
def trained():
    keras.utils.set_random_seed(0)
    critic = networks.mlp_critic(2, HIDDEN, normalization="layer")
    model = models.WGANGP(small_generator(), critic, gp_weight=10.0, n_critic=5, seed=0)
    # lambda = 10 and n_critic = 5 as in the paper; a larger step than 1e-4 for a short run.
    model.compile(adam(1e-3, 0.5, 0.9), adam(1e-3, 0.5, 0.9))
    before, after = train_on_toy(model, "ring8", steps=300, batch_size=5 * 128)
    return model, before, after


@pytest.mark.slow
def test_wgan_gp_learns_ring8_modes(trained):
    _, before, after = trained
    print("modes before/after:", before["modes"], after["modes"], "HQ:", round(after["high_quality"], 3))
    assert before["modes"] <= 1
    assert after["modes"] >= 5, after


@pytest.mark.slow
def test_wgan_gp_keras_roundtrip(trained, tmp_path):
    loaded = assert_keras_roundtrip(trained[0], str(tmp_path / "wgan_gp.keras"))
    assert (loaded.gp_weight, loaded.n_critic) == (10.0, 5)


@pytest.mark.slow
def test_wgan_gp_export_parity(trained, tmp_path):
    model = trained[0]
    assert_export_parity(model, str(tmp_path / "export"), {"z": model.latent_vectors(4, seed=1)})


def test_wgan_gp_defaults_and_smoke():
    critic = networks.mlp_critic(2, HIDDEN, normalization="layer")
    model = models.WGANGP(small_generator(), critic)
    model.compile()
    assert isinstance(model.d_optimizer, keras.optimizers.Adam)
    np.testing.assert_allclose(
        [float(model.d_optimizer.learning_rate), float(model.d_optimizer.beta_1),
         float(model.d_optimizer.beta_2)],
        [1e-4, 0.0, 0.9],
    )
    assert (model.gp_weight, model.n_critic) == (10.0, 5)
    history = fit_and_assert_kernels_changed(model, data.load("ring8", batch_size=5 * 16))
    assert history.history["gradient_penalty"][0] >= 0.0


def test_wgan_gp_rejects_batchnorm_critic_and_bad_arguments():
    with pytest.raises(ValueError, match="must not use BatchNormalization"):
        models.WGANGP(small_generator(), networks.dcgan_discriminator((28, 28, 1)))
    with pytest.raises(ValueError, match="`gp_weight` must be >= 0"):
        models.WGANGP(small_generator(), networks.mlp_critic(2, HIDDEN), gp_weight=-1.0)
    with pytest.raises(ValueError, match="`n_critic` must be"):
        models.WGANGP(small_generator(), networks.mlp_critic(2, HIDDEN), n_critic=0)
