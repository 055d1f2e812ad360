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
    model = models.DRAGAN(
        small_generator(), networks.mlp_discriminator(2, HIDDEN), gp_weight=10.0, d_steps=5, seed=0
    )
    # With lambda = 10 a single D step per G step lets G outrun D on the toys
    # (D ends up rating fakes above reals); 5 D steps keep it ahead.
    model.compile(adam(1e-3), adam(1e-3))
    before, after = train_on_toy(model, "grid25", steps=300, batch_size=5 * 128)
    return model, before, after


@pytest.mark.slow
def test_dragan_learns_grid25_modes(trained):
    _, before, after = trained
    print("modes before/after:", before["modes"], after["modes"], "HQ:", round(after["high_quality"], 3))
    # Untrained: 1 of 25 modes (the one at the origin) within 3 sigma (0.15).
    assert before["modes"] <= 2
    assert after["modes"] >= 10, after


@pytest.mark.slow
def test_dragan_keras_roundtrip(trained, tmp_path):
    loaded = assert_keras_roundtrip(trained[0], str(tmp_path / "dragan.keras"))
    assert (loaded.gp_weight, loaded.perturbation_scale, loaded.d_steps) == (10.0, 0.5, 5)


@pytest.mark.slow
def test_dragan_export_parity(trained, tmp_path):
    model = trained[0]
    assert_export_parity(model, str(tmp_path / "export"), {"z": model.latent_vectors(4, seed=1)})


def test_dragan_defaults_and_smoke():
    model = models.DRAGAN(small_generator(), networks.mlp_discriminator(2, HIDDEN))
    model.compile()
    np.testing.assert_allclose(
        [float(model.d_optimizer.learning_rate), float(model.d_optimizer.beta_1),
         float(model.d_optimizer.beta_2)],
        [1e-4, 0.5, 0.9],
    )
    history = fit_and_assert_weights_changed(model, data.load("ring8", batch_size=32))
    assert history.history["gradient_penalty"][0] > 0.0


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"gp_weight": -1.0}, "`gp_weight` must be >= 0"),
        ({"perturbation_scale": -0.5}, "`perturbation_scale` must be >= 0"),
        ({"d_steps": 1.5}, "`d_steps` must be an integer"),
    ],
)
def test_dragan_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        models.DRAGAN(small_generator(), networks.mlp_discriminator(2, HIDDEN), **kwargs)
