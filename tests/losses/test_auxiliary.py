"""ACGAN losses on fixed logits, with values derived by hand."""

import math

import numpy as np
import pytest

from keras_gans import losses

LN2, LN3 = math.log(2.0), math.log(3.0)


def test_class_cross_entropy_hand_values():
    # logits (0, 0), label 0: softmax = (1/2, 1/2) -> -log 1/2 = ln 2 = 0.693147
    assert float(losses.class_cross_entropy([[0.0, 0.0]], [0])) == pytest.approx(LN2, abs=1e-6)
    # logits (ln 3, 0): softmax = (3/4, 1/4); label 0 -> ln(4/3) = 0.287682, label 1 -> ln 4 = 1.386294
    # mean over the batch = (0.287682 + 1.386294) / 2 = 0.836988
    value = losses.class_cross_entropy([[LN3, 0.0], [LN3, 0.0]], np.array([0, 1], "int64"))
    assert float(value) == pytest.approx(0.836988, abs=1e-6)


def test_acgan_discriminator_loss_hand_value():
    # source: softplus(-0) + softplus(0) = 2 ln 2 = 1.386294
    # class: real (0, 0) label 0 -> ln 2 = 0.693147; fake (ln 3, 0) label 1 -> ln 4 = 1.386294
    # total = 1.386294 + 0.5 * (0.693147 + 1.386294) = 2.426015
    value = losses.acgan_discriminator_loss(
        [[0.0]], [[0.0]], [[0.0, 0.0]], [0], [[LN3, 0.0]], [1], class_weight=0.5
    )
    assert float(value) == pytest.approx(2.426015, abs=1e-6)


def test_acgan_discriminator_loss_real_images_only():
    # without fake class logits: 2 ln 2 (source) + ln 2 (real class) = 3 ln 2 = 2.079442
    value = losses.acgan_discriminator_loss([[0.0]], [[0.0]], [[0.0, 0.0]], [0])
    assert float(value) == pytest.approx(2.079442, abs=1e-6)


def test_acgan_generator_loss_hand_value():
    # non-saturating: softplus(-0) = ln 2; class (ln 3, 0) label 0 -> ln(4/3)
    # total = ln 2 + ln(4/3) = ln(8/3) = 0.980829
    value = losses.acgan_generator_loss([[0.0]], [[LN3, 0.0]], [0])
    assert float(value) == pytest.approx(0.980829, abs=1e-6)
    # class_weight 0 leaves only the source term
    assert float(
        losses.acgan_generator_loss([[0.0]], [[LN3, 0.0]], [0], class_weight=0.0)
    ) == pytest.approx(LN2, abs=1e-6)


def test_acgan_losses_fall_when_classes_are_right():
    confident = [[10.0, -10.0]]
    wrong = [[-10.0, 10.0]]
    assert float(losses.acgan_generator_loss([[5.0]], confident, [0])) < float(
        losses.acgan_generator_loss([[5.0]], wrong, [0])
    )
