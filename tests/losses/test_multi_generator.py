import numpy as np
import pytest

from keras_gans import losses

LN2, LN3 = np.log(2.0), np.log(3.0)


def test_mad_gan_losses_by_hand():
    real = [[0.0, 0.0, 0.0]]  # softmax 1/3 each: -log(1/3) = 1.098612
    fake_0 = [[LN2, 0.0, 0.0]]  # softmax [1/2, 1/4, 1/4]: class 0 -> -log(1/2) = 0.693147
    fake_1 = [[0.0, 0.0, LN3]]  # softmax [1/5, 1/5, 3/5]: class 1 -> -log(1/5) = 1.609438
    # D, one cross-entropy over the pooled 3 rows: (1.098612 + 0.693147 + 1.609438) / 3 = 1.133732
    d = losses.mad_gan_discriminator_loss(real, [fake_0, fake_1])
    assert float(d) == pytest.approx(1.133732, abs=1e-5)
    # G (class 2 = real): -log(1/4) + -log(3/5) = 1.386294 + 0.510826 = 1.897120
    g = losses.mad_gan_generator_loss([fake_0, fake_1])
    assert float(g) == pytest.approx(1.897120, abs=1e-5)


def test_wrong_number_of_classes():
    with pytest.raises(ValueError, match="k \\+ 1 = 3 classes"):
        losses.mad_gan_generator_loss([[[0.0, 0.0]], [[0.0, 0.0]]])
