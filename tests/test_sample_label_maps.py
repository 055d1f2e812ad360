"""The sampler resizes a label map by nearest neighbour, so its colours stay the classes' (the shipped pix2pixHD)."""

import os
import subprocess
import sys

import numpy as np
import pytest

from keras_gans import zoo_quality
from keras_gans.data.scenes import PALETTE

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ENV = {**os.environ, "PYTHONPATH": ROOT, "TF_CPP_MIN_LOG_LEVEL": "2"}
ENV.pop("KERAS_GANS_ZOO", None)
MODEL = "pix2pixhd_label2scene"
pytestmark = pytest.mark.skipif(not os.path.isdir(os.path.join(ROOT, "exports", MODEL)), reason="no shipped model")


def _off_palette(png):
    """The fraction of the shown input's pixels (the grid's left half) whose colour is no class's."""
    from PIL import Image

    shown = np.asarray(Image.open(png).convert("RGB"), "float32")
    half = shown[:, : shown.shape[1] // 2].reshape(-1, 1, 3)
    return float(np.mean(np.abs(half - PALETTE[None]).max(-1).min(-1) > 2))


@pytest.fixture(scope="module")
def small_label_map(tmp_path_factory):
    """A held-out label map at half the trained 128x128, as a user might pass one."""
    from PIL import Image

    labels = zoo_quality.evaluation_data("paired_scenes", 1)[0]["image"][0]
    path = tmp_path_factory.mktemp("scene") / "labels.png"
    image = Image.fromarray(np.uint8(np.round((labels + 1) * 127.5)))
    image.resize((64, 64), Image.NEAREST).save(path)
    return path


def test_sampler_cli_keeps_a_label_maps_classes(small_label_map, tmp_path):
    out = tmp_path / "scene.png"
    run = subprocess.run([sys.executable, "-m", "keras_gans.sample", f"--model={MODEL}", f"--input={small_label_map}",
                          f"--out={out}"], cwd=tmp_path, env=ENV, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0 and f"Wrote {out}" in run.stdout, run.stderr[-2000:]
    assert _off_palette(out) == 0.0


def test_bilinear_resize_blends_label_colours_and_bad_values_are_refused(small_label_map, tmp_path):
    # The sampler's behaviour before --resize: blended edges, colours of no class.
    from keras_gans.sample import sample

    out = tmp_path / "bilinear.png"
    sample(MODEL, str(out), input_path=str(small_label_map), resize="bilinear")
    assert _off_palette(out) > 0.02
    with pytest.raises(ValueError, match="`resize` must be 'auto', 'nearest' or 'bilinear'. Received: resize='cubic'"):
        sample(MODEL, str(out), input_path=str(small_label_map), resize="cubic")
