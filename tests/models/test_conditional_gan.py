"""ConditionalGAN: learning on ring8 (label = mode), labels, bad inputs (the rest: tests/contract)."""

import keras
import numpy as np
import pytest
import tensorflow as tf

import keras_gans
from keras_gans import models
from keras_gans import networks
from tests.models.objective_toys import K
from tests.models.objective_toys import adam_pair
from tests.models.objective_toys import ring8_label_accuracy
from tests.models.objective_toys import ring8_labelled


def make(conditioning="concat", loss="non_saturating"):
    g = networks.conditional_mlp_generator(num_classes=K, hidden_units=(64, 64))
    d = networks.conditional_mlp_discriminator(
        num_classes=K, conditioning=conditioning, hidden_units=(64, 64)
    )
    model = models.ConditionalGAN(g, d, num_classes=K, loss=loss, seed=0)
    model.compile(**adam_pair(1e-3))
    return model


def train(model, steps):
    keras.utils.set_random_seed(0)
    before = ring8_label_accuracy(model)
    model.fit(ring8_labelled(), epochs=1, steps_per_epoch=steps, verbose=0)
    return before, ring8_label_accuracy(model)


@pytest.fixture(scope="module")
def trained():
    model = make()
    before, after = train(model, 200)
    return model, before, after


@pytest.mark.slow
def test_learns_to_follow_labels(trained):
    _, before, after = trained
    assert before < 0.4, before  # untrained: about chance (1/8)
    assert after >= 0.8 and after > before + 0.4, (before, after)


@pytest.mark.slow
def test_projection_discriminator_learns_to_follow_labels():
    before, after = train(make("projection", "hinge"), 150)
    assert before < 0.4, before
    assert after >= 0.8 and after > before + 0.4, (before, after)


@pytest.fixture(scope="module")
def untrained():
    return make()


def test_generate_labels(untrained):
    model = untrained
    cycled = model.generate(16, seed=0)
    np.testing.assert_array_equal(cycled, model.generate(16, seed=0, labels=np.arange(16) % K))
    assert not np.allclose(model.generate(4, seed=0, labels=0), model.generate(4, seed=0, labels=1))


@pytest.mark.parametrize(
    "labels, match",
    [
        (K, r"must be in \[0, 8\).*Received values in \[8, 8\]"),
        (-1, r"must be in \[0, 8\)"),
        (np.array([0, 1, 2]), r"must have shape \(4,\)"),
        (np.zeros(4, "float32"), "must be integer class indices"),
    ],
)
def test_generate_bad_labels(untrained, labels, match):
    with pytest.raises(ValueError, match=match):
        untrained.generate(4, labels=labels)


def test_bad_constructor_arguments():
    g = networks.conditional_mlp_generator(num_classes=K)
    d = networks.conditional_mlp_discriminator(num_classes=K)
    with pytest.raises(ValueError, match="`loss` must be one of"):
        models.ConditionalGAN(g, d, num_classes=K, loss="wasserstein")
    with pytest.raises(ValueError, match="`num_classes` must be an integer >= 2"):
        models.ConditionalGAN(g, d, num_classes=1)
    with pytest.raises(ValueError, match=r"generator with inputs \[z, label\]"):
        models.ConditionalGAN(networks.mlp_generator(), d, num_classes=K)
    with pytest.raises(ValueError, match=r"discriminator with inputs \[x, label\]"):
        models.ConditionalGAN(g, networks.mlp_discriminator(), num_classes=K)


def test_fit_rejects_bad_label_batches():
    points, modes = keras_gans.data.load_arrays("ring8", with_labels=True, num_examples=64)
    model = make()
    with pytest.raises(ValueError, match="yields no labels"):
        model.fit(keras_gans.data.to_dataset(points, batch_size=32), epochs=1, verbose=0)
    one_hot = np.eye(K, dtype="int32")[modes]
    with pytest.raises(ValueError, match=r"labels of shape \(batch,\)"):
        model.fit(
            tf.data.Dataset.from_tensor_slices((points, one_hot)).batch(32), epochs=1, verbose=0
        )
    with pytest.raises(ValueError, match="integer class indices"):
        model.fit(
            tf.data.Dataset.from_tensor_slices((points, modes.astype("float32"))).batch(32),
            verbose=0,
        )
    # A value error, raised by fit from an in-graph check, not a graph-execution error.
    with pytest.raises(ValueError, match=r"labels in \[0, 8\) \(num_classes=8\)\. Received values in \[(8|9|1[0-5]), 1[0-5]\]"):
        model.fit(
            tf.data.Dataset.from_tensor_slices((points, modes + K)).batch(32), epochs=1, verbose=0
        )


def test_label_range_check_compiles_under_xla():
    # The check formats the received labels with string ops, which XLA cannot compile:
    # `--recipe=cgan_mnist` with the CLI's --jit_compile=auto failed at its first step.
    model = make()
    model.compile(**adam_pair(1e-3), jit_compile=True)
    logs = model.fit(ring8_labelled(16), epochs=1, steps_per_epoch=2, verbose=0).history
    assert np.isfinite(logs["d_loss"][-1])
