"""SeqGAN's synthetic benchmark: sequences drawn from a random oracle LSTM, scored by its NLL.

The oracle (``networks.oracle_lstm``: every weight ~ N(0, 1), as the reference's
``target_lstm.py``) is the true distribution; 10,000 of its sequences are the
training set, and a generator's quality is the oracle's mean NLL per token of
the generator's samples (lower is better; Yu et al. 2017, Section 4).
"""

import numpy as np
import tensorflow as tf

from keras_gans.losses.policy_gradient import sequence_nll
from keras_gans.networks.sequence import oracle_lstm
from keras_gans.networks.sequence import sample_tokens

# The paper's sizes.
VOCAB_SIZE, EMBEDDING_DIM, HIDDEN_DIM, SEQUENCE_LENGTH, NUM_SEQUENCES = 5000, 32, 32, 20, 10_000


def make_oracle(
    vocab_size=VOCAB_SIZE, embedding_dim=EMBEDDING_DIM, hidden_dim=HIDDEN_DIM, seed=0, temperature=1.0
):
    """The oracle LSTM of ``seed`` (the same weights for the same arguments).

    Args:
        vocab_size, embedding_dim, hidden_dim: the oracle's sizes (the paper's by default).
        seed: seed of its N(0, 1) weights.
        temperature: the oracle's next-token logits are divided by it (its
            output layer's kernel and bias are, so the model stays an
            :func:`~keras_gans.networks.oracle_lstm` of the same seed otherwise).
            1 (the default) is the paper's oracle; below 1 its distributions
            are more peaked (lower entropy, a lower NLL of its own samples).

    Raises:
        ValueError: a temperature that is not positive.
    """
    if not float(temperature) > 0.0:
        raise ValueError(f"`temperature` must be positive. Received: temperature={temperature}")
    oracle = oracle_lstm(vocab_size, embedding_dim, hidden_dim, seed=seed)
    if float(temperature) != 1.0:
        logits = oracle.get_layer("logits")
        logits.set_weights([w / np.float32(temperature) for w in logits.get_weights()])
    return oracle


def _batched(fn, array, batch_size):
    return [fn(tf.constant(array[i : i + batch_size])) for i in range(0, len(array), batch_size)]


def oracle_samples(oracle, num=NUM_SEQUENCES, sequence_length=SEQUENCE_LENGTH, seed=0, batch_size=2000):
    """``num`` sequences of the oracle, int32 ``(num, sequence_length)``; fixed by ``seed``."""
    uniforms = np.random.default_rng(seed).random((int(num), int(sequence_length)), dtype=np.float32)
    sample = tf.function(lambda u: sample_tokens(oracle, u))
    return np.concatenate([t.numpy() for t in _batched(sample, uniforms, batch_size)])


def oracle_nll(oracle, tokens, batch_size=2000):
    """The oracle's mean NLL per token of ``tokens`` (SeqGAN's NLL-oracle), a float."""
    tokens = np.asarray(tokens, dtype="int32")

    @tf.function
    def nll_sum(batch):
        start = tf.zeros([tf.shape(batch)[0], 1], tf.int32)
        logits = oracle(tf.concat([start, batch[:, :-1]], axis=1), training=False)
        return sequence_nll(logits, batch) * tf.cast(tf.size(batch), tf.float32)

    return float(sum(float(s) for s in _batched(nll_sum, tokens, batch_size)) / tokens.size)


def oracle_dataset(num=NUM_SEQUENCES, vocab_size=VOCAB_SIZE, sequence_length=SEQUENCE_LENGTH, oracle_seed=0,
                   sample_seed=1):
    """``(oracle, training tokens)``: the benchmark's data."""
    oracle = make_oracle(vocab_size, seed=oracle_seed)
    return oracle, oracle_samples(oracle, num, sequence_length, seed=sample_seed)
