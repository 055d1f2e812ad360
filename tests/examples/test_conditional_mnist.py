"""Smoke test: the conditional MNIST example trains one step, draws its grid and exports."""

import importlib.util
import os

import numpy as np
import pytest
import tensorflow as tf
from PIL import Image

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _example():
    spec = importlib.util.spec_from_file_location(
        "conditional_mnist", os.path.join(ROOT, "examples", "conditional_mnist.py")
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_main_runs_one_tiny_step(tmp_path):
    paths = _example().main(
        [
            "--steps=1",
            "--batch_size=8",
            "--latent_dim=4",
            "--base_filters=2",
            f"--output_dir={tmp_path / 'run'}",
            f"--export_dir={tmp_path / 'export'}",
        ]
    )
    grid = np.asarray(Image.open(paths["grid"]))
    assert grid.shape == (280, 280)  # 10 rows (labels) x 10 samples of 28x28
    assert os.path.exists(paths["model"])
    signature = tf.saved_model.load(paths["export"]).signatures["serving_default"]
    assert sorted(signature.structured_input_signature[1]) == ["label", "z"]
    assert os.path.exists(os.path.join(paths["export"], "model.tflite"))
    assert os.path.exists(os.path.join(paths["export"], "model.onnx"))


def test_unknown_model_is_an_error():
    with pytest.raises(ValueError, match="`model` must be 'cgan', 'acgan' or 'infogan'"):
        _example().build_model("wgan")
