"""InfoGAN's information loss on fixed inputs, with values derived by hand."""

import math

import pytest

from keras_gans import losses

HALF_LOG_2PI = 0.5 * math.log(2.0 * math.pi)  # 0.918939


def test_categorical_code_loss_is_cross_entropy():
    # logits (0, 0, 0, 0), code 2: -log 1/4 = ln 4 = 1.386294
    assert float(losses.categorical_code_loss([[0.0] * 4], [2])) == pytest.approx(
        1.386294, abs=1e-6
    )


def test_gaussian_code_loss_hand_values():
    # mean (0, 0), code (1, -1), std 1: per dim 0.5 * 1 + 0 + 0.918939 = 1.418939; sum = 2.837877
    assert float(losses.gaussian_code_loss([[0.0, 0.0]], [[1.0, -1.0]])) == pytest.approx(
        2.837877, abs=1e-5
    )
    # std 2 (log_std = ln 2): per dim 0.5 * (1/2)^2 + ln 2 + 0.918939 = 1.737086; sum = 3.474172
    assert float(
        losses.gaussian_code_loss([[0.0, 0.0]], [[1.0, -1.0]], log_std=math.log(2.0))
    ) == pytest.approx(3.474172, abs=1e-5)
    # batch mean: second example exact -> 2 * 0.918939 = 1.837877; mean(2.837877, 1.837877) = 2.337877
    value = losses.gaussian_code_loss([[0.0, 0.0], [0.5, 0.5]], [[1.0, -1.0], [0.5, 0.5]])
    assert float(value) == pytest.approx(2.337877, abs=1e-5)
    assert 2 * HALF_LOG_2PI == pytest.approx(1.837877, abs=1e-6)


def test_information_loss_hand_value():
    # categorical: logits (0, 0) code 0 -> ln 2 = 0.693147
    # continuous: mean 0, code 1 -> 0.5 + 0.918939 = 1.418939, weighted 0.5 -> 0.709469
    # total = 1.402616
    value = losses.information_loss([[0.0, 0.0]], [0], [[0.0]], [[1.0]], continuous_weight=0.5)
    assert float(value) == pytest.approx(1.402616, abs=1e-5)
    # without continuous codes only the categorical term remains
    assert float(losses.information_loss([[0.0, 0.0]], [0])) == pytest.approx(
        math.log(2.0), abs=1e-6
    )
