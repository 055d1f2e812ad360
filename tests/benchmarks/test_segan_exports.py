"""benchmarks/segan_exports.py's --checkpoint: G's own weights in a CLI run's checkpoint, scored beside its EMA."""

import os
import sys
import types

import numpy as np

from keras_gans import recipes
from keras_gans.metrics import speech as sm

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _segan_exports():
    sys.path.insert(0, os.path.join(ROOT, "benchmarks"))
    try:
        import segan_exports
    finally:
        sys.path.pop(0)
    return segan_exports


def test_raw_scores_read_the_checkpoints_generator(tmp_path, speech_corpus):
    """A card's hparams (lists, the resolved latent_dim, the run's init_weights) rebuild the network; the
    scores are those of the checkpoint's weights, not of a fresh network's; the report table shows both."""
    segan_exports = _segan_exports()
    _, held_out = speech_corpus
    test = types.SimpleNamespace(noisy=held_out.noisy[:2], clean=held_out.clean[:2])
    small = {"channels": (4, 8), "num_utterances": 8}
    trained, _ = recipes.build("segan_synthetic_speech", seed=0, compile=False, hparams=small)
    path = str(tmp_path / "ckpt-00002.weights.h5")
    trained.save_weights(path)
    card = {**recipes.get_recipe("segan_synthetic_speech").hparams, "channels": [4, 8], "latent_dim": None,
            "init_weights": str(tmp_path / "gone.weights.h5")}

    scores = segan_exports.raw_scores(path, card, test)

    expected = sm.evaluate_enhancement(test.clean, [trained.enhance(x) for x in test.noisy])
    assert np.isclose(scores["ssnr"]["mean"], expected["ssnr"]["mean"], atol=1e-4)
    other, _ = recipes.build("segan_synthetic_speech", seed=1, compile=False, hparams=small)
    fresh = sm.evaluate_enhancement(test.clean, [other.enhance(x) for x in test.noisy])
    assert abs(fresh["ssnr"]["mean"] - scores["ssnr"]["mean"]) > 1e-3
    ema = {m: {"mean": v["mean"] + 0.25} for m, v in scores.items()}
    lines = segan_exports.ema_lines({"row": {"steps": 2, "scores": ema, "raw_scores": scores}, "other": {}})
    assert lines[-1].startswith("| `row` | 2 |") and lines[-1].endswith("| +0.250 |") and len(lines) == 6
    assert segan_exports.ema_lines({"other": {}}) == []
