"""The policy-gradient loss of a sequence generator rewarded by a discriminator (SeqGAN)."""

import tensorflow as tf


def policy_gradient_loss(log_probs, rewards):
    """REINFORCE loss ``-mean_{b,t} log G(y_t | y_<t) * Q(y_<t, y_t)``.

    The gradient of this loss is the (negated, averaged) policy gradient of
    SeqGAN's Eq. 6: every token's log-probability weighted by the reward of
    the state-action pair ``(y_<t, y_t)``, which the caller holds fixed (the
    discriminator's verdict on Monte-Carlo completions; no gradient flows into
    it). The reference code sums over the batch and the time steps; the mean
    differs by a constant factor (``batch * length``), which Adam ignores,
    and a mean over this replica's examples is what ``replica_scale`` expects.

    Args:
        log_probs: float ``(batch, length)``: ``log G(y_t | y_<t)`` of the
            tokens the generator sampled.
        rewards: float ``(batch, length)``: the action values ``Q``, treated as
            constants (``tf.stop_gradient`` is applied here).

    Returns:
        Scalar float32 loss.

    Raises:
        ValueError: the two shapes differ (when known).

    Reference: Yu et al., "SeqGAN: Sequence Generative Adversarial Nets with
    Policy Gradient", AAAI 2017, Eq. 6-8.
    """
    log_probs = tf.cast(tf.convert_to_tensor(log_probs), tf.float32)
    rewards = tf.stop_gradient(tf.cast(tf.convert_to_tensor(rewards), tf.float32))
    if log_probs.shape.is_fully_defined() and rewards.shape.is_fully_defined() and log_probs.shape != rewards.shape:
        raise ValueError(
            "`log_probs` and `rewards` must have the same shape (batch, length). "
            f"Received: log_probs.shape={tuple(log_probs.shape)}, rewards.shape={tuple(rewards.shape)}"
        )
    return -tf.reduce_mean(log_probs * rewards)


def token_log_probs(logits, tokens):
    """``log softmax(logits)[..., token]``: the log-probability of each token, shape of ``tokens``."""
    logits = tf.cast(logits, tf.float32)
    return -tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.cast(tokens, tf.int32), logits=logits)


def sequence_nll(logits, tokens):
    """Mean negative log-likelihood per token (MLE pre-training; the oracle NLL)."""
    return -tf.reduce_mean(token_log_probs(logits, tokens))
