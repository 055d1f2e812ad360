"""BLEU against values worked out by hand."""

import math

import pytest

from keras_gans.metrics.bleu import References
from keras_gans.metrics.bleu import distinct_ngrams
from keras_gans.metrics.bleu import mean_bleu
from keras_gans.metrics.bleu import sentence_bleu

REF = "the cat is on the mat".split()
HYP = "the cat sat on the mat".split()


def test_bleu2_by_hand():
    # unigrams: the x2, cat, sat, on, mat -> clipped matches 2 + 1 + 0 + 1 + 1 = 5 of 6
    # bigrams: the-cat, cat-sat, sat-on, on-the, the-mat -> the-cat, on-the, the-mat: 3 of 5
    # lengths 6 and 6: no brevity penalty. BLEU-2 = sqrt(5/6 * 3/5) = sqrt(1/2)
    assert sentence_bleu(HYP, [REF], max_order=2) == pytest.approx(math.sqrt(0.5), rel=1e-12)


def test_brevity_penalty_and_closest_reference_length():
    # "the cat": every n-gram matches (p1 = p2 = 1); c = 2, closest r = 6 -> BP = exp(1 - 6/2) = e^-2
    assert sentence_bleu(["the", "cat"], [REF], max_order=2) == pytest.approx(math.exp(-2.0), rel=1e-12)
    # A second reference of length 3 is closer: BP = exp(1 - 3/2)
    assert sentence_bleu(["the", "cat"], [REF, ["a", "b", "c"]], max_order=2) == pytest.approx(
        math.exp(-0.5), rel=1e-12)
    assert References([REF, ["a"] * 4]).closest_length(5) == 4  # tie between 4 and 6: the shorter


def test_clipping_takes_the_max_count_over_references_and_zero_matches_give_zero():
    # "the the the": unigram count 3, the references hold "the" at most twice -> p1 = 2/3; BLEU-1 = 2/3 (c=3, r=6 ->
    # BP = e^(1 - 2)); without matches at some order the score is 0 (no smoothing).
    assert sentence_bleu(["the"] * 3, [REF], max_order=1) == pytest.approx(2 / 3 * math.exp(-1.0), rel=1e-12)
    assert sentence_bleu(["dog", "dog"], [REF], max_order=1) == 0.0
    assert mean_bleu([HYP, HYP], [REF], max_order=2) == pytest.approx(math.sqrt(0.5), rel=1e-12)


def test_distinct_ngrams_counts_repeats_by_hand():
    # bigrams: (a b) (b a) (a b) | (a b) (b c): 5 in all, 3 distinct
    assert distinct_ngrams([["a", "b", "a", "b"], ["a", "b", "c"]], 2) == 3 / 5
    assert distinct_ngrams([["a", "b", "a", "b"]], 1) == 2 / 4
    with pytest.raises(ValueError, match="hold no 2-gram. Received 2 sentence"):
        distinct_ngrams([["a"], []], 2)
