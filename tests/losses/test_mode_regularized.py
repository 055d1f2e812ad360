import numpy as np
import pytest

from keras_gans import losses


def test_geometric_regularizer_by_hand():
    # Per example: (0-3)^2 + (0-4)^2 = 25 and 0; mean 12.5.
    value = losses.geometric_regularizer([[0.0, 0.0], [1.0, 1.0]], [[3.0, 4.0], [1.0, 1.0]])
    assert float(value) == pytest.approx(12.5)


def test_geometric_regularizer_images():
    x = np.ones((2, 2, 2, 1), "float32")
    # Each example: 4 pixels off by 1 -> 4.
    assert float(losses.geometric_regularizer(x, np.zeros_like(x))) == pytest.approx(4.0)


def test_mode_regularizer_by_hand():
    # softplus(-0) = ln 2 = 0.693147, softplus(-2) = 0.126928; mean 0.410038.
    assert float(losses.mode_regularizer([[0.0], [2.0]])) == pytest.approx(0.410038, abs=1e-5)
