"""benchmarks/segan_exports.py's --checkpoint: G's own weights in a CLI run's checkpoint, scored beside its EMA."""

import json
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


def test_checkpoint_scores_a_stopped_runs_average_and_own_weights(tmp_path, speech_corpus):
    """--section=checkpoint: a run's config.json rebuilds the network and its EMA; steps are G's optimizer's."""
    segan_exports = _segan_exports()
    _, held_out = speech_corpus
    test = types.SimpleNamespace(noisy=held_out.noisy[:2], clean=held_out.clean[:2])
    hparams = {"channels": [4, 8], "init_weights": str(tmp_path / "gone.weights.h5")}
    recipe = recipes.get_recipe("segan_synthetic_speech")
    model, optimizers = recipe.make(recipes.DataSpec((4096, 1)), {"channels": (4, 8)})
    model.compile(g_optimizer=optimizers[0], d_optimizer=optimizers[1], ema_decay=0.5)
    rng = np.random.default_rng(0)
    clean = (0.1 * rng.standard_normal((4, 4096, 1))).astype("float32")
    model.fit(clean + 0.05 * rng.standard_normal(clean.shape).astype("float32"), clean, batch_size=2, epochs=1,
              verbose=0)
    os.makedirs(tmp_path / "run" / "checkpoints")
    with open(tmp_path / "run" / "config.json", "w") as f:
        json.dump({"recipe": "segan_synthetic_speech", "hparams": hparams, "ema_decay": 0.5}, f)
    path = str(tmp_path / "run" / "checkpoints" / "ckpt-00001.weights.h5")
    model.save_weights(path)

    row = segan_exports.score_checkpoint(path, test)

    assert row["steps"] == 2 and row["hparams"] == hparams
    own = sm.evaluate_enhancement(test.clean, [model.enhance(x) for x in test.noisy])
    with model.ema_weights():
        ema = sm.evaluate_enhancement(test.clean, [model.enhance(x) for x in test.noisy])
    assert np.isclose(row["raw_scores"]["ssnr"]["mean"], own["ssnr"]["mean"], atol=1e-4)
    assert np.isclose(row["scores"]["ssnr"]["mean"], ema["ssnr"]["mean"], atol=1e-4)
    assert abs(ema["ssnr"]["mean"] - own["ssnr"]["mean"]) > 1e-4
