import json
import os

import numpy as np
import pytest
import tensorflow as tf

import keras_gans as kg
from keras_gans import testing


@pytest.fixture(scope="module")
def small_dcgan():
    g = kg.networks.dcgan_generator((28, 28, 1), latent_dim=16, base_filters=8)
    d = kg.networks.dcgan_discriminator((28, 28, 1), base_filters=8)
    gan = kg.models.DCGAN((28, 28, 1), latent_dim=16, generator=g, discriminator=d, seed=0)
    gan.compile()
    gan.fit(kg.data.load("mnist_5k", batch_size=32, seed=0), epochs=1, steps_per_epoch=3, verbose=0)
    return gan


def test_export_parity_savedmodel_cli_and_litert(small_dcgan, tmp_path):
    z = small_dcgan.latent_vectors(5, seed=3)
    version_dir = testing.assert_export_parity(small_dcgan, str(tmp_path / "dcgan"), {"z": z})

    assert version_dir.endswith(os.path.join("dcgan", "1"))
    for name in ("saved_model.pb", "model.tflite", "model_card.json"):
        assert os.path.exists(os.path.join(version_dir, name))


def test_signature_and_model_card(small_dcgan, tmp_path):
    version_dir = kg.export.export_generator(small_dcgan, str(tmp_path / "e"))
    loaded = tf.saved_model.load(version_dir)
    sig = loaded.signatures["serving_default"]
    assert list(sig.structured_input_signature[1]) == ["z"]
    assert sig.structured_input_signature[1]["z"].shape.as_list() == [None, 16]
    assert list(sig.structured_outputs) == ["images"]
    # Dynamic batch: 1 and 7 both work.
    for n in (1, 7):
        out = sig(z=tf.zeros((n, 16)))["images"]
        assert out.shape == (n, 28, 28, 1)
    card = json.load(open(os.path.join(version_dir, "model_card.json")))
    assert card["objective"] == "DCGAN" and card["latent_dim"] == 16
    assert card["value_range"] == [-1.0, 1.0]
    assert card["outputs"]["images"]["shape"] == [None, 28, 28, 1]
    assert card["versions"]["tensorflow"] == tf.__version__
    assert card["tflite"]["model.tflite"]["max_abs_diff_vs_keras"] <= 1e-5


def test_saved_model_cli_show_lists_signature(small_dcgan, tmp_path):
    import subprocess
    import sys

    version_dir = kg.export.export_generator(small_dcgan, str(tmp_path / "e"), tflite=False)
    # Each weight is stored once (tracking the generator as well stored every weight twice).
    weight_bytes = sum(4 * int(np.prod(w.shape)) for w in small_dcgan.generator.weights)
    stored = os.path.getsize(os.path.join(version_dir, "variables", "variables.data-00000-of-00001"))
    assert weight_bytes <= stored < 1.2 * weight_bytes + 4096, (stored, weight_bytes)
    cli = os.path.join(os.path.dirname(sys.executable), "saved_model_cli")
    out = subprocess.run([cli, "show", "--dir", version_dir, "--all"], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "signature_def['serving_default']" in out.stdout
    assert "inputs['z']" in out.stdout and "outputs['images']" in out.stdout


def test_versions_increment_and_existing_untouched(small_dcgan, tmp_path):
    base = str(tmp_path / "v")
    first = kg.export.export_generator(small_dcgan, base, tflite=False)
    before = open(os.path.join(first, "saved_model.pb"), "rb").read()
    second = kg.export.export_generator(small_dcgan, base, tflite=False)
    assert kg.export.existing_versions(base) == [1, 2]
    assert second.endswith("2")
    assert open(os.path.join(first, "saved_model.pb"), "rb").read() == before
    with pytest.raises(ValueError, match="Version 2 already exists"):
        kg.export.export_generator(small_dcgan, base, version=2, tflite=False)
    kg.export.export_generator(small_dcgan, base, version=10, tflite=False)
    assert kg.export.next_version(base) == 11


def test_failed_export_leaves_no_version(small_dcgan, tmp_path, monkeypatch):
    base = str(tmp_path / "f")
    kg.export.export_generator(small_dcgan, base, tflite=False)

    def broken(*args, **kwargs):
        raise RuntimeError("converter crashed")

    monkeypatch.setattr(kg.export.generator.tflite_lib, "convert_saved_model", broken)
    with pytest.raises(RuntimeError, match="converter crashed"):
        kg.export.export_generator(small_dcgan, base)
    assert sorted(os.listdir(base)) == ["1"]  # no staging leftovers, no version 2
    assert tf.saved_model.load(os.path.join(base, "1")) is not None


def test_export_dir_errors(small_dcgan, tmp_path):
    file_path = tmp_path / "file"
    file_path.write_text("x")
    with pytest.raises(ValueError, match="exists and is a file"):
        kg.export.export_generator(small_dcgan, str(file_path))
    with pytest.raises(ValueError, match="positive integer. Received: version=0"):
        kg.export.export_generator(small_dcgan, str(tmp_path / "x"), version=0)


def test_tflite_wrong_shape_is_a_clear_error(small_dcgan, tmp_path):
    version_dir = kg.export.export_generator(small_dcgan, str(tmp_path / "t"))
    path = os.path.join(version_dir, "model.tflite")
    with pytest.raises(ValueError, match="expects shape \\(-1, 16\\).*Received shape \\(2, 15\\)"):
        kg.export.run_tflite(path, {"z": np.zeros((2, 15), "float32")})
    with pytest.raises(ValueError, match="takes inputs \\['z'\\]. Received: \\['noise'\\]"):
        kg.export.run_tflite(path, {"noise": np.zeros((2, 16), "float32")})
