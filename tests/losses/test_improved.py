import numpy as np
import pytest

from keras_gans import losses


def test_feature_matching_by_hand():
    # Means: real [2, 3], fake [1, 1]; ||[1, 2]||^2 = 1 + 4 = 5.
    real = [[1.0, 2.0], [3.0, 4.0]]
    fake = [[0.0, 0.0], [2.0, 2.0]]
    assert float(losses.feature_matching_loss(real, fake)) == pytest.approx(5.0)
    assert float(losses.feature_matching_loss(real, real)) == pytest.approx(0.0)


def test_historical_averaging_by_hand():
    # (1-0)^2 + (2-0)^2 + (3-1)^2 = 1 + 4 + 4 = 9.
    value = losses.historical_averaging_penalty([[1.0, 2.0], [3.0]], [[0.0, 0.0], [1.0]])
    assert float(value) == pytest.approx(9.0)
    with pytest.raises(ValueError, match="same length"):
        losses.historical_averaging_penalty([[1.0]], [])


def test_flipped_labels_by_hand():
    # softplus(-2) = 0.126928, softplus(2) = 2.126928, softplus(1) = 1.313262.
    # Real logits [2, 2], second flipped -> targets [1, 0]: (0.126928 + 2.126928) / 2 = 1.126928.
    # Fake logit -1 flipped -> target 1: softplus(1) = 1.313262. Total 2.440190.
    value = losses.flipped_label_discriminator_loss(
        [[2.0], [2.0]], [[-1.0]], [[0.0], [1.0]], [[1.0]]
    )
    assert float(value) == pytest.approx(2.440190, abs=1e-5)


def test_one_sided_label_smoothing_by_hand():
    # Real logit 2 with target 0.9: 0.9 * 0.126928 + 0.1 * 2.126928 = 0.326928;
    # fake logit -1 with target 0: softplus(-1) = 0.313262. Total 0.640190.
    # GAN's own label smoothing (minimax_discriminator_loss) must agree.
    expected = 0.640190
    no_flip = losses.flipped_label_discriminator_loss(
        [[2.0]], [[-1.0]], 0.0, 0.0, label_smoothing=0.1
    )
    gan = losses.minimax_discriminator_loss([[2.0]], [[-1.0]], label_smoothing=0.1)
    assert float(no_flip) == pytest.approx(expected, abs=1e-5)
    assert float(gan) == pytest.approx(expected, abs=1e-5)
    # Smoothing is one-sided: a flipped fake example gets 0.9, never 1.
    flipped_fake = losses.flipped_label_discriminator_loss(
        [[2.0]], [[-1.0]], 0.0, 1.0, label_smoothing=0.1
    )
    # 0.326928 + 0.9 * softplus(1) + 0.1 * softplus(-1) = 0.326928 + 1.181936 + 0.031326
    assert float(flipped_fake) == pytest.approx(1.540190, abs=1e-5)
    with pytest.raises(ValueError, match="label_smoothing"):
        losses.flipped_label_discriminator_loss([[0.0]], [[0.0]], 0.0, 0.0, label_smoothing=1.0)


def test_cross_entropy_targets_broadcast():
    # Logit 0: ln 2 whatever the target.
    value = losses.binary_cross_entropy_with_targets(np.zeros((3, 1)), [[0.0], [0.5], [1.0]])
    assert float(value) == pytest.approx(np.log(2.0))
