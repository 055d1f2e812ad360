"""ACGAN: learning on ring8 (label = mode), saving, export, bad inputs."""

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
REQUESTED = np.repeat(np.arange(K), 50).astype("int32")


def ring8_label_accuracy(model):
    """Fraction of samples generated for mode k whose nearest ring8 mode is k."""
    points = model.generate(len(REQUESTED), seed=1, labels=REQUESTED)
    return metrics.label_accuracy(REQUESTED, metrics.nearest_center(points, CENTERS))


def ring8(batch_size=128):
    return keras_gans.data.load(
        "ring8", batch_size=batch_size, with_labels=True, repeat=True, seed=0
    )


def make(class_weight=1.0):
    g = networks.conditional_mlp_generator(num_classes=K, hidden_units=(64, 64))
    d = networks.auxiliary_mlp_discriminator(num_classes=K, hidden_units=(64, 64))
    model = models.ACGAN(g, d, num_classes=K, class_weight=class_weight, seed=0)
    model.compile(
        g_optimizer=keras.optimizers.Adam(1e-3, beta_1=0.5),
        d_optimizer=keras.optimizers.Adam(1e-3, beta_1=0.5),
    )
    return model


@pytest.fixture(scope="module")
def trained():
    keras.utils.set_random_seed(0)
    model = make()
    before = ring8_label_accuracy(model)
    history = model.fit(ring8(), epochs=1, steps_per_epoch=200, verbose=0)
    return model, before, ring8_label_accuracy(model), history.history


@pytest.mark.slow
def test_learns_to_follow_labels(trained):
    _, before, after, history = trained
    assert before < 0.4, before  # untrained: about chance (1/8)
    assert after >= 0.8 and after > before + 0.4, (before, after)
    # D's auxiliary classifier learned the real modes: its cross-entropy, averaged
    # over all 200 steps, is far below chance (ln 8 = 2.08)
    assert history["real_class_loss"][-1] < 1.2, history


def test_fit_changes_both_networks():
    history = testing.fit_and_assert_weights_changed(make(), ring8(), steps=2)
    assert set(history.history) == {"d_loss", "g_loss", "real_class_loss"}


def test_keras_roundtrip(trained, tmp_path):
    model = trained[0]
    inputs = [model.latent_vectors(8, seed=0), np.arange(8, dtype="int32")]
    loaded = testing.assert_keras_roundtrip(model, str(tmp_path / "acgan.keras"), inputs=inputs)
    assert loaded.num_classes == K and loaded.class_weight == model.class_weight
    assert loaded.classify_fakes is True


def test_classify_fakes_off_still_trains():
    g = networks.conditional_mlp_generator(num_classes=K, hidden_units=(8,))
    d = networks.auxiliary_mlp_discriminator(num_classes=K, hidden_units=(8,))
    model = models.ACGAN(g, d, num_classes=K, classify_fakes=False)
    model.compile()
    testing.fit_and_assert_weights_changed(model, ring8(32), steps=2)
    assert model.get_config()["classify_fakes"] is False


@pytest.mark.slow
def test_export_parity_with_label_input(trained, tmp_path):
    model = trained[0]
    inputs = {"z": model.latent_vectors(5, seed=2), "label": np.array([7, 0, 3, 3, 1], "int32")}
    version = testing.assert_export_parity(model, str(tmp_path / "export"), inputs)
    specs = tf.saved_model.load(version).signatures["serving_default"].structured_input_signature[1]
    assert sorted(specs) == ["label", "z"] and specs["label"].dtype == tf.int32


def test_bad_arguments():
    g = networks.conditional_mlp_generator(num_classes=K)
    d = networks.auxiliary_mlp_discriminator(num_classes=K)
    with pytest.raises(ValueError, match="`class_weight` must be >= 0. Received: class_weight=-1"):
        models.ACGAN(g, d, num_classes=K, class_weight=-1)
    with pytest.raises(ValueError, match=r"two outputs \[logits, class_logits\]"):
        models.ACGAN(g, networks.mlp_discriminator(), num_classes=K)
    with pytest.raises(ValueError, match=r"generator with inputs \[z, label\]"):
        models.ACGAN(networks.mlp_generator(), d, num_classes=K)
    with pytest.raises(ValueError, match=r"`labels` must be in \[0, 8\)"):
        models.ACGAN(g, d, num_classes=K).generate(3, labels=[0, 8, 1])


def test_fit_without_labels_is_an_error():
    points, _ = keras_gans.data.load_arrays("ring8", num_examples=64)
    with pytest.raises(ValueError, match="ACGAN trains on `\\(images, labels\\)` batches"):
        make().fit(keras_gans.data.to_dataset(points, batch_size=32), epochs=1, verbose=0)
