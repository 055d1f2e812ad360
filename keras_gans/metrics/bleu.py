"""BLEU of generated sentences against a set of references, as SeqGAN's text experiments score them.

Each generated sentence is scored against *all* held-out sentences as its
references (``nltk.translate.bleu_score.sentence_bleu(references, hypothesis)``,
uniform weights, no smoothing); the reported BLEU-n is the mean over sentences.
The references' maximal n-gram counts are gathered once, so scoring a sentence
costs its own n-grams, not the size of the reference set.
"""

import bisect
import collections
import math


def _ngrams(tokens, n):
    return collections.Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


class References:
    """The statistics of a reference set that BLEU needs: max n-gram counts and the lengths."""

    def __init__(self, references, max_order=4):
        if not references:
            raise ValueError("BLEU needs at least one reference sentence. Received none.")
        if max_order < 1:
            raise ValueError(f"`max_order` must be positive. Received: max_order={max_order}")
        self.max_order = int(max_order)
        self.max_counts = collections.Counter()
        for reference in references:
            for n in range(1, self.max_order + 1):
                for gram, count in _ngrams(list(reference), n).items():
                    if count > self.max_counts[gram]:
                        self.max_counts[gram] = count
        self.lengths = sorted({len(r) for r in references})

    def closest_length(self, length):
        """The reference length closest to ``length`` (the shorter one on a tie, as nltk)."""
        i = bisect.bisect_left(self.lengths, length)
        candidates = self.lengths[max(0, i - 1) : i + 1]
        return min(candidates, key=lambda r: (abs(r - length), r))


def sentence_bleu(hypothesis, references, max_order=4):
    """BLEU-``max_order`` of one token list against ``references`` (a :class:`References` or a list of lists).

    Returns:
        A float in [0, 1]: brevity penalty times the geometric mean of the
        clipped n-gram precisions of orders 1..max_order; 0 when any order has
        no match (nltk without smoothing) or the hypothesis is empty.
    """
    if not isinstance(references, References):
        references = References(references, max_order)
    if max_order > references.max_order:
        raise ValueError(
            f"The references were gathered up to order {references.max_order}. Received: max_order={max_order}"
        )
    hypothesis = list(hypothesis)
    if not hypothesis:
        return 0.0
    logs = []
    for n in range(1, max_order + 1):
        grams = _ngrams(hypothesis, n)
        total = sum(grams.values())
        matched = sum(min(count, references.max_counts.get(gram, 0)) for gram, count in grams.items())
        if total == 0 or matched == 0:
            return 0.0
        logs.append(math.log(matched / total))
    c, r = len(hypothesis), references.closest_length(len(hypothesis))
    brevity = 1.0 if c > r else math.exp(1.0 - r / c)
    return brevity * math.exp(sum(logs) / max_order)


def mean_bleu(hypotheses, references, max_order=4):
    """The mean :func:`sentence_bleu` of ``hypotheses``, every one against all ``references``."""
    if not hypotheses:
        raise ValueError("`hypotheses` is empty.")
    stats = references if isinstance(references, References) else References(references, max_order)
    return sum(sentence_bleu(h, stats, max_order) for h in hypotheses) / len(hypotheses)


def distinct_ngrams(sentences, n=2):
    """Distinct-n (Li et al. 2016): distinct n-grams over all n-grams of ``sentences`` (word lists).

    BLEU against references rewards precision only, so a generator repeating a few
    common phrases can score above real text; distinct-n shows that loss of
    diversity (1.0: no n-gram repeats; compare with real sentences of the same count).
    """
    grams = [g for s in sentences for g in _ngrams(list(s), n).elements()]
    if not grams:
        raise ValueError(f"`sentences` hold no {n}-gram. Received {len(sentences)} sentence(s).")
    return len(set(grams)) / len(grams)
