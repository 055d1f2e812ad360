"""InfoGAN's mutual-information loss: the variational bound as pure functions.

InfoGAN maximises ``L_I(G, Q) = E[log Q(c | G(z, c))] + H(c) <= I(c; G(z, c))``.
``H(c)`` is a constant of the fixed code prior, so the loss to minimise is the
negative log-likelihood of the codes under Q: a cross-entropy for the
categorical code and a Gaussian NLL for the continuous codes.
"""

import math

import tensorflow as tf

from keras_gans.losses.auxiliary import class_cross_entropy


def categorical_code_loss(code_logits, codes):
    """``-E log Q(c | x)`` for a categorical code: softmax cross-entropy.

    Args:
        code_logits: Q's logits (batch, K). codes: int (batch,) in [0, K).
    """
    return class_cross_entropy(code_logits, codes)


def gaussian_code_loss(predicted_mean, codes, log_std=0.0):
    """``-E log Q(c | x)`` for continuous codes under a factored Gaussian Q.

    Per example: ``sum_d 0.5 ((c_d - mu_d) / s)^2 + log s + 0.5 log(2 pi)``
    with ``s = exp(log_std)``, averaged over the batch. With the fixed
    ``log_std=0`` (the InfoGAN reference code's default) this is half the
    summed squared error plus a constant.

    Args:
        predicted_mean: Q's means (batch, D). codes: the sampled codes (batch, D).
        log_std: scalar or (batch, D) log standard deviation.
    """
    mean = tf.cast(predicted_mean, tf.float32)
    codes = tf.cast(codes, tf.float32)
    log_std = tf.cast(log_std, tf.float32)
    nll = 0.5 * tf.square((codes - mean) * tf.exp(-log_std)) + log_std + 0.5 * math.log(2 * math.pi)
    return tf.reduce_mean(tf.reduce_sum(nll, axis=-1))


def information_loss(
    code_logits, codes, continuous_mean=None, continuous_codes=None, continuous_weight=1.0
):
    """InfoGAN's ``-L_I`` (up to ``H(c)``): categorical plus weighted continuous NLL.

    Args:
        code_logits, codes: Q's categorical logits and the categorical codes.
        continuous_mean, continuous_codes: Q's continuous means and the codes,
            or None when the model has no continuous codes.
        continuous_weight: weight of the continuous term (the paper uses a
            smaller weight for continuous codes than for discrete ones).

    Returns:
        Scalar float32 to be multiplied by lambda and added to both D's and G's losses.

    Reference: Chen et al., "InfoGAN: Interpretable Representation Learning by
    Information Maximizing Generative Adversarial Nets", NeurIPS 2016, Eq. 5-6.
    """
    loss = categorical_code_loss(code_logits, codes)
    if continuous_mean is not None:
        loss = loss + continuous_weight * gaussian_code_loss(continuous_mean, continuous_codes)
    return loss
