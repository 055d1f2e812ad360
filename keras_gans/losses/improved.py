"""Losses of the "improved techniques" (Salimans et al. 2016) and common tricks.

Pure functions of tensors; the models in ``models/improved_gan.py`` combine them.
"""

import tensorflow as tf


def _f32(x):
    return tf.cast(tf.convert_to_tensor(x), tf.float32)


def feature_matching_loss(real_features, fake_features):
    """``|| E f(x) - E f(G(z)) ||_2^2`` over the batch means of intermediate features.

    Args:
        real_features: (n, ...) features of a discriminator layer on real data.
        fake_features: (m, ...) the same layer on generated data.

    Returns:
        Scalar float32: the squared L2 distance of the two feature means.

    Reference: Salimans et al., "Improved Techniques for Training GANs", 2016, Section 3.1.
    """
    real_mean = tf.reduce_mean(_f32(real_features), axis=0)
    fake_mean = tf.reduce_mean(_f32(fake_features), axis=0)
    return tf.reduce_sum(tf.square(real_mean - fake_mean))


def historical_averaging_penalty(variables, averages):
    """``sum_i || theta_i - mean_t theta_i[t] ||_2^2`` over a network's variables.

    Args:
        variables: list of parameter tensors.
        averages: list of the same shapes: their running averages over past steps.

    Returns:
        Scalar float32 penalty (not yet multiplied by its weight).

    Raises:
        ValueError: the lists differ in length.

    Reference: Salimans et al. 2016, Section 3.3.
    """
    variables, averages = list(variables), list(averages)
    if len(variables) != len(averages):
        raise ValueError(
            f"`variables` and `averages` must have the same length. "
            f"Received: {len(variables)} and {len(averages)}"
        )
    total = tf.constant(0.0)
    for value, average in zip(variables, averages, strict=True):
        total += tf.reduce_sum(tf.square(_f32(value) - _f32(average)))
    return total


def binary_cross_entropy_with_targets(logits, targets):
    """Mean sigmoid cross-entropy ``-t log D - (1 - t) log(1 - D)`` with per-example targets.

    Uses ``-log sigmoid(l) = softplus(-l)`` and ``-log(1 - sigmoid(l)) = softplus(l)``.
    ``targets`` broadcasts against ``logits`` (a scalar or one per example).
    """
    logits, targets = _f32(logits), _f32(targets)
    return tf.reduce_mean(
        targets * tf.nn.softplus(-logits) + (1.0 - targets) * tf.nn.softplus(logits)
    )


def flipped_label_discriminator_loss(
    real_logits, fake_logits, flip_real, flip_fake, label_smoothing=0.0
):
    """The GAN discriminator loss with some examples' labels swapped (label flipping).

    A flipped real example gets the fake target 0; a flipped fake example gets
    the real target ``1 - label_smoothing`` (smoothing stays one-sided: only
    "real" targets are softened).

    Args:
        real_logits, fake_logits: (n, 1) or (n,) discriminator logits.
        flip_real, flip_fake: 0/1 masks broadcastable to the logits; 1 flips.
        label_smoothing: one-sided smoothing of the real target, in [0, 1).

    Returns:
        Scalar float32: mean cross-entropy on real plus mean on fake.

    Raises:
        ValueError: ``label_smoothing`` outside [0, 1).

    Reference: Salimans et al. 2016, Section 3.4 (one-sided smoothing);
    label flipping is a widespread trick (Chintala et al., "ganhacks", 2016).
    """
    if not 0.0 <= label_smoothing < 1.0:
        raise ValueError(
            f"`label_smoothing` must be in [0, 1). Received: label_smoothing={label_smoothing}"
        )
    positive = 1.0 - label_smoothing
    flip_real, flip_fake = _f32(flip_real), _f32(flip_fake)
    real_targets = positive * (1.0 - flip_real)
    fake_targets = positive * flip_fake
    return binary_cross_entropy_with_targets(real_logits, real_targets) + (
        binary_cross_entropy_with_targets(fake_logits, fake_targets)
    )
