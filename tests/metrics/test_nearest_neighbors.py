"""1-NN accuracy, precision/recall and density/coverage vs brute-force loops and known cases."""

import numpy as np
import pytest

from keras_gans.metrics.nearest_neighbors import density_coverage
from keras_gans.metrics.nearest_neighbors import one_nn_accuracy
from keras_gans.metrics.nearest_neighbors import precision_recall


def _dist(p, q):
    return float(np.sqrt(((p - q) ** 2).sum()))


def _kth(points, i, k):
    return sorted(_dist(points[i], points[j]) for j in range(len(points)) if j != i)[k - 1]


@pytest.fixture
def sets(gaussian_sets):
    return gaussian_sets((40, 30), 3, scale=1.5, shift=0.5)


def test_one_nn_matches_brute_force(sets):
    real, fake = sets
    pooled = np.concatenate([real, fake])
    labels = [1] * len(real) + [0] * len(fake)
    correct = 0
    for i in range(len(pooled)):
        j = min((j for j in range(len(pooled)) if j != i), key=lambda j: _dist(pooled[i], pooled[j]))
        correct += labels[i] == labels[j]
    assert one_nn_accuracy(real, fake) == pytest.approx(correct / len(pooled))


def test_one_nn_known_cases():
    rng = np.random.default_rng(1)
    real = rng.standard_normal((100, 2))
    assert one_nn_accuracy(real, real + 100.0) == 1.0  # separated
    assert one_nn_accuracy(real, real.copy()) == 0.0  # a copy: every neighbour is the twin
    same = one_nn_accuracy(rng.standard_normal((500, 2)), rng.standard_normal((500, 2)))
    assert 0.4 < same < 0.6


def test_precision_recall_matches_brute_force(sets):
    real, fake = sets
    k = 3
    real_r = [_kth(real, i, k) for i in range(len(real))]
    fake_r = [_kth(fake, i, k) for i in range(len(fake))]
    precision = np.mean([any(_dist(f, r) <= rr for r, rr in zip(real, real_r, strict=True)) for f in fake])
    recall = np.mean([any(_dist(r, f) <= fr for f, fr in zip(fake, fake_r, strict=True)) for r in real])
    result = precision_recall(real, fake, k=k)
    assert result["precision"] == pytest.approx(precision)
    assert result["recall"] == pytest.approx(recall)


def test_density_coverage_matches_brute_force(sets):
    real, fake = sets
    k = 5
    radii = [_kth(real, i, k) for i in range(len(real))]
    density = sum(_dist(f, r) <= rr for f in fake for r, rr in zip(real, radii, strict=True)) / (k * len(fake))
    coverage = np.mean([any(_dist(f, r) <= rr for f in fake) for r, rr in zip(real, radii, strict=True)])
    result = density_coverage(real, fake, k=k)
    assert result["density"] == pytest.approx(density)
    assert result["coverage"] == pytest.approx(coverage)


def test_identical_and_separated_sets():
    rng = np.random.default_rng(2)
    real = rng.standard_normal((200, 4))
    assert precision_recall(real, real.copy()) == {"precision": 1.0, "recall": 1.0}
    assert density_coverage(real, real.copy())["coverage"] == 1.0
    far = real + 50.0
    assert precision_recall(real, far) == {"precision": 0.0, "recall": 0.0}
    assert density_coverage(real, far) == {"density": 0.0, "coverage": 0.0}
    # Half the fake points collapse onto one real point: precision stays 1, recall drops.
    collapsed = np.repeat(real[:1], 200, axis=0)
    result = precision_recall(real, collapsed)
    assert result["precision"] == 1.0 and result["recall"] < 0.05


def test_bad_inputs():
    with pytest.raises(ValueError, match="`k` must be"):
        precision_recall(np.zeros((3, 2)), np.zeros((3, 2)), k=3)
    with pytest.raises(ValueError, match="same feature size"):
        one_nn_accuracy(np.zeros((3, 2)), np.zeros((3, 5)))
