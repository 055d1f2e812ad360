"""Token-sequence data for sequence GANs: SeqGAN's oracle sequences, by name.

``load_tokens(name, ...)`` is the ``tokens`` kind of recipe data: a batched
``tf.data.Dataset`` of int32 ``(batch, sequence_length)`` token ids.
"""

import numpy as np
import tensorflow as tf

from keras_gans.data import oracle as oracle_lib

TOKEN_NAMES = ("oracle", "python_docs")


def token_arrays(name, vocab_size=oracle_lib.VOCAB_SIZE, sequence_length=oracle_lib.SEQUENCE_LENGTH,
                 num_sequences=oracle_lib.NUM_SEQUENCES):
    """The training sequences of ``name``, int32 ``(n, sequence_length)``.

    ``oracle``: ``num_sequences`` samples of the oracle LSTM of
    :mod:`keras_gans.data.oracle` (oracle seed 0, sample seed 1) with
    ``vocab_size`` tokens. ``python_docs``: the training sentences of
    :mod:`keras_gans.data.text` (Python's bundled documentation topics), words
    beyond the ``vocab_size`` most frequent as ``<unk>``.
    """
    if name == "oracle":
        oracle = oracle_lib.make_oracle(vocab_size, seed=0)
        return oracle_lib.oracle_samples(oracle, num_sequences, sequence_length, seed=1)
    if name == "python_docs":
        from keras_gans.data.text import python_docs

        return python_docs(sequence_length, vocab_size)[0]
    raise ValueError(f"Unknown token dataset {name!r}. Expected one of {TOKEN_NAMES}.")


def load_tokens(name, batch_size=64, seed=None, repeat=False, vocab_size=oracle_lib.VOCAB_SIZE,
                sequence_length=oracle_lib.SEQUENCE_LENGTH, num_sequences=oracle_lib.NUM_SEQUENCES):
    """Shuffled batches of ``token_arrays(name, ...)``; the remainder of an epoch is dropped."""
    tokens = token_arrays(name, vocab_size, sequence_length, num_sequences)
    if not isinstance(batch_size, (int, np.integer)) or batch_size <= 0:
        raise ValueError(f"`batch_size` must be a positive integer. Received: batch_size={batch_size!r}")
    if batch_size > len(tokens):
        raise ValueError(f"`batch_size`={batch_size} is larger than the dataset ({len(tokens)} sequences).")
    ds = tf.data.Dataset.from_tensor_slices(tokens).shuffle(len(tokens), seed=seed, reshuffle_each_iteration=True)
    if repeat:
        ds = ds.repeat()
    return ds.batch(batch_size, drop_remainder=True).prefetch(tf.data.AUTOTUNE)
