"""The synthetic oracle of SeqGAN's benchmark: its temperature peaks the same oracle's distributions."""

import numpy as np
import pytest

from keras_gans.data import oracle as oracle_lib


def test_temperature_divides_the_same_oracles_logits_and_lowers_its_entropy():
    tokens = np.random.default_rng(0).integers(0, 16, (4, 8)).astype("int32")
    paper, default = oracle_lib.make_oracle(16, 8, 8, seed=3), oracle_lib.make_oracle(16, 8, 8, seed=3, temperature=1)
    peaked = oracle_lib.make_oracle(16, 8, 8, seed=3, temperature=0.5)
    for a, b in zip(paper.get_weights(), default.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)
    # Only the output layer changes: the logits are exactly twice the paper oracle's.
    np.testing.assert_allclose(peaked(tokens).numpy(), 2.0 * paper(tokens).numpy(), rtol=1e-5, atol=1e-5)
    # Peaked: its own samples are likelier to it (a lower NLL per token, i.e. a lower entropy).
    own = [oracle_lib.oracle_nll(o, oracle_lib.oracle_samples(o, 500, 8, seed=0)) for o in (paper, peaked)]
    assert own[1] < own[0] - 0.3, own
    with pytest.raises(ValueError, match="`temperature` must be positive. Received: temperature=0"):
        oracle_lib.make_oracle(16, 8, 8, temperature=0)
