"""The terms of the variational lower bound (ELBO) as pure functions, in nats.

Per-example functions return a ``(batch,)`` vector (summed over every
non-batch axis); :func:`negative_elbo` averages over the batch. Images are in
[-1, 1] in the zoo; the Bernoulli likelihood reads them as ``(x + 1) / 2``
(0 and 1 for binarised images).
"""

import math

import tensorflow as tf


def _f32(x):
    return tf.cast(tf.convert_to_tensor(x), tf.float32)


def _sum_per_example(values):
    return tf.reduce_sum(tf.reshape(values, [tf.shape(values)[0], -1]), axis=1)


def gaussian_kl(mean, log_variance):
    """KL(N(mean, diag(exp(log_variance))) || N(0, I)) per example, in nats.

    ``KL = 0.5 * sum(mean² + exp(log_variance) - 1 - log_variance)``, the
    closed form of Kingma & Welling's Appendix B.

    Args:
        mean, log_variance: ``(batch, latent_dim)`` tensors.

    Returns:
        ``(batch,)`` float32.

    Reference: Kingma & Welling, "Auto-Encoding Variational Bayes", ICLR 2014, Appendix B.
    """
    mean, log_variance = _f32(mean), _f32(log_variance)
    return 0.5 * _sum_per_example(tf.square(mean) + tf.exp(log_variance) - 1.0 - log_variance)


def bernoulli_log_likelihood(images, logits):
    """``log p(x | z)`` under independent Bernoullis with ``logits``, per example.

    ``sum x log sigmoid(l) + (1 - x) log(1 - sigmoid(l))`` with ``x = (images + 1) / 2``,
    computed from the logits (no log of a rounded probability).

    Args:
        images: data in [-1, 1] (binarised: -1 and 1).
        logits: the decoder's logits, the shape of ``images``.

    Returns:
        ``(batch,)`` float32 (<= 0).
    """
    targets = (_f32(images) + 1.0) / 2.0
    return -_sum_per_example(
        tf.nn.sigmoid_cross_entropy_with_logits(labels=targets, logits=_f32(logits))
    )


def gaussian_log_likelihood(images, mean, std):
    """``log N(x; mean, std² I)`` per example: ``-sum((x - mean)² / (2 std²) + log std + log(2 pi) / 2)``."""
    images, mean = _f32(images), _f32(mean)
    std = tf.cast(std, tf.float32)
    per_dim = (
        tf.square(images - mean) / (2.0 * tf.square(std))
        + tf.math.log(std)
        + 0.5 * math.log(2.0 * math.pi)
    )
    return -_sum_per_example(per_dim)


def standard_normal_log_density(z):
    """``log N(z; 0, I)`` per example."""
    z = _f32(z)
    return -_sum_per_example(0.5 * tf.square(z) + 0.5 * math.log(2.0 * math.pi))


def diagonal_normal_log_density(z, mean, log_variance):
    """``log N(z; mean, diag(exp(log_variance)))`` per example."""
    z, mean, log_variance = _f32(z), _f32(mean), _f32(log_variance)
    per_dim = 0.5 * (
        tf.square(z - mean) * tf.exp(-log_variance) + log_variance + math.log(2.0 * math.pi)
    )
    return -_sum_per_example(per_dim)


def negative_elbo(log_likelihood, kl):
    """``E_batch[KL - log p(x | z)]``: the VAE's loss in nats per example (a scalar).

    Args:
        log_likelihood: ``(batch,)`` one-sample estimate of ``E_q log p(x | z)``.
        kl: ``(batch,)`` ``KL(q(z | x) || p(z))``.

    Reference: Kingma & Welling, ICLR 2014, equation 10.
    """
    return tf.reduce_mean(_f32(kl) - _f32(log_likelihood))
