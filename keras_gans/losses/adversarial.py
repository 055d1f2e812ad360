"""Adversarial losses as pure functions of discriminator outputs.

Every function takes discriminator outputs of any shape (a vector of logits, a
PatchGAN map, ...) and returns a float32 scalar: the mean over all elements.
Logit-based losses use numerically stable ``softplus`` forms:
``-log(sigmoid(x)) = softplus(-x)`` and ``-log(1 - sigmoid(x)) = softplus(x)``.

All losses share one signature so they swap freely (as in compare_gan's
``loss_lib``): discriminator losses take ``(real_logits, fake_logits)`` and
generator losses take ``fake_logits``.
"""

import tensorflow as tf


def _f32(x):
    return tf.cast(tf.convert_to_tensor(x), tf.float32)


def _mean(x):
    return tf.reduce_mean(_f32(x))


def minimax_discriminator_loss(real_logits, fake_logits, label_smoothing=0.0):
    """Discriminator loss of the original GAN: ``-log D(x) - log(1 - D(G(z)))``.

    Args:
        real_logits: discriminator logits on real data, any shape.
        fake_logits: discriminator logits on generated data, any shape.
        label_smoothing: one-sided label smoothing (Salimans et al. 2016): the
            real target becomes ``1 - label_smoothing``; fake stays 0.

    Returns:
        Scalar float32 loss (the mean of each term, summed).

    Reference: Goodfellow et al., "Generative Adversarial Nets", 2014.
    """
    real_logits, fake_logits = _f32(real_logits), _f32(fake_logits)
    if not 0.0 <= label_smoothing < 1.0:
        raise ValueError(
            f"`label_smoothing` must be in [0, 1). Received: label_smoothing={label_smoothing}"
        )
    target = 1.0 - label_smoothing
    real_loss = target * tf.nn.softplus(-real_logits) + (1.0 - target) * tf.nn.softplus(
        real_logits
    )
    return _mean(real_loss) + _mean(tf.nn.softplus(fake_logits))


def minimax_generator_loss(fake_logits):
    """Saturating generator loss ``log(1 - D(G(z)))`` (minimised by G).

    Reference: Goodfellow et al. 2014, Eq. 1.
    """
    return -_mean(tf.nn.softplus(_f32(fake_logits)))


def non_saturating_generator_loss(fake_logits):
    """Non-saturating generator loss ``-log D(G(z))``.

    Reference: Goodfellow et al. 2014, Section 3 (the heuristic used in practice).
    """
    return _mean(tf.nn.softplus(-_f32(fake_logits)))


def least_squares_discriminator_loss(real_outputs, fake_outputs, a=0.0, b=1.0):
    """LSGAN discriminator loss ``1/2 E(D(x) - b)^2 + 1/2 E(D(G(z)) - a)^2``.

    Args:
        real_outputs: raw (linear) discriminator outputs on real data.
        fake_outputs: raw discriminator outputs on generated data.
        a: target for fake data. b: target for real data.

    Reference: Mao et al., "Least Squares Generative Adversarial Networks", 2017.
    """
    return 0.5 * _mean(tf.square(_f32(real_outputs) - b)) + 0.5 * _mean(
        tf.square(_f32(fake_outputs) - a)
    )


def least_squares_generator_loss(fake_outputs, c=1.0):
    """LSGAN generator loss ``1/2 E(D(G(z)) - c)^2``.

    Reference: Mao et al. 2017, Eq. 2.
    """
    return 0.5 * _mean(tf.square(_f32(fake_outputs) - c))


def wasserstein_discriminator_loss(real_outputs, fake_outputs):
    """Critic loss ``E D(G(z)) - E D(x)`` (the negated Wasserstein estimate).

    Reference: Arjovsky et al., "Wasserstein GAN", 2017.
    """
    return _mean(fake_outputs) - _mean(real_outputs)


def wasserstein_generator_loss(fake_outputs):
    """Generator loss ``-E D(G(z))``.

    Reference: Arjovsky et al. 2017.
    """
    return -_mean(fake_outputs)


def hinge_discriminator_loss(real_outputs, fake_outputs):
    """Hinge loss ``E relu(1 - D(x)) + E relu(1 + D(G(z)))``.

    Reference: Miyato et al., "Spectral Normalization for GANs", 2018; Lim & Ye 2017.
    """
    return _mean(tf.nn.relu(1.0 - _f32(real_outputs))) + _mean(
        tf.nn.relu(1.0 + _f32(fake_outputs))
    )


def hinge_generator_loss(fake_outputs):
    """Generator loss for the hinge objective: ``-E D(G(z))``."""
    return -_mean(fake_outputs)
