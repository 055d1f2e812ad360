"""Hand-derived values of SeqGAN's policy-gradient loss and the sequence NLL.

log-probabilities ln(1/2) and ln(1/4) (= -ln 2 and -2 ln 2), rewards 0.5 and 1.
"""

import math

import numpy as np
import pytest
import tensorflow as tf

from keras_gans import losses

LN2 = math.log(2.0)


def test_policy_gradient_loss_weights_each_log_probability_by_its_reward():
    log_probs = np.array([[-LN2, -2 * LN2], [-2 * LN2, -LN2]], "float32")
    rewards = np.array([[0.5, 1.0], [0.0, 1.0]], "float32")
    # -mean(r * log p) = -(0.5 * -ln2 + 1 * -2 ln2 + 0 + 1 * -ln2) / 4 = (0.5 + 2 + 1) ln2 / 4 = 3.5 ln2 / 4
    np.testing.assert_allclose(float(losses.policy_gradient_loss(log_probs, rewards)), 3.5 * LN2 / 4, rtol=1e-6)


def test_policy_gradient_is_reward_times_score_and_rewards_get_no_gradient():
    # loss = -(1/2) (r1 log softmax(a)_0 + r2 log softmax(b)_1) with a = b = [0, 0]:
    # d/da_0 of -r1/2 * log softmax(a)_0 = -r1/2 * (1 - 1/2) = -r1/4 = -0.25 for r1 = 1;
    # d/db_0 of -r2/2 * log softmax(b)_1 = -r2/2 * (0 - 1/2) = +r2/4 = 0.125 for r2 = 0.5.
    logits = tf.Variable(np.zeros((2, 2), "float32"))
    rewards = tf.Variable([1.0, 0.5])
    with tf.GradientTape() as tape:
        log_probs = losses.token_log_probs(logits, tf.constant([0, 1]))
        loss = losses.policy_gradient_loss(log_probs[None], rewards[None])
    grad_logits, grad_rewards = tape.gradient(loss, [logits, rewards])
    np.testing.assert_allclose(grad_logits.numpy(), [[-0.25, 0.25], [0.125, -0.125]], rtol=1e-6)
    assert grad_rewards is None


def test_sequence_nll_is_the_mean_negative_log_probability_per_token():
    # Two tokens, uniform over 4: -ln(1/4) = 2 ln 2; one over logits [ln 3, 0] picking 0: -ln(3/4).
    logits = np.array([[[0, 0, 0, 0], [0, 0, 0, 0]]], "float32")
    np.testing.assert_allclose(float(losses.sequence_nll(logits, [[1, 3]])), 2 * LN2, rtol=1e-6)
    peaked = np.array([[[math.log(3.0), 0.0]]], "float32")
    np.testing.assert_allclose(float(losses.sequence_nll(peaked, [[0]])), -math.log(0.75), rtol=1e-6)


def test_policy_gradient_loss_refuses_mismatched_shapes():
    with pytest.raises(ValueError, match=r"same shape \(batch, length\).*log_probs.shape=\(2, 3\)"):
        losses.policy_gradient_loss(np.zeros((2, 3)), np.zeros((2, 2)))
