import keras
import numpy as np
import pytest

from keras_gans import data
from keras_gans import models
from keras_gans import networks
from keras_gans.testing import assert_export_parity
from keras_gans.testing import assert_keras_roundtrip
from tests.models.objective_toys import HIDDEN
from tests.models.objective_toys import fit_and_assert_kernels_changed
from tests.models.objective_toys import small_generator
from tests.models.objective_toys import train_on_toy


@pytest.fixture(scope="module")
def trained():
    keras.utils.set_random_seed(0)
    model = models.WGAN(
        small_generator(), networks.mlp_discriminator(2, HIDDEN), clip_value=0.05, n_critic=5, seed=0
    )
    # The paper's RMSprop(5e-5) with c=0.01 is far too slow for a test-sized run.
    model.compile(keras.optimizers.RMSprop(5e-3), keras.optimizers.RMSprop(5e-3))
    before, after = train_on_toy(model, "ring8", steps=200, batch_size=5 * 128)
    return model, before, after


@pytest.mark.slow
def test_wgan_learns_ring8_modes(trained):
    model, before, after = trained
    print("modes before/after:", before["modes"], after["modes"], "HQ:", round(after["high_quality"], 3))
    assert before["modes"] <= 1
    # Weight clipping spreads samples between modes (low % HQ), but covers them.
    assert after["modes"] >= 4, after


@pytest.mark.slow
def test_wgan_critic_weights_stay_clipped(trained):
    model = trained[0]
    for variable in model.discriminator.trainable_variables:
        assert np.max(np.abs(keras.ops.convert_to_numpy(variable))) <= 0.05 + 1e-7, variable.path


@pytest.mark.slow
def test_wgan_keras_roundtrip(trained, tmp_path):
    loaded = assert_keras_roundtrip(trained[0], str(tmp_path / "wgan.keras"))
    assert (loaded.clip_value, loaded.n_critic) == (0.05, 5)


@pytest.mark.slow
def test_wgan_export_parity(trained, tmp_path):
    model = trained[0]
    assert_export_parity(model, str(tmp_path / "export"), {"z": model.latent_vectors(4, seed=1)})


def test_wgan_defaults_clip_and_smoke():
    critic = networks.mlp_discriminator(2, HIDDEN)
    model = models.WGAN(small_generator(), critic)
    model.compile()
    assert isinstance(model.d_optimizer, keras.optimizers.RMSprop)
    np.testing.assert_allclose(float(model.d_optimizer.learning_rate), 5e-5)
    assert (model.clip_value, model.n_critic) == (0.01, 5)
    fit_and_assert_kernels_changed(model, data.load("ring8", batch_size=5 * 16))
    kernels_after = [keras.ops.convert_to_numpy(v) for v in critic.trainable_variables if v.ndim == 2]
    # Glorot init puts weights above 0.01; after one step all are clipped.
    assert max(np.abs(k).max() for k in kernels_after) <= 0.01 + 1e-7


@pytest.mark.parametrize(
    "kwargs, match",
    [({"clip_value": 0.0}, "`clip_value` must be positive"), ({"n_critic": 0}, "`n_critic` must be")],
)
def test_wgan_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        models.WGAN(small_generator(), networks.mlp_discriminator(2, HIDDEN), **kwargs)
