"""The regularizers of Mode Regularized GANs (Che et al. 2017)."""

import tensorflow as tf


def _f32(x):
    return tf.cast(tf.convert_to_tensor(x), tf.float32)


def geometric_regularizer(real, reconstructed):
    """``E_x || x - G(E(x)) ||_2^2``: the squared L2 reconstruction error, averaged over x.

    Args:
        real: (n, ...) data x.
        reconstructed: (n, ...) ``G(E(x))``.

    Returns:
        Scalar float32: the per-example sum of squares, averaged over the batch.

    Reference: Che et al., "Mode Regularized Generative Adversarial Networks", ICLR 2017, Eq. 3.
    """
    diff = _f32(real) - _f32(reconstructed)
    per_example = tf.reduce_sum(tf.reshape(tf.square(diff), (tf.shape(diff)[0], -1)), axis=1)
    return tf.reduce_mean(per_example)


def mode_regularizer(reconstructed_logits):
    """``E_x -log D(G(E(x)))``: pushes reconstructions of every real mode to look real.

    The non-saturating form of the paper's ``log D(G(E(x)))`` term (a logit
    input; ``-log sigmoid(l) = softplus(-l)``). Because every real x is mapped
    to a reconstruction, the generator is rewarded for covering every mode x
    comes from, not only the ones it already produces.

    Reference: Che et al. 2017, Eq. 3.
    """
    return tf.reduce_mean(tf.nn.softplus(-_f32(reconstructed_logits)))
