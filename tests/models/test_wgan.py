import keras
import numpy as np
import pytest

from keras_gans import data
from keras_gans import models
from keras_gans import networks
from keras_gans.testing import fit_and_assert_weights_changed
from tests.models.objective_toys import CRITIC
from tests.models.objective_toys import HIDDEN
from tests.models.objective_toys import assert_modes_learned
from tests.models.objective_toys import small_generator
from tests.models.objective_toys import toy_run

trained = toy_run(
    lambda: models.WGAN(
        small_generator(), networks.mlp_discriminator(2, HIDDEN), clip_value=0.05, n_critic=5, seed=0
    ),
    # The paper's RMSprop(5e-5) with c=0.01 is far too slow for a test-sized run.
    lambda: (keras.optimizers.RMSprop(5e-3), keras.optimizers.RMSprop(5e-3)),
    "ring8", steps=200, batch_size=5 * 128,
)


@pytest.mark.slow
def test_wgan_learns_ring8_modes(trained):
    # Weight clipping spreads samples between modes (low % HQ), but covers them.
    assert_modes_learned(trained, before_at_most=1, after_at_least=4)


@pytest.mark.slow
def test_wgan_critic_weights_stay_clipped(trained):
    model = trained[0]
    for variable in model.discriminator.trainable_variables:
        assert np.max(np.abs(keras.ops.convert_to_numpy(variable))) <= 0.05 + 1e-7, variable.path


def test_wgan_defaults_clip_and_smoke():
    critic = networks.mlp_discriminator(2, HIDDEN)
    model = models.WGAN(small_generator(), critic)
    model.compile()
    assert isinstance(model.d_optimizer, keras.optimizers.RMSprop)
    np.testing.assert_allclose(float(model.d_optimizer.learning_rate), 5e-5)
    assert (model.clip_value, model.n_critic) == (0.01, 5)
    fit_and_assert_weights_changed(model, data.load("ring8", batch_size=5 * 16), kernels_only=CRITIC)
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
