"""Inception Score and Mode Score on predictions with known answers."""

import numpy as np
import pytest

from keras_gans.metrics.inception_score import inception_score
from keras_gans.metrics.inception_score import mode_score


def test_uniform_predictions_score_one():
    assert inception_score(np.full((100, 10), 0.1), num_splits=5)["mean"] == pytest.approx(1.0)


def test_confident_evenly_spread_predictions_score_num_classes():
    one_hot = np.eye(10)[np.arange(100) % 10]
    result = inception_score(one_hot, num_splits=10)
    assert result["mean"] == pytest.approx(10.0, rel=1e-6) and result["std"] == pytest.approx(0.0, abs=1e-6)


def test_constant_confident_prediction_scores_one():
    # Mode collapse: every sample is a confident "3": KL(p(y|x) || p(y)) = 0.
    assert inception_score(np.eye(10)[np.full(50, 3)], num_splits=1)["mean"] == pytest.approx(1.0)


def test_matches_numpy_reference_on_random_predictions():
    rng = np.random.default_rng(0)
    logits = rng.standard_normal((90, 7)) * 2
    p = np.exp(logits) / np.exp(logits).sum(1, keepdims=True)
    scores = []
    for part in np.split(p, 3):
        py = part.mean(0)
        scores.append(np.exp(np.mean([np.sum(q * np.log(q / py)) for q in part])))
    result = inception_score(p, num_splits=3)
    assert result["mean"] == pytest.approx(np.mean(scores), rel=1e-9)
    assert result["std"] == pytest.approx(np.std(scores), rel=1e-6)


def test_mode_score_closed_forms():
    one_hot = np.eye(10)[np.arange(100) % 10]
    # Matching marginals: MS = IS = 10.
    assert mode_score(one_hot, one_hot) == pytest.approx(10.0, rel=1e-6)
    # Fake covers only classes 0..4 (evenly), real all ten: E KL = log 5,
    # KL(p || p*) = Σ_{c<5} 0.2 log(0.2 / 0.1) = log 2, so MS = exp(log 5 − log 2) = 2.5.
    half = np.eye(10)[np.arange(100) % 5]
    assert mode_score(half, one_hot) == pytest.approx(2.5, rel=1e-6)


def test_bad_inputs():
    with pytest.raises(ValueError, match="probability"):
        inception_score(np.ones((4, 3)))
    with pytest.raises(ValueError, match="num_splits"):
        inception_score(np.full((4, 2), 0.5), num_splits=5)
    with pytest.raises(ValueError, match="same number of classes"):
        mode_score(np.full((4, 2), 0.5), np.full((4, 4), 0.25))
