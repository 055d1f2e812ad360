import importlib.util
import json
import os

import keras
import numpy as np
import pytest

EXAMPLES = os.path.join(os.path.dirname(__file__), "..", "..", "examples")


def _load(name):
    spec = importlib.util.spec_from_file_location(name, os.path.join(EXAMPLES, f"{name}.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_pix2pix_example_runs_end_to_end(tmp_path):
    result = _load("pix2pix_edges2digits").run(str(tmp_path), steps=2, batch_size=4, depth=3, base_filters=4)
    from PIL import Image

    grid = np.asarray(Image.open(result["grid"]))
    assert grid.shape == (16 * 32, 3 * 32)  # 16 rows of input | output | target
    assert keras.saving.load_model(result["model"]).l1_weight == 100.0
    with open(os.path.join(result["export"], "model_card.json")) as f:
        card = json.load(f)
    assert card["objective"] == "Pix2Pix"
    assert card["onnx"]["outputs"] == {"image": "image_out"}  # ONNX names each value once


@pytest.mark.slow
def test_cyclegan_example_runs_end_to_end(tmp_path):
    result = _load("cyclegan_digits").run(str(tmp_path), steps=2, batch_size=2, num_blocks=1, base_filters=4)
    for direction in ("a_to_b", "b_to_a"):
        assert os.path.exists(result[direction]) and np.isfinite(result[f"cycle_l1_{direction}"])
    with open(os.path.join(result["export"], "model_card.json")) as f:
        assert json.load(f)["signatures"] == ["a_to_b", "b_to_a", "serving_default"]
