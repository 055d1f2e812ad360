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


def _autoencoder_first():
    autoencoder = networks.mlp_autoencoder(2, HIDDEN, code_dim=8)
    # margin 0.1 in per-coordinate MSE: about the squared distance between
    # neighbouring ring modes (0.77^2 / 2 = 0.29) scaled down so D cannot
    # satisfy it trivially; pt_weight 0.1 as in EBGAN-PT.
    return models.EBGAN(small_generator(), autoencoder, margin=0.1, pt_weight=0.1, seed=0)


trained = toy_run(_autoencoder_first, lambda: (adam(1e-3), adam(1e-3)), "ring8", steps=400, batch_size=128)


@pytest.mark.slow
def test_ebgan_learns_ring8_modes(trained):
    assert_modes_learned(trained, before_at_most=1, after_at_least=4)


@pytest.mark.slow
def test_ebgan_real_energy_below_fake_energy(trained):
    model = trained[0]
    real, _ = data.load_arrays("ring8", num_examples=512, seed=3)
    fake = model.generate(512, seed=3)
    real_energy, _ = model.autoencode(real, training=False)
    fake_energy, _ = model.autoencode(fake, training=False)
    assert float(np.mean(real_energy)) < float(np.mean(fake_energy))


def test_ebgan_single_output_autoencoder_smoke():
    x = keras.Input((2,))
    h = keras.layers.Dense(16, activation="relu")(x)
    autoencoder = keras.Model(x, keras.layers.Dense(2)(h))
    model = models.EBGAN(small_generator(), autoencoder)
    model.compile()
    np.testing.assert_allclose(float(model.g_optimizer.learning_rate), 2e-4)
    history = fit_and_assert_weights_changed(model, data.load("ring8", batch_size=32))
    assert history.history["real_energy"][0] >= 0.0


def test_ebgan_bad_arguments():
    autoencoder = networks.mlp_autoencoder(2, HIDDEN)
    with pytest.raises(ValueError, match="`margin` must be positive"):
        models.EBGAN(small_generator(), autoencoder, margin=0.0)
    with pytest.raises(ValueError, match="`pt_weight` must be >= 0"):
        models.EBGAN(small_generator(), autoencoder, pt_weight=-0.1)
    with pytest.raises(ValueError, match="needs a discriminator returning"):
        models.EBGAN(small_generator(), networks.mlp_discriminator(2, HIDDEN), pt_weight=0.1)
