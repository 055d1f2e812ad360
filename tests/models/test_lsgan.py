import keras
import numpy as np
import pytest

from keras_gans import data
from keras_gans import models
from keras_gans import networks
from keras_gans.testing import fit_and_assert_weights_changed
from tests.models.objective_toys import HIDDEN
from tests.models.objective_toys import adam
from tests.models.objective_toys import assert_modes_learned
from tests.models.objective_toys import small_generator
from tests.models.objective_toys import toy_run

trained = toy_run(
    lambda: models.LSGAN(small_generator(), networks.mlp_discriminator(2, HIDDEN), seed=0),
    # The paper's Adam(2e-4, 0.5) needs thousands of steps; 1e-3 reaches the ring in 600.
    lambda: (adam(1e-3), adam(1e-3)), "ring8", steps=600, batch_size=128,
)


@pytest.mark.slow
def test_lsgan_learns_ring8_modes(trained):
    # Untrained: samples near the origin, 0 of 8 modes within 3 sigma (0.03).
    assert_modes_learned(trained, before_at_most=1, after_at_least=5)


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
