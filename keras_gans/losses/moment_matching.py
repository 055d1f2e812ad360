"""The moment-matching loss of GMMNs: sqrt(MMD²) with a sum of Gaussian kernels."""

import tensorflow as tf

# Li et al.'s bandwidths on MNIST pixels in [0, 1].
PAPER_BANDWIDTHS = (2.0, 5.0, 10.0, 20.0, 40.0, 80.0)


def _f32(x):
    return tf.cast(tf.convert_to_tensor(x), tf.float32)


def _flat(x):
    return tf.reshape(x, [tf.shape(x)[0], -1])


def multi_gaussian_kernel(x, y, bandwidths):
    """``k(x, y) = sum_s exp(-|x - y|² / (2 s²))`` for every pair of rows: ``(n, m)``.

    Examples of any shape are flattened; the squared distances come from
    ``|x|² + |y|² - 2 x.y``, clipped at 0 against rounding.
    """
    x, y = _flat(_f32(x)), _flat(_f32(y))
    squared = (
        tf.reduce_sum(tf.square(x), axis=1)[:, None]
        + tf.reduce_sum(tf.square(y), axis=1)[None, :]
        - 2.0 * tf.matmul(x, y, transpose_b=True)
    )
    squared = tf.maximum(squared, 0.0)
    return tf.add_n([tf.exp(-squared / (2.0 * float(s) ** 2)) for s in bandwidths])


def mmd2(x, y, bandwidths=PAPER_BANDWIDTHS):
    """The biased (V-statistic) MMD² between two sets with :func:`multi_gaussian_kernel`.

    ``mean k(x, x') + mean k(y, y') - 2 mean k(x, y)``, diagonals included, so
    it is never negative and its square root is defined.

    Args:
        x, y: ``(n, ...)`` and ``(m, ...)`` samples of the same example shape.
        bandwidths: the kernel widths ``s``.

    Returns:
        A float32 scalar.
    """
    if not bandwidths or any(float(s) <= 0 for s in bandwidths):
        raise ValueError(
            f"`bandwidths` must be positive numbers. Received: bandwidths={bandwidths!r}"
        )
    return (
        tf.reduce_mean(multi_gaussian_kernel(x, x, bandwidths))
        + tf.reduce_mean(multi_gaussian_kernel(y, y, bandwidths))
        - 2.0 * tf.reduce_mean(multi_gaussian_kernel(x, y, bandwidths))
    )


def gmmn_loss(real, fake, bandwidths=PAPER_BANDWIDTHS, epsilon=1e-8):
    """``sqrt(MMD²(real, fake) + epsilon)``, the generator's loss in Li et al.

    The epsilon keeps the gradient finite where the two sets coincide (MMD² = 0).

    Reference: Li, Swersky & Zemel, "Generative Moment Matching Networks", ICML 2015, equation 5
    and Section 3.2 (the square root, and a sum of kernels over several bandwidths).
    """
    return tf.sqrt(tf.maximum(mmd2(real, fake, bandwidths), 0.0) + epsilon)
