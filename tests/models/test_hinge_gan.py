import keras
import numpy as np
import pytest

from keras_gans import data
from keras_gans import models
from keras_gans import networks
from keras_gans.testing import fit_and_assert_weights_changed
from tests.models.objective_toys import CRITIC
from tests.models.objective_toys import HIDDEN
from tests.models.objective_toys import adam
from tests.models.objective_toys import adam_settings
from tests.models.objective_toys import assert_modes_learned
from tests.models.objective_toys import small_generator
from tests.models.objective_toys import toy_run


def _critic_first():
    critic = networks.mlp_critic(2, HIDDEN, spectral_norm=True)
    return models.HingeGAN(small_generator(), critic, d_steps=1, seed=0)


# grid25, not ring8: a spectrally normalised (1-Lipschitz) critic needs real
# and fake about 2 apart to reach the hinge margins; the ring has radius 1.
trained = toy_run(
    _critic_first, lambda: (adam(1e-3, 0.5, 0.9), adam(1e-3, 0.5, 0.9)), "grid25", steps=300, batch_size=128
)


@pytest.mark.slow
def test_hinge_gan_learns_grid25_modes(trained):
    assert_modes_learned(trained, before_at_most=2, after_at_least=8)


@pytest.mark.slow
def test_hinge_gan_spectral_norm_bounds_the_critic(trained):
    critic = trained[0].discriminator
    wrapped = [layer for layer in critic.layers if isinstance(layer, keras.layers.SpectralNormalization)]
    assert len(wrapped) == len(HIDDEN) + 1
    for layer in wrapped:
        # After training each stored kernel is normalised by its power-iteration sigma.
        sigma = np.linalg.svd(keras.ops.convert_to_numpy(layer.kernel), compute_uv=False)[0]
        assert sigma == pytest.approx(1.0, abs=0.1)


def test_hinge_gan_defaults_and_smoke():
    model = models.HingeGAN(small_generator(), networks.mlp_discriminator(2, HIDDEN))
    model.compile()
    assert adam_settings(model.g_optimizer) == pytest.approx((2e-4, 0.0, 0.9))
    assert model.d_steps == 5
    fit_and_assert_weights_changed(model, data.load("ring8", batch_size=5 * 16), kernels_only=CRITIC)


def test_hinge_gan_bad_arguments():
    with pytest.raises(ValueError, match="`d_steps` must be an integer >= 1"):
        models.HingeGAN(small_generator(), networks.mlp_discriminator(2, HIDDEN), d_steps=0)
