"""InfoGAN: codes become modes on ring8, saving, export with named codes, bad inputs."""

import keras
import numpy as np
import pytest
import tensorflow as tf

import keras_gans
from keras_gans import metrics
from keras_gans import models
from keras_gans import networks
from keras_gans import testing

K = 8
CENTERS, _ = keras_gans.data.mixture_spec("ring8")
CODES = np.repeat(np.arange(K), 50).astype("int32")


def ring8_code_purity(model):
    """Purity of code -> nearest ring8 mode after the best one-to-one matching."""
    points = model.generate(len(CODES), seed=1, codes=CODES)
    return metrics.code_purity(CODES, metrics.nearest_center(points, CENTERS))[0]


def make(num_continuous=1):
    g = networks.conditional_mlp_generator(
        num_classes=K, num_continuous=num_continuous, hidden_units=(64, 64)
    )
    d = networks.auxiliary_mlp_discriminator(
        num_classes=K, num_continuous=num_continuous, hidden_units=(64, 64)
    )
    model = models.InfoGAN(g, d, num_categories=K, num_continuous=num_continuous, seed=0)
    model.compile(
        g_optimizer=keras.optimizers.Adam(1e-3, beta_1=0.5),
        d_optimizer=keras.optimizers.Adam(1e-3, beta_1=0.5),
    )
    return model


def ring8(batch_size=128, with_labels=False):
    return keras_gans.data.load(
        "ring8", batch_size=batch_size, with_labels=with_labels, repeat=True, seed=0
    )


@pytest.fixture(scope="module")
def trained():
    keras.utils.set_random_seed(0)
    model = make()
    before = ring8_code_purity(model)
    # Labels in the data are ignored: InfoGAN is unsupervised.
    history = model.fit(ring8(with_labels=True), epochs=1, steps_per_epoch=300, verbose=0)
    return model, before, ring8_code_purity(model), history.history


@pytest.mark.slow
def test_categorical_code_learns_the_modes(trained):
    _, before, after, history = trained
    assert after >= 0.6 and after > before + 0.2, (before, after)
    # Q recovers the codes: the information loss averaged over the run (categorical
    # cross-entropy + Gaussian NLL of one code) is below its untrained value of
    # about ln 8 + 0.5 * E[c^2] + 0.919 = 2.08 + 0.17 + 0.92 = 3.17
    assert history["info_loss"][-1] < 2.5, history


def test_fit_changes_both_networks_and_reports_info_loss():
    history = testing.fit_and_assert_weights_changed(make(num_continuous=0), ring8(), steps=2)
    assert set(history.history) == {"d_loss", "g_loss", "info_loss"}


def test_default_optimizers_are_the_papers():
    model = make()
    assert float(model.default_g_optimizer().learning_rate) == pytest.approx(1e-3)
    assert float(model.default_d_optimizer().learning_rate) == pytest.approx(2e-4)


def test_keras_roundtrip(trained, tmp_path):
    model = trained[0]
    z = model.latent_vectors(8, seed=0)
    code, continuous = model.code_arrays(8, seed=0)
    loaded = testing.assert_keras_roundtrip(
        model, str(tmp_path / "info.keras"), inputs=[z, code, continuous]
    )
    assert (loaded.num_categories, loaded.num_continuous) == (K, 1)


@pytest.mark.slow
def test_export_parity_with_named_codes(trained, tmp_path):
    model = trained[0]
    inputs = {
        "z": model.latent_vectors(4, seed=2),
        "code": np.array([7, 0, 2, 2], "int32"),
        "continuous": np.array([[-1.0], [0.0], [0.5], [1.0]], "float32"),
    }
    version = testing.assert_export_parity(model, str(tmp_path / "export"), inputs)
    specs = tf.saved_model.load(version).signatures["serving_default"].structured_input_signature[1]
    assert sorted(specs) == ["code", "continuous", "z"]
    assert specs["code"].dtype == tf.int32 and specs["continuous"].shape.as_list() == [None, 1]


def test_generate_codes():
    model = make()
    fixed = model.generate(4, seed=0, codes=2, continuous=np.zeros((4, 1)))
    assert fixed.shape == (4, 2)
    moved = model.generate(4, seed=0, codes=2, continuous=np.ones((4, 1)))
    assert not np.allclose(fixed, moved)  # the continuous code steers G


def test_bad_arguments():
    g = networks.conditional_mlp_generator(num_classes=K, num_continuous=1)
    d = networks.auxiliary_mlp_discriminator(num_classes=K, num_continuous=1)
    with pytest.raises(ValueError, match="`info_weight` must be >= 0"):
        models.InfoGAN(g, d, num_categories=K, num_continuous=1, info_weight=-0.5)
    with pytest.raises(ValueError, match="needs a generator with 2 inputs"):
        models.InfoGAN(g, d, num_categories=K, num_continuous=0)
    with pytest.raises(ValueError, match="needs a discriminator with 3 outputs"):
        models.InfoGAN(
            g,
            networks.auxiliary_mlp_discriminator(num_classes=K),
            num_categories=K,
            num_continuous=1,
        )
    model = models.InfoGAN(g, d, num_categories=K, num_continuous=1)
    with pytest.raises(ValueError, match=r"`codes` must be in \[0, 8\)"):
        model.generate(2, codes=[0, 9])
    with pytest.raises(ValueError, match=r"`continuous` must have shape \(2, 1\)"):
        model.generate(2, continuous=np.zeros((2, 3)))
