"""SEGAN's losses with values derived by hand."""

import numpy as np
import pytest

from keras_gans import losses


def test_segan_discriminator_loss_by_hand():
    # real scores 1, 0 -> 1/2 mean((0)^2, (-1)^2) = 1/2 * 0.5 = 0.25
    # fake scores 0.5, -1 -> 1/2 mean(0.25, 1) = 1/2 * 0.625 = 0.3125; total 0.5625
    value = losses.segan_discriminator_loss(np.array([[1.0], [0.0]]), np.array([[0.5], [-1.0]]))
    assert float(value) == pytest.approx(0.5625)


def test_segan_generator_loss_by_hand():
    # adversarial: fake scores 0.5, 2 -> 1/2 mean((0.5-1)^2, (2-1)^2) = 1/2 * (0.25 + 1) / 2 = 0.3125
    # L1: |clean - enhanced| = |0.1-0.2|, |-0.3-(-0.1)|, |0.5-0.5|, |0-0.4| -> mean(0.1, 0.2, 0, 0.4) = 0.175
    # total with lambda 100: 0.3125 + 17.5 = 17.8125
    clean = np.array([[[0.1], [-0.3]], [[0.5], [0.0]]])
    enhanced = np.array([[[0.2], [-0.1]], [[0.5], [0.4]]])
    total, adversarial, l1 = losses.segan_generator_loss(np.array([[0.5], [2.0]]), clean, enhanced)
    assert float(adversarial) == pytest.approx(0.3125)
    assert float(l1) == pytest.approx(0.175)
    assert float(total) == pytest.approx(17.8125)
    # L1 only (adversarial weight 0): 100 * 0.175
    total, _, _ = losses.segan_generator_loss(np.array([[0.5], [2.0]]), clean, enhanced, adversarial_weight=0.0)
    assert float(total) == pytest.approx(17.5)
