"""Losses of MAD-GAN: a (k + 1)-way discriminator over k generators and real data."""

import tensorflow as tf


def _f32(x):
    return tf.cast(tf.convert_to_tensor(x), tf.float32)


def _check(logits, num_generators):
    if logits.shape.rank is not None and logits.shape[-1] is not None:
        if logits.shape[-1] != num_generators + 1:
            raise ValueError(
                f"MAD-GAN logits must have k + 1 = {num_generators + 1} classes. "
                f"Received shape {logits.shape}"
            )


def mad_gan_discriminator_loss(real_logits, fake_logits):
    """Cross-entropy of the (k + 1)-way discriminator.

    Class ``i < k`` means "made by generator i", class ``k`` means "real".

    Args:
        real_logits: (n, k + 1) logits on real data (target class k).
        fake_logits: list of k tensors (m, k + 1): logits on generator i's
            samples (target class i).

    Returns:
        Scalar float32: the mean cross-entropy over the pooled batch of real
        data and every generator's samples, ``(CE_real + sum_i CE_i) / (k + 1)``,
        so the real batch and each generator's batch weigh 1:1, as in the
        authors' code (one softmax cross-entropy over the concatenated batch).
        Weighting real against the average of the generators (k:1 against each
        one) would make D care k times less about any single generator.

    Reference: Ghosh et al., "Multi-Agent Diverse Generative Adversarial Networks", CVPR 2018, Eq. 3.
    """
    k = len(fake_logits)
    real_logits = _f32(real_logits)
    _check(real_logits, k)
    real_loss = tf.reduce_mean(-tf.nn.log_softmax(real_logits)[:, k])
    fake_loss = 0.0
    for i, logits in enumerate(fake_logits):
        logits = _f32(logits)
        _check(logits, k)
        fake_loss += tf.reduce_mean(-tf.nn.log_softmax(logits)[:, i])
    return (real_loss + fake_loss) / (k + 1)


def mad_gan_generator_loss(fake_logits):
    """Non-saturating generator loss: the sum over generators i of ``E -log D_real(G_i(z))``.

    Generator i's parameters only reach its own term, so the sum gives every
    generator the full-strength gradient of its own loss.

    Args:
        fake_logits: list of k tensors (m, k + 1).

    Returns:
        Scalar float32.

    Reference: Ghosh et al. 2018 (the generators fool the "real" class).
    """
    k = len(fake_logits)
    total = 0.0
    for logits in fake_logits:
        logits = _f32(logits)
        _check(logits, k)
        total += tf.reduce_mean(-tf.nn.log_softmax(logits)[:, k])
    return total
