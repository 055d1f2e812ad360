"""Quality of the zoo's sequence models: sentences (SeqGAN) and speech (SEGAN).

The kinds ``text:<corpus>`` and ``speech:<corpus>`` of ``keras_gans.zoo_quality``
(its docstring says what each measures); ``zoo_quality.measure`` dispatches here.
"""

import os

import numpy as np

BLEU_ORDERS = (2, 3, 4)
# SEGAN's held-out utterances are fed whole, one at a time (their lengths differ); the runtimes'
# parity checks take this many samples of each (1.5 windows of the compact recipe: both
# overlap-add streams and the padding run).
SPEECH_EXAMPLE_LENGTH = 6144
SPEECH_CORPORA = ("synthetic_speech",)


def measure_text(generator, corpus, num_samples, seed):
    """BLEU-2/3/4 against the held-out sentences and distinct-2, for samples and real training sentences."""
    from keras_gans.data import text as text_lib
    from keras_gans.metrics import bleu

    if corpus != "python_docs":
        raise ValueError(f"Unknown text corpus {corpus!r}. Expected 'python_docs'.")
    config = generator.card.get("model_config", {})
    train, held_out, vocabulary = text_lib.python_docs(int(config["sequence_length"]), generator.num_classes("token"))
    asset = os.path.join(generator.version_dir, "assets", "vocabulary.txt")
    with open(asset, encoding="utf-8") as f:
        if f.read().splitlines() != vocabulary:
            raise ValueError(f"{asset} is not the vocabulary of python_docs on this Python; BLEU would not compare.")
    references = bleu.References(text_lib.decode(held_out, vocabulary), max(BLEU_ORDERS))
    sentences = [s.split() for s in generator.text(generator.sample(num_samples, seed=seed))]
    real = text_lib.decode(train[np.random.default_rng(seed).permutation(len(train))[:num_samples]], vocabulary)
    values = {f"bleu_{n}": bleu.mean_bleu(sentences, references, n) for n in BLEU_ORDERS}
    values.update({f"real_bleu_{n}": bleu.mean_bleu(real, references, n) for n in BLEU_ORDERS})
    values.update(distinct_2=bleu.distinct_ngrams(sentences, 2), real_distinct_2=bleu.distinct_ngrams(real, 2))
    return {k: float(v) for k, v in values.items()}


def held_out_speech(corpus, num=None, seed=0):
    """``num`` of the 40 held-out test utterances (a ``seed`` permutation): ``(noisy list, clean list)``.

    Raises:
        ValueError: an unknown corpus, or ``num`` outside [1, 40].
    """
    from keras_gans.data import speech

    if corpus not in SPEECH_CORPORA:
        raise ValueError(f"Unknown speech corpus {corpus!r}. Expected one of {list(SPEECH_CORPORA)}.")
    test = speech.speech_pairs("test")
    count = len(test.noisy) if num is None else int(num)
    if not 1 <= count <= len(test.noisy):
        raise ValueError(f"The {corpus} test set has {len(test.noisy)} utterances. Received: num={num!r}")
    order = np.random.default_rng(seed).permutation(len(test.noisy))[:count]
    return [test.noisy[i] for i in order], [test.clean[i] for i in order]


def speech_examples(corpus, num, seed=0):
    """``{"waveform": (num, SPEECH_EXAMPLE_LENGTH)}``: the start of ``num`` held-out noisy utterances."""
    noisy, _ = held_out_speech(corpus, num, seed)
    return {"waveform": np.stack([x[:SPEECH_EXAMPLE_LENGTH] for x in noisy]).astype("float32")}


def measure_speech(generator, corpus, num_samples, seed):
    """Wide-band PESQ, STOI and segmental SNR of the enhanced held-out utterances, of the noisy ones, and the gains.

    The protocol of ``benchmarks/segan.py`` (``keras_gans.metrics.speech.evaluate_enhancement``), run
    on the export: each noisy utterance whole through the ``waveform`` signature.
    """
    from keras_gans.metrics import speech as sm

    noisy, clean = held_out_speech(corpus, num_samples, seed)
    enhanced = [np.asarray(generator({"waveform": x[None].astype("float32")}))[0] for x in noisy]
    measures = ("pesq", "stoi", "ssnr")
    out = {k: v["mean"] for k, v in sm.evaluate_enhancement(clean, enhanced, measures=measures).items()}
    before = {k: v["mean"] for k, v in sm.evaluate_enhancement(clean, noisy, measures=measures).items()}
    values = {"pesq": out["pesq"], "stoi": out["stoi"], "ssnr_db": out["ssnr"],
              "noisy_pesq": before["pesq"], "noisy_stoi": before["stoi"], "noisy_ssnr_db": before["ssnr"],
              "pesq_gain": out["pesq"] - before["pesq"], "ssnr_gain_db": out["ssnr"] - before["ssnr"]}
    return {k: float(v) for k, v in values.items()}
