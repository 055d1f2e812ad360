import numpy as np
import pytest

from keras_gans import losses


def test_l1_loss_by_hand():
    # |0 - 1| + |0.5 - 0| + |-1 - (-0.5)| + |1 - 1| = 1 + 0.5 + 0.5 + 0 = 2; mean over 4 = 0.5
    target = np.array([[0.0, 0.5], [-1.0, 1.0]])
    output = np.array([[1.0, 0.0], [-0.5, 1.0]])
    assert float(losses.l1_loss(target, output)) == pytest.approx(0.5)
    assert float(losses.l1_loss(target, target)) == 0.0


def test_cycle_consistency_loss_by_hand():
    # A: |1 - 0.5| = 0.5 and |0 - 0| = 0 -> mean 0.25; B: |-1 - 0| = 1, |1 - 1| = 0 -> mean 0.5.
    # total 0.25 + 0.5 = 0.75
    value = losses.cycle_consistency_loss([1.0, 0.0], [0.5, 0.0], [-1.0, 1.0], [0.0, 1.0])
    assert float(value) == pytest.approx(0.75)


def test_identity_loss_by_hand():
    # A: mean(|0.2 - 0.2|, |0.4 - 0.0|) = 0.2; B: mean(|1 - 0.25|) = 0.75 -> 0.95
    value = losses.identity_loss([0.2, 0.4], [0.2, 0.0], [[1.0]], [[0.25]])
    assert float(value) == pytest.approx(0.95)


def test_l1_loss_shape_mismatch():
    with pytest.raises(ValueError, match="same shape"):
        losses.l1_loss(np.zeros((2, 3)), np.zeros((3, 2)))
