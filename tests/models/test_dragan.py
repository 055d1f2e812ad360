import pytest

from keras_gans import data
from keras_gans import models
from keras_gans import networks
from keras_gans.testing import fit_and_assert_weights_changed
from tests.models.objective_toys import HIDDEN
from tests.models.objective_toys import adam
from tests.models.objective_toys import adam_settings
from tests.models.objective_toys import assert_modes_learned
from tests.models.objective_toys import small_generator
from tests.models.objective_toys import toy_run

trained = toy_run(
    lambda: models.DRAGAN(
        small_generator(), networks.mlp_discriminator(2, HIDDEN), gp_weight=10.0, d_steps=5, seed=0
    ),
    # With lambda = 10 a single D step per G step lets G outrun D on the toys
    # (D ends up rating fakes above reals); 5 D steps keep it ahead.
    lambda: (adam(1e-3), adam(1e-3)), "grid25", steps=300, batch_size=5 * 128,
)


@pytest.mark.slow
def test_dragan_learns_grid25_modes(trained):
    # Untrained: 1 of 25 modes (the one at the origin) within 3 sigma (0.15).
    assert_modes_learned(trained, before_at_most=2, after_at_least=10)


def test_dragan_defaults_and_smoke():
    model = models.DRAGAN(small_generator(), networks.mlp_discriminator(2, HIDDEN))
    model.compile()
    assert adam_settings(model.d_optimizer) == pytest.approx((1e-4, 0.5, 0.9))
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
