import keras
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
    critic = networks.mlp_critic(2, HIDDEN, normalization="layer")
    return models.WGANGP(small_generator(), critic, gp_weight=10.0, n_critic=5, seed=0)


# lambda = 10 and n_critic = 5 as in the paper; a larger step than 1e-4 for a short run.
trained = toy_run(
    _critic_first, lambda: (adam(1e-3, 0.5, 0.9), adam(1e-3, 0.5, 0.9)), "ring8", steps=300, batch_size=5 * 128
)


@pytest.mark.slow
def test_wgan_gp_learns_ring8_modes(trained):
    assert_modes_learned(trained, before_at_most=1, after_at_least=5)


def test_wgan_gp_defaults_and_smoke():
    critic = networks.mlp_critic(2, HIDDEN, normalization="layer")
    model = models.WGANGP(small_generator(), critic)
    model.compile()
    assert isinstance(model.d_optimizer, keras.optimizers.Adam)
    assert adam_settings(model.d_optimizer) == pytest.approx((1e-4, 0.0, 0.9))
    assert (model.gp_weight, model.n_critic) == (10.0, 5)
    history = fit_and_assert_weights_changed(model, data.load("ring8", batch_size=5 * 16), kernels_only=CRITIC)
    assert history.history["gradient_penalty"][0] >= 0.0


def test_wgan_gp_rejects_batchnorm_critic_and_bad_arguments():
    with pytest.raises(ValueError, match="must not use BatchNormalization"):
        models.WGANGP(small_generator(), networks.dcgan_discriminator((28, 28, 1)))
    with pytest.raises(ValueError, match="`gp_weight` must be >= 0"):
        models.WGANGP(small_generator(), networks.mlp_critic(2, HIDDEN), gp_weight=-1.0)
    with pytest.raises(ValueError, match="`n_critic` must be"):
        models.WGANGP(small_generator(), networks.mlp_critic(2, HIDDEN), n_critic=0)
