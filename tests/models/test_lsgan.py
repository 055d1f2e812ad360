import keras
import numpy as np
import pytest

from keras_gans import data
from keras_gans import models
from keras_gans import networks
from keras_gans.testing import assert_export_parity
from keras_gans.testing import assert_keras_roundtrip
from keras_gans.testing import fit_and_assert_weights_changed
from tests.models.objective_toys import HIDDEN
from tests.models.objective_toys import adam
from tests.models.objective_toys import small_generator
from tests.models.objective_toys import train_on_toy


@pytest.fixture(scope="module")
def trained():
    keras.utils.set_random_seed(0)
    model = models.LSGAN(small_generator(), networks.mlp_discriminator(2, HIDDEN), seed=0)
    # The paper's Adam(2e-4, 0.5) needs thousands of steps; 1e-3 reaches the ring in 600.
    model.compile(adam(1e-3), adam(1e-3))
    before, after = train_on_toy(model, "ring8", steps=600, batch_size=128)
    return model, before, after


@pytest.mark.slow
def test_lsgan_learns_ring8_modes(trained):
    _, before, after = trained
    print("modes before/after:", before["modes"], after["modes"], "HQ:", round(after["high_quality"], 3))
    # Untrained: samples near the origin, 0 of 8 modes within 3 sigma (0.03).
    assert before["modes"] <= 1
    assert after["modes"] >= 5, after


@pytest.mark.slow
def test_lsgan_keras_roundtrip(trained, tmp_path):
    loaded = assert_keras_roundtrip(trained[0], str(tmp_path / "lsgan.keras"))
    assert (loaded.a, loaded.b, loaded.c) == (0.0, 1.0, 1.0)


@pytest.mark.slow
def test_lsgan_export_parity(trained, tmp_path):
    model = trained[0]
    assert_export_parity(model, str(tmp_path / "export"), {"z": model.latent_vectors(4, seed=1)})


def test_lsgan_defaults_and_smoke():
    model = models.LSGAN(small_generator(), networks.mlp_discriminator(2, HIDDEN), a=-1, b=1, c=0)
    model.compile()
    assert isinstance(model.g_optimizer, keras.optimizers.Adam)
    np.testing.assert_allclose(float(model.g_optimizer.learning_rate), 2e-4)
    np.testing.assert_allclose(float(model.d_optimizer.beta_1), 0.5)
    fit_and_assert_weights_changed(model, data.load("ring8", batch_size=32))


@pytest.mark.parametrize(
    "kwargs, match",
    [({"a": 1.0, "b": 1.0}, "`a` and `b` must differ"), ({"d_steps": 0}, "`d_steps` must be")],
)
def test_lsgan_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        models.LSGAN(small_generator(), networks.mlp_discriminator(2, HIDDEN), **kwargs)
