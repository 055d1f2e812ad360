"""Smoke tests: each restoration example runs end to end with a couple of steps."""

import importlib.util
import os

import numpy as np
import pytest
from PIL import Image

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def load_example(name):
    spec = importlib.util.spec_from_file_location(name, os.path.join(ROOT, "examples", f"{name}.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def grid_shape(path):
    return np.asarray(Image.open(path)).shape


def test_srgan_photos_example(tmp_path):
    result = load_example("srgan_photos").run(
        str(tmp_path), pretrain_steps=2, gan_steps=2, num_blocks=1, filters=8, hr_size=32, batch_size=4, num_examples=2
    )
    assert grid_shape(result["grid"]) == (2 * 128, 3 * 128, 3)  # rows: photos; columns: bicubic | SRGAN | HR
    assert np.isfinite(result["psnr_y"]["srgan"]).all() and os.path.exists(result["model"])


def test_srgan_photos_example_cpu_recipe_starts_at_bicubic(tmp_path):
    result = load_example("srgan_photos").run(
        str(tmp_path), pretrain_steps=1, gan_steps=1, num_blocks=1, filters=8, hr_size=32, batch_size=4, num_examples=2,
        bicubic_residual=True, upsampling="final",
    )
    # Zero-initialised residual over bicubic: two small Adam steps leave it within a hair of bicubic.
    np.testing.assert_allclose(result["psnr_y"]["srgan"], result["psnr_y"]["bicubic"], atol=0.3)


def test_srgan_photos_example_needs_vgg_weights_for_vgg_loss(tmp_path):
    with pytest.raises(ValueError, match="vgg19_weights"):
        load_example("srgan_photos").run(str(tmp_path), content_features="vgg19")


def test_stargan_digits_example(tmp_path):
    result = load_example("stargan_digits").run(str(tmp_path), steps=2, batch_size=4, filters=8, num_residual=1, d_steps=1, num_examples=2)
    assert grid_shape(result["grid"]) == (2 * 28, 7 * 28, 3)  # input + 6 domains
    assert len(result["columns"]) == 7


def test_completion_digits_example(tmp_path):
    result = load_example("completion_digits").run(str(tmp_path), reconstruction_steps=2, discriminator_steps=2, adversarial_steps=2, batch_size=8, filters=4, num_examples=3)
    assert grid_shape(result["grid"]) == (3 * 28, 3 * 28)  # masked | completed | original; greyscale
    assert np.isfinite(result["hole_psnr"])
