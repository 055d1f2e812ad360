"""SEGAN's losses: least squares on (noisy, audio) pairs, plus L1 to the clean waveform."""

import tensorflow as tf

from keras_gans.losses.adversarial import least_squares_discriminator_loss
from keras_gans.losses.adversarial import least_squares_generator_loss
from keras_gans.losses.reconstruction import l1_loss


def segan_discriminator_loss(real_outputs, fake_outputs):
    """``1/2 E(D(x, x_c) - 1)^2 + 1/2 E D(G(z, x_c), x_c)^2`` (the paper's equation 4).

    Args:
        real_outputs: D's scores on (noisy, clean) pairs.
        fake_outputs: D's scores on (noisy, enhanced) pairs.

    Reference: Pascual et al., "SEGAN: Speech Enhancement Generative Adversarial Network", 2017.
    """
    return least_squares_discriminator_loss(real_outputs, fake_outputs, a=0.0, b=1.0)


def segan_generator_loss(fake_outputs, clean, enhanced, l1_weight=100.0, adversarial_weight=1.0):
    """``adversarial_weight * 1/2 E(D(G(z, x_c), x_c) - 1)^2 + l1_weight * E|G(z, x_c) - x|`` (equation 5).

    The L1 term is a mean over every sample of the window (as the reference
    code's ``reduce_mean(abs(G - x))``), lambda = 100.

    Returns:
        ``(total, adversarial, l1)`` scalars.
    """
    adversarial = least_squares_generator_loss(fake_outputs, c=1.0)
    l1 = l1_loss(clean, enhanced)
    total = tf.cast(adversarial_weight, tf.float32) * adversarial + tf.cast(l1_weight, tf.float32) * l1
    return total, adversarial, l1
