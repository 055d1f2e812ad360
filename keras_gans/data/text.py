"""English sentences offline: the documentation topics bundled with Python itself (``pydoc_data.topics``).

Word-level, lower-cased; a sentence ends at ``.``, ``?`` or ``!``. Sentences of
``min_words``..``sequence_length`` words are kept and padded with token 0
(``<pad>``, also the generator's start token); words outside the
``vocab_size - 2`` most frequent training words become ``<unk>`` (1). The
split is by topic: every ``holdout_every``-th topic (sorted by name) is
held out, so held-out text is from other pages than the training text.
"""

import collections
import re

import numpy as np

PAD, UNK = "<pad>", "<unk>"
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?|[0-9]+|[,;:()]")
_END = re.compile(r"[.?!]+(?:\s|$)")


def _sentences(text):
    for sentence in _END.split(text.lower()):
        words = _WORD.findall(sentence)
        if words:
            yield words


def python_docs_sentences(sequence_length=20, min_words=5, holdout_every=5):
    """``(train, held_out)``: lists of word lists from ``pydoc_data.topics``."""
    from pydoc_data.topics import topics

    train, held_out = [], []
    for i, name in enumerate(sorted(topics)):
        kept = [s for s in _sentences(topics[name]) if min_words <= len(s) <= sequence_length]
        (held_out if i % holdout_every == holdout_every - 1 else train).extend(kept)
    return train, held_out


def build_vocabulary(sentences, vocab_size):
    """``[<pad>, <unk>, the vocab_size - 2 most frequent words]`` (ties by first appearance)."""
    if vocab_size < 3:
        raise ValueError(f"`vocab_size` must be at least 3. Received: vocab_size={vocab_size}")
    counts = collections.Counter(word for s in sentences for word in s)
    return [PAD, UNK] + [word for word, _ in counts.most_common(vocab_size - 2)]


def encode(sentences, vocabulary, sequence_length):
    """int32 ``(n, sequence_length)``: word ids, ``<unk>`` for unknown words, padded with 0."""
    index = {word: i for i, word in enumerate(vocabulary)}
    out = np.zeros((len(sentences), sequence_length), "int32")
    for row, sentence in enumerate(sentences):
        ids = [index.get(word, 1) for word in sentence[:sequence_length]]
        out[row, : len(ids)] = ids
    return out


def decode(tokens, vocabulary):
    """Word lists of int token rows, stopping at the first ``<pad>``."""
    words = []
    for row in np.asarray(tokens):
        sentence = []
        for token in row:
            if int(token) == 0:
                break
            sentence.append(vocabulary[int(token)])
        words.append(sentence)
    return words


def python_docs(sequence_length=20, vocab_size=2000):
    """``(train tokens, held-out tokens, vocabulary)`` of :func:`python_docs_sentences`."""
    train, held_out = python_docs_sentences(sequence_length)
    vocabulary = build_vocabulary(train, vocab_size)
    return encode(train, vocabulary, sequence_length), encode(held_out, vocabulary, sequence_length), vocabulary
