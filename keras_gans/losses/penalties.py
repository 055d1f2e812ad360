"""Regularisers of the discriminator that need the discriminator itself."""

import tensorflow as tf


def gradient_penalty(discriminator, real, fake, seed=None, target=1.0, epsilon=1e-12, alpha=None):
    """WGAN-GP penalty ``E (||grad D(x_hat)||_2 - target)^2`` on interpolates.

    One interpolation factor per example, uniform in [0, 1]; the norm is taken
    over all non-batch axes, and ``epsilon`` keeps the square root
    differentiable when a gradient is exactly zero.

    Args:
        discriminator: a callable mapping a batch of samples to outputs.
        real: real samples, shape ``(batch, ...)``.
        fake: generated samples, same shape as ``real``.
        seed: a ``keras.random.SeedGenerator`` or int for the interpolation factors.
        target: the desired gradient norm (1 in WGAN-GP).
        epsilon: added under the square root.
        alpha: the interpolation factors, shape ``(batch, 1, ..., 1)``; None
            draws them here with ``seed`` (models pass their own draw so a
            distributed test can pin it).

    Returns:
        Scalar float32 penalty (not yet multiplied by lambda).

    Reference: Gulrajani et al., "Improved Training of Wasserstein GANs", 2017.
    """
    import keras

    real = tf.cast(real, tf.float32)
    fake = tf.cast(fake, tf.float32)
    if real.shape.rank is not None and fake.shape.rank is not None and real.shape.rank != fake.shape.rank:
        raise ValueError(
            f"`real` and `fake` must have the same rank. Received: {real.shape} and {fake.shape}"
        )
    if alpha is None:
        alpha = keras.random.uniform(interpolation_shape(real), 0.0, 1.0, seed=seed)
    alpha = tf.cast(alpha, tf.float32)
    interpolates = real + alpha * (fake - real)
    return _norm_penalty(discriminator, interpolates, target, epsilon)


def perturbed_gradient_penalty(
    discriminator, real, seed=None, scale=0.5, target=1.0, epsilon=1e-12, perturbation=None
):
    """DRAGAN penalty: the gradient norm near perturbed real data.

    ``x_hat = x + alpha * delta`` with ``delta = scale * std(x) * U[0, 1)`` noise
    and ``alpha ~ U[0, 1]`` per example.

    ``perturbation``, when given, is the offset ``x_hat - x`` itself (shape of
    ``real``) and ``seed``/``scale`` are unused: ``DRAGAN`` draws it in a model
    method so a distributed test can pin it, with ``std`` over the global batch.

    Reference: Kodali et al., "On Convergence and Stability of GANs", 2017.
    """
    import keras

    real = tf.cast(real, tf.float32)
    if perturbation is not None:
        return _norm_penalty(discriminator, real + tf.cast(perturbation, tf.float32), target, epsilon)
    # An int seed would give the noise and alpha the same stream (correlated
    # draws); a SeedGenerator advances between the two calls.
    alpha_seed = seed + 1 if isinstance(seed, int) else seed
    noise = keras.random.uniform(tf.shape(real), 0.0, 1.0, seed=seed)
    alpha = keras.random.uniform(interpolation_shape(real), 0.0, 1.0, seed=alpha_seed)
    std = tf.math.reduce_std(real)
    interpolates = real + alpha * scale * std * noise
    return _norm_penalty(discriminator, interpolates, target, epsilon)


def interpolation_shape(real):
    """``(batch, 1, ..., 1)``: one factor per example, broadcast over the sample axes."""
    return tf.concat([[tf.shape(real)[0]], tf.ones([tf.rank(real) - 1], tf.int32)], axis=0)


def _norm_penalty(discriminator, points, target, epsilon):
    with tf.GradientTape() as tape:
        tape.watch(points)
        outputs = tf.cast(discriminator(points, training=True), tf.float32)
    grads = tape.gradient(outputs, points)
    axes = tf.range(1, tf.rank(grads))
    norms = tf.sqrt(tf.reduce_sum(tf.square(grads), axis=axes) + epsilon)
    return tf.reduce_mean(tf.square(norms - target))
