"""Streaming FID/KID metrics agree with the pure functions."""

import numpy as np
import pytest

from keras_gans.metrics.frechet import frechet_distance
from keras_gans.metrics.kernel import mmd2
from keras_gans.metrics.streaming import FrechetDistance
from keras_gans.metrics.streaming import KernelDistance


@pytest.fixture
def sets(gaussian_sets):
    return gaussian_sets((120, 120), 6, scale=1.3, shift=0.4)


def test_streaming_fid_matches_pure_function(sets):
    real, fake = sets
    metric = FrechetDistance(6)
    for i in range(0, 120, 32):  # uneven last batch
        metric.update_state(real[i : i + 32], fake[i : i + 32])
    assert float(metric.result()) == pytest.approx(frechet_distance(real, fake), rel=1e-6)
    metric.reset_state()
    metric.update_state(real, real)
    assert float(metric.result()) == pytest.approx(0.0, abs=1e-6)


def test_streaming_fid_with_extractor_and_images():
    rng = np.random.default_rng(1)
    images = rng.uniform(-1, 1, (40, 4, 4, 1)).astype("float32")
    other = rng.uniform(-1, 1, (40, 4, 4, 1)).astype("float32") * 0.5

    def extractor(x):
        return np.asarray(x).reshape(len(x), -1)[:, :5] * 2.0  # any injected function

    metric = FrechetDistance(5, extractor=extractor)
    metric.update_state(images, other)
    expected = frechet_distance(extractor(images), extractor(other))
    assert float(metric.result()) == pytest.approx(expected, rel=1e-5)


def test_streaming_kid_with_all_points_equals_unbiased_mmd(sets):
    real, fake = sets
    metric = KernelDistance(6, num_subsets=3, subset_size=1000, max_samples=500)
    for i in range(0, 120, 50):
        metric.update_state(real[i : i + 50], fake[i : i + 50])
    # One subset holding every point (any order) is the full unbiased estimate.
    assert float(metric.result()) == pytest.approx(mmd2(real, fake, kernel="polynomial"), rel=1e-9)


def test_streaming_kid_capacity_and_reset(sets):
    real, fake = sets
    metric = KernelDistance(6, num_subsets=4, subset_size=50, max_samples=60)
    metric.update_state(real, fake)
    assert int(metric.buffers["real"][0].numpy()) == 60  # capacity reached: the rest is ignored
    capped = KernelDistance(6, num_subsets=1, subset_size=60, max_samples=60)
    capped.update_state(real, fake)
    assert float(capped.result()) == pytest.approx(mmd2(real[:60], fake[:60], kernel="polynomial"), rel=1e-9)
    metric.reset_state()
    assert int(metric.buffers["real"][0].numpy()) == 0


def test_bad_arguments():
    with pytest.raises(ValueError, match="num_features"):
        FrechetDistance(0)
    with pytest.raises(ValueError, match="subset_size"):
        KernelDistance(4, subset_size=1)
