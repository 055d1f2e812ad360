import math

import numpy as np
import pytest
import tensorflow as tf

from keras_gans import losses


def test_pixel_mse_hand_value():
    # diffs (1 - 0, -1 - 1) = (1, -2); squares 1, 4; mean 2.5
    assert float(losses.pixel_mse([0.0, 1.0], [1.0, -1.0])) == pytest.approx(2.5)


def test_feature_mse_scales_features_and_stops_target_gradient():
    # identity features, scale 0.5: (0.5 * (2 - 0))^2 = 1 and 0 -> mean 0.5
    target = tf.constant([0.0, 2.0])
    prediction = tf.constant([2.0, 2.0])
    assert float(losses.feature_mse(lambda x: x, target, prediction, feature_scale=0.5)) == pytest.approx(0.5)
    with tf.GradientTape() as tape:
        tape.watch(target)
        loss = losses.feature_mse(lambda x: 3.0 * x, target, prediction, feature_scale=1.0)
    assert tape.gradient(loss, target) is None


def test_masked_mse_hand_values():
    # prediction [[1, 2], [3, 4]] vs 0, hole on the diagonal: (1 + 16) / 2 pixels = 8.5
    pred = np.array([[1.0, 2.0], [3.0, 4.0]], "float32").reshape(1, 2, 2, 1)
    mask = np.array([[1.0, 0.0], [0.0, 1.0]], "float32").reshape(1, 2, 2, 1)
    assert float(losses.masked_mse(np.zeros_like(pred), pred, mask)) == pytest.approx(8.5)
    # two channels, one-channel mask broadcast: pixel 0 has (1, 3): (1 + 9) / (1 pixel * 2 channels) = 5
    pred2 = np.array([[[1.0, 3.0], [5.0, 7.0]]], "float32").reshape(1, 1, 2, 2)
    mask2 = np.array([1.0, 0.0], "float32").reshape(1, 1, 2, 1)
    assert float(losses.masked_mse(np.zeros_like(pred2), pred2, mask2)) == pytest.approx(5.0)


def test_masked_mse_without_hole_is_zero():
    pred = np.ones((1, 2, 2, 1), "float32")
    assert float(losses.masked_mse(np.zeros_like(pred), pred, np.zeros_like(pred))) == 0.0


def test_domain_classification_multilabel_hand_value():
    # label 1 at logit ln 3: sigmoid = 3/4, -ln(3/4) = 0.28768; label 0 at logit 0: ln 2 = 0.69315
    # summed over attributes: 0.98083; same for both examples -> mean 0.98083
    logits = np.array([[math.log(3.0), 0.0]] * 2, "float32")
    labels = np.array([[1.0, 0.0]] * 2, "float32")
    expected = -math.log(0.75) + math.log(2.0)
    assert float(losses.domain_classification_loss(labels, logits)) == pytest.approx(expected, rel=1e-5)


def test_domain_classification_softmax_hand_value():
    # three equal logits: softmax 1/3 each -> cross-entropy ln 3
    loss = losses.domain_classification_loss([[0.0, 1.0, 0.0]], [[0.0, 0.0, 0.0]], multilabel=False)
    assert float(loss) == pytest.approx(math.log(3.0), rel=1e-6)


def test_cycle_l1_hand_value():
    # |1 - 0| = 1, |-1 - 0.5| = 1.5 -> mean 1.25
    assert float(losses.cycle_l1([1.0, -1.0], [0.0, 0.5])) == pytest.approx(1.25)


@pytest.mark.parametrize("fn", [losses.pixel_mse, losses.cycle_l1])
def test_losses_reject_mismatched_shapes(fn):
    with pytest.raises(ValueError, match="same shape"):
        fn(np.zeros((2, 3)), np.zeros((2, 4)))


def test_masked_mse_rejects_mismatched_shapes():
    with pytest.raises(ValueError, match="same shape"):
        losses.masked_mse(np.zeros((1, 2, 2, 1)), np.zeros((1, 2, 3, 1)), np.zeros((1, 2, 2, 1)))
