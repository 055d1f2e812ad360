"""Energy-based GAN losses: autoencoder energy, margin loss and pulling-away term.

Reference: Zhao, Mathieu & LeCun, "Energy-based Generative Adversarial
Network", ICLR 2017.
"""

import tensorflow as tf


def _f32(x):
    return tf.cast(tf.convert_to_tensor(x), tf.float32)


def reconstruction_energy(inputs, reconstructions):
    """Per-example energy ``D(x) = mean((Dec(Enc(x)) - x)^2)`` over non-batch axes.

    The paper writes ``||Dec(Enc(x)) - x||``; the mean squared error is what
    its reference code computes and keeps the margin independent of the
    example size.

    Args:
        inputs: ``(batch, ...)`` examples.
        reconstructions: the autoencoder's outputs, same shape.

    Returns:
        float32 ``(batch,)`` energies.
    """
    inputs, reconstructions = _f32(inputs), _f32(reconstructions)
    if inputs.shape.rank is not None and reconstructions.shape.rank is not None:
        if inputs.shape.rank != reconstructions.shape.rank:
            raise ValueError(
                "`inputs` and `reconstructions` must have the same rank. "
                f"Received: {inputs.shape} and {reconstructions.shape}"
            )
    squared = tf.square(reconstructions - inputs)
    axes = tf.range(1, tf.rank(squared))
    return tf.reduce_mean(squared, axis=axes)


def energy_discriminator_loss(real_energy, fake_energy, margin=1.0):
    """``E D(x) + E max(0, m - D(G(z)))`` (Zhao et al. 2017, Eq. 1).

    Args:
        real_energy: energies of real examples, any shape.
        fake_energy: energies of generated examples, any shape.
        margin: m > 0; fakes with energy above m no longer push D.

    Returns:
        Scalar float32 loss.
    """
    if not float(margin) > 0.0:
        raise ValueError(f"`margin` must be positive. Received: margin={margin}")
    return tf.reduce_mean(_f32(real_energy)) + tf.reduce_mean(
        tf.nn.relu(float(margin) - _f32(fake_energy))
    )


def energy_generator_loss(fake_energy):
    """``E D(G(z))`` (Zhao et al. 2017, Eq. 2)."""
    return tf.reduce_mean(_f32(fake_energy))


def pulling_away_term(codes, epsilon=1e-12):
    """Mean squared cosine similarity between distinct codes of a batch.

    ``PT(S) = 1 / (N (N - 1)) * sum_{i != j} (s_i . s_j / (|s_i| |s_j|))^2``;
    added to the generator loss (EBGAN-PT) it pushes generated samples apart
    in the autoencoder's code space, against mode collapse.

    Args:
        codes: ``(N, ...)`` codes, N >= 2; flattened per example.
        epsilon: guards the normalisation of an all-zero code.

    Returns:
        Scalar float32 in [0, 1].

    Reference: Zhao et al. 2017, Eq. 5.
    """
    codes = _f32(codes)
    codes = tf.reshape(codes, [tf.shape(codes)[0], -1])
    n = tf.shape(codes)[0]
    tf.debugging.assert_greater_equal(n, 2, message="the pulling-away term needs >= 2 codes")
    unit = codes / tf.sqrt(tf.reduce_sum(tf.square(codes), axis=1, keepdims=True) + epsilon)
    cosine = tf.matmul(unit, unit, transpose_b=True)
    off_diagonal = tf.reduce_sum(tf.square(cosine)) - tf.reduce_sum(tf.square(tf.linalg.diag_part(cosine)))
    n = tf.cast(n, tf.float32)
    return off_diagonal / (n * (n - 1.0))
