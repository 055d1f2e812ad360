import math

import numpy as np
import pytest
import tensorflow as tf

from keras_gans import metrics


def _gray(value, shape=(1, 16, 16, 1)):
    # a grey level v in [0, 255] as an image in [-1, 1]
    return np.full(shape, value / 127.5 - 1.0, "float64")


def test_rgb_to_y_bt601_range():
    # white: 16 + 65.481 + 128.553 + 24.966 = 235; black: 16
    rgb = np.stack([np.ones((1, 1, 1, 3)), -np.ones((1, 1, 1, 3))])[:, 0]
    np.testing.assert_allclose(metrics.rgb_to_y(rgb)[:, 0, 0, 0], [235.0, 16.0])


def test_psnr_y_hand_value():
    # Y differs by 10 grey levels everywhere: MSE 100 -> 10 log10(255^2 / 100) = 28.1308 dB
    value = metrics.psnr_y(_gray(0.0), _gray(10.0), crop_border=4)
    assert value[0] == pytest.approx(10 * math.log10(255.0**2 / 100.0), rel=1e-6)


def test_psnr_y_crops_the_border():
    # an error of 100 levels in a 1-pixel frame only, plus 10 levels at one interior pixel:
    # with crop 1 only the interior counts: MSE 100 / 196 pixels (14x14)
    ref = _gray(0.0)
    test = ref.copy()
    test[:, 0, :] = test[:, -1, :] = test[:, :, 0] = test[:, :, -1] = 100 / 127.5 - 1.0
    test[0, 7, 7] = 10 / 127.5 - 1.0
    expected = 10 * math.log10(255.0**2 / (100.0 / 196.0))
    assert metrics.psnr_y(ref, test, crop_border=1)[0] == pytest.approx(expected, rel=1e-6)
    assert metrics.psnr_y(ref, test, crop_border=0)[0] < expected - 10


def test_ssim_y_is_one_for_identical_and_matches_tf():
    rng = np.random.default_rng(0)
    a = rng.uniform(-1, 1, (2, 24, 24, 3))
    b = np.clip(a + rng.normal(0, 0.1, a.shape), -1, 1)
    np.testing.assert_allclose(metrics.ssim_y(a, a, crop_border=2), [1.0, 1.0], atol=1e-6)
    ya, yb = np.round(metrics.rgb_to_y(a)[:, 2:-2, 2:-2]), np.round(metrics.rgb_to_y(b)[:, 2:-2, 2:-2])
    expected = tf.image.ssim(tf.constant(ya, tf.float32), tf.constant(yb, tf.float32), max_val=255.0).numpy()
    np.testing.assert_allclose(metrics.ssim_y(a, b, crop_border=2), expected, rtol=1e-6)


def test_hole_psnr_hand_value():
    # error 0.2 inside the hole, 1 outside (ignored): MSE 0.04, peak-to-peak 2 -> 10 log10(4 / 0.04) = 20 dB
    ref = np.zeros((1, 4, 4, 1))
    mask = np.zeros_like(ref)
    mask[:, 1:3, 1:3] = 1
    test = np.where(mask > 0, 0.2, 1.0)
    assert metrics.hole_psnr(ref, test, mask)[0] == pytest.approx(20.0)


def test_metrics_reject_bad_inputs():
    with pytest.raises(ValueError, match="same shape"):
        metrics.psnr_y(_gray(0.0), _gray(0.0, (1, 8, 8, 1)))
    with pytest.raises(ValueError, match="nothing after a border crop"):
        metrics.psnr_y(_gray(0.0, (1, 8, 8, 1)), _gray(0.0, (1, 8, 8, 1)), crop_border=4)
    with pytest.raises(ValueError, match="11x11"):
        metrics.ssim_y(_gray(0.0), _gray(0.0), crop_border=4)
    with pytest.raises(ValueError, match="hole"):
        metrics.hole_psnr(np.zeros((1, 4, 4, 1)), np.zeros((1, 4, 4, 1)), np.zeros((1, 4, 4, 1)))


def test_high_frequency_energy_by_hand():
    # One bright pixel (value 1) in the middle of a 5x5 zero image: the Laplacian on the 3x3
    # interior is 4 at the centre and -1 at its four neighbours, 0 at the four corners, so the
    # mean square is (16 + 4 * 1) / 9 = 20 / 9. A constant image scores 0.
    spike = np.zeros((1, 5, 5, 1))
    spike[0, 2, 2, 0] = 1.0
    flat = np.full((1, 5, 5, 1), 0.7)
    np.testing.assert_allclose(metrics.high_frequency_energy(np.concatenate([spike, flat])), [20 / 9, 0.0], atol=1e-12)
    # Halving the contrast quarters the energy; a ratio against the spike set reads 0.25.
    assert metrics.high_frequency_ratio(spike, spike / 2) == pytest.approx(0.25)
    # A blurred edge holds less detail than the sharp one.
    sharp = np.zeros((1, 8, 8, 1))
    sharp[:, :, 4:] = 1.0
    blurred = sharp.copy()
    blurred[:, :, 3] = 1 / 3
    blurred[:, :, 4] = 2 / 3
    assert metrics.high_frequency_ratio(sharp, blurred) < 0.5


def test_high_frequency_bad_inputs():
    with pytest.raises(ValueError, match=r"Expected images \(N, H, W, C\) with H, W >= 3. Received shape \(4, 4\)"):
        metrics.high_frequency_energy(np.zeros((4, 4)))
    with pytest.raises(ValueError, match="reference images are flat"):
        metrics.high_frequency_ratio(np.zeros((1, 4, 4, 1)), np.ones((1, 4, 4, 1)))


def test_scene_measures_by_hand():
    """keras_gans.metrics.scenes (pix2pixHD's benchmark and zoo kind): one white pixel on black has luminance
    Laplacian energy (4^2 + 4 x 1^2) / 25 over a 5x5 image; identical sets have L1 0, sharpness 1, FD ~0."""
    from keras_gans.metrics import scenes

    spike = -np.ones((1, 5, 5, 3))
    spike[0, 2, 2] = 1.0
    assert scenes.luminance_detail(spike) == pytest.approx(20 / 25)
    assert scenes.luminance_detail(-np.ones((2, 5, 5, 3))) == 0.0
    rng = np.random.default_rng(0)
    images = rng.uniform(-1, 1, (160, 16, 16, 3))
    assert scenes.scene_statistics(images).shape == (160, 108)
    same = scenes.evaluate(images, images)
    assert same["l1"] == 0.0 and same["sharpness"] == pytest.approx(1.0)
    assert abs(same["frechet_scene_statistics"]) < 1e-6
    half = scenes.evaluate(images * 0.5, images)
    assert half["l1"] == pytest.approx(0.5 * np.mean(np.abs(images)))
    assert half["sharpness"] == pytest.approx(0.25)  # the luminance's Laplacian scales with the image
