
import json
import os

import keras
import numpy as np
import pytest
import tensorflow as tf

from keras_gans import models
from keras_gans import networks
from keras_gans import testing
from keras_gans.data.unpaired import thin2thick_digits


def _model(**kwargs):
    def g():
        return networks.resnet_generator(1, num_blocks=1, base_filters=8)

    def d():
        return networks.patchgan_discriminator(1, num_downsampling=1, base_filters=8)

    kwargs.setdefault("image_size", (32, 32))
    return models.CycleGAN(g(), d(), g(), d(), **kwargs)


@pytest.fixture(scope="module")
def domains():
    thin, thick, _, _ = thin2thick_digits()
    return thin[:1000], thick[:1000], thin[-200:], thick[-200:]


def _domain_accuracy(model, classifier, test_a, test_b):
    """Fraction of translations the thin-vs-thick classifier puts in the target domain."""
    to_b = classifier.predict(model.translate(test_a, "a_to_b").reshape(len(test_a), -1))
    to_a = classifier.predict(model.translate(test_b, "b_to_a").reshape(len(test_b), -1))
    return float(np.mean(np.concatenate([to_b == 1, to_a == 0])))


@pytest.fixture(scope="module")
def trained(domains):
    from sklearn.linear_model import LogisticRegression

    thin, thick, test_a, test_b = domains
    classifier = LogisticRegression(max_iter=500).fit(
        np.concatenate([thin, thick]).reshape(2000, -1), np.repeat([0, 1], 1000)
    )
    keras.utils.set_random_seed(0)
    model = _model(pool_size=20, seed=0)
    # Faster than the published 2e-4 so the test stays short.
    model.compile(g_optimizer=keras.optimizers.Adam(1e-3, beta_1=0.5),
                  d_optimizer=keras.optimizers.Adam(1e-3, beta_1=0.5))
    before = _domain_accuracy(model, classifier, test_a, test_b)
    ds_a = tf.data.Dataset.from_tensor_slices(thin).shuffle(1000, seed=0).repeat().batch(8)
    ds_b = tf.data.Dataset.from_tensor_slices(thick).shuffle(1000, seed=1).repeat().batch(8)
    history = model.fit(tf.data.Dataset.zip((ds_a, ds_b)), epochs=1, steps_per_epoch=150, verbose=0)
    after = _domain_accuracy(model, classifier, test_a, test_b)
    return model, before, after, history


@pytest.mark.slow
def test_cyclegan_learns_thin_to_thick(trained, domains):
    model, before, after, history = trained
    # Untrained generators output the same grey blur for both domains, so the
    # domain classifier can put at most about half of them in the right domain.
    assert after >= before + 0.25, (before, after)
    assert after >= 0.8, after
    test_a = domains[2]
    cycled = model.translate(model.translate(test_a, "a_to_b"), "b_to_a")
    assert float(np.mean(np.abs(cycled - test_a))) < 0.25
    assert history.history["cycle_loss"][-1] < 0.5
    assert {"d_loss", "g_loss", "adv_loss", "cycle_loss", "identity_loss"} == set(history.history)


def test_fit_changes_all_four_networks(domains):
    model = _model(pool_size=4)
    model.compile()
    ds = tf.data.Dataset.zip((tf.data.Dataset.from_tensor_slices(domains[0][:8]).batch(4),
                              tf.data.Dataset.from_tensor_slices(domains[1][:8]).batch(4)))
    testing.fit_and_assert_weights_changed(
        model, ds, networks=("generator", "discriminator", "generator_ba", "discriminator_a")
    )
    assert int(model.pool_a.count.numpy()) == 4  # 2 steps x 4 images filled the pool


def test_bad_inputs():
    model = _model(pool_size=0, image_size=None)
    with pytest.raises(ValueError, match="multiples of 4"):
        model.translate(np.zeros((1, 30, 32, 1), "float32"))
    with pytest.raises(ValueError, match="`direction` must be one of"):
        model.translate(np.zeros((1, 32, 32, 1), "float32"), direction="sideways")
    with pytest.raises(ValueError, match="pass image_size"):
        _model(pool_size=50, image_size=None)
    with pytest.raises(ValueError, match="`generator_ba` must be a keras.Model"):
        models.CycleGAN(networks.resnet_generator(1, num_blocks=0), networks.patchgan_discriminator(1),
                        None, networks.patchgan_discriminator(1), pool_size=0)
    with pytest.raises(ValueError, match="identity_weight=0"):
        models.CycleGAN(networks.resnet_generator(1, 3, num_blocks=0), networks.patchgan_discriminator(3),
                        networks.resnet_generator(3, 1, num_blocks=0), networks.patchgan_discriminator(1),
                        pool_size=0)
    with pytest.raises(ValueError, match="must be >= 0"):
        _model(cycle_weight=-1.0)


def test_export_carries_both_directions_in_every_format(tmp_path):
    """b_to_a is not SavedModel-only: TFLite's signature and model_b_to_a.onnx, each checked against Keras.

    Grey A and colour B make a mixed-up direction or example fail on shapes, not only on values.
    """
    from keras_gans.export import export_generator
    from keras_gans.export import run_onnx
    from keras_gans.export import run_tflite

    model = models.CycleGAN(
        networks.resnet_generator(1, 3, num_blocks=1, base_filters=4),
        networks.patchgan_discriminator(3, num_downsampling=1, base_filters=4),
        networks.resnet_generator(3, 1, num_blocks=1, base_filters=4),
        networks.patchgan_discriminator(1, num_downsampling=1, base_filters=4),
        image_size=(16, 16), identity_weight=0.0, seed=0,
    )
    path = export_generator(model, str(tmp_path), onnx=True)
    card = json.load(open(os.path.join(path, "model_card.json")))
    assert card["onnx"]["file"] == "model.onnx" and card["onnx"]["saved_model_only_signatures"] == []
    reverse = card["onnx"]["signatures"]["b_to_a"]
    assert reverse["file"] == "model_b_to_a.onnx" and reverse["saved_model_only_signatures"] == []
    assert reverse["sha256"] == card["files"]["model_b_to_a.onnx"]["sha256"]
    assert card["tflite"]["model.tflite"]["signatures_checked"] == ["b_to_a", "serving_default"]
    signatures = tf.saved_model.load(path).signatures
    rng = np.random.default_rng(0)
    for key, channels, out_channels, onnx_file in (("serving_default", 1, 3, "model.onnx"),
                                                   ("b_to_a", 3, 1, "model_b_to_a.onnx")):
        x = rng.uniform(-1, 1, (2, 16, 24, channels)).astype("float32")
        want = signatures[key](image=tf.constant(x))["image"].numpy()
        assert want.shape == (2, 16, 24, out_channels)
        np.testing.assert_allclose(run_onnx(os.path.join(path, onnx_file), {"image": x})["image"], want, atol=1e-5)
        got = run_tflite(os.path.join(path, "model.tflite"), {"image": x}, signature=key)["image"]
        np.testing.assert_allclose(got, want, atol=1e-4)
