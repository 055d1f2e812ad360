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
    critic = networks.mlp_critic(2, HIDDEN, spectral_norm=True)
    model = models.HingeGAN(small_generator(), critic, d_steps=1, seed=0)
    model.compile(adam(1e-3, 0.5, 0.9), adam(1e-3, 0.5, 0.9))
    # grid25, not ring8: a spectrally normalised (1-Lipschitz) critic needs real
    # and fake about 2 apart to reach the hinge margins; the ring has radius 1.
    before, after = train_on_toy(model, "grid25", steps=300, batch_size=128)
    return model, before, after


@pytest.mark.slow
def test_hinge_gan_learns_grid25_modes(trained):
    _, before, after = trained
    print("modes before/after:", before["modes"], after["modes"], "HQ:", round(after["high_quality"], 3))
    assert before["modes"] <= 2
    assert after["modes"] >= 8, after


@pytest.mark.slow
def test_hinge_gan_spectral_norm_bounds_the_critic(trained):
    critic = trained[0].discriminator
    wrapped = [layer for layer in critic.layers if isinstance(layer, keras.layers.SpectralNormalization)]
    assert len(wrapped) == len(HIDDEN) + 1
    for layer in wrapped:
        # After training each stored kernel is normalised by its power-iteration sigma.
        sigma = np.linalg.svd(keras.ops.convert_to_numpy(layer.kernel), compute_uv=False)[0]
        assert sigma == pytest.approx(1.0, abs=0.1)


@pytest.mark.slow
def test_hinge_gan_keras_roundtrip(trained, tmp_path):
    loaded = assert_keras_roundtrip(trained[0], str(tmp_path / "hinge.keras"))
    assert loaded.d_steps == 1
    assert any(
        isinstance(layer, keras.layers.SpectralNormalization) for layer in loaded.discriminator.layers
    )


@pytest.mark.slow
def test_hinge_gan_export_parity(trained, tmp_path):
    model = trained[0]
    assert_export_parity(model, str(tmp_path / "export"), {"z": model.latent_vectors(4, seed=1)})


def test_hinge_gan_defaults_and_smoke():
    model = models.HingeGAN(small_generator(), networks.mlp_discriminator(2, HIDDEN))
    model.compile()
    np.testing.assert_allclose(
        [float(model.g_optimizer.learning_rate), float(model.g_optimizer.beta_1),
         float(model.g_optimizer.beta_2)],
        [2e-4, 0.0, 0.9],
    )
    assert model.d_steps == 5
    fit_and_assert_kernels_changed(model, data.load("ring8", batch_size=5 * 16))


def test_hinge_gan_bad_arguments():
    with pytest.raises(ValueError, match="`d_steps` must be an integer >= 1"):
        models.HingeGAN(small_generator(), networks.mlp_discriminator(2, HIDDEN), d_steps=0)
