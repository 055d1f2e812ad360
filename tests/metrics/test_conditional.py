"""Label accuracy, code purity and nearest-centre assignment."""

import numpy as np
import pytest

from keras_gans import metrics


def test_label_accuracy():
    # 3 of 4 samples classified as requested
    assert metrics.label_accuracy([0, 1, 2, 3], [0, 1, 2, 0]) == pytest.approx(0.75)


def test_code_purity_finds_the_best_permutation():
    # code 0 -> class 2 (3 of 3), code 1 -> class 0 (2 of 3, one 2),
    # code 2 -> class 1 (1 of 2). Best matching {0:2, 1:0, 2:1}: 3 + 2 + 1 = 6 of 8.
    codes = [0, 0, 0, 1, 1, 1, 2, 2]
    predicted = [2, 2, 2, 0, 0, 2, 1, 0]
    purity, mapping = metrics.code_purity(codes, predicted)
    assert purity == pytest.approx(6 / 8)
    assert mapping == {0: 2, 1: 0, 2: 1}


def test_code_purity_is_one_to_one():
    # Two codes both produce class 0: only one of them may be matched to it.
    purity, _ = metrics.code_purity([0, 0, 1, 1], [0, 0, 0, 0])
    assert purity == pytest.approx(0.5)


def test_nearest_center():
    centers = np.array([[1.0, 0.0], [-1.0, 0.0]])
    assert metrics.nearest_center([[0.9, 0.1], [-2.0, 0.0]], centers).tolist() == [0, 1]


def test_metric_errors():
    with pytest.raises(ValueError, match="same length"):
        metrics.label_accuracy([0, 1], [0])
    with pytest.raises(ValueError, match="integer classes"):
        metrics.label_accuracy([0.0, 1.0], [0, 1])
    with pytest.raises(ValueError, match="non-negative"):
        metrics.code_purity([0, -1], [0, 1])
    with pytest.raises(ValueError, match="same D"):
        metrics.nearest_center(np.zeros((2, 3)), np.zeros((2, 2)))
