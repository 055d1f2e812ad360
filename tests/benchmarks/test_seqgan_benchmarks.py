"""The SeqGAN benchmarks' command lines answer --help; the real-text benchmark's BLEU rows score what they say."""

import os
import subprocess
import sys

import numpy as np
import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "benchmarks"))
import seqgan_oracle  # noqa: E402
import seqgan_text  # noqa: E402


@pytest.mark.parametrize("script,expected", [
    ("seqgan_text.py", "BLEU"), ("seqgan_oracle.py", "oracle"), ("seqgan_tiny_oracle.py", "learning test"),
])
def test_help_as_a_subprocess(script, expected):
    # The SeqGAN benchmarks import TensorFlow only where they train, so --help answers at once.
    result = subprocess.run([sys.executable, os.path.join(ROOT, "benchmarks", script), "--help"],
                            capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert expected in result.stdout and "--rollouts" in result.stdout


def test_bleu_rows_score_generated_sentences_decoded_from_the_vocabulary():
    from keras_gans.metrics import bleu

    class Model:  # a generator that always writes one held-out sentence: BLEU 1 at every order
        def generate(self, num, seed=None):
            return np.tile(np.array([[2, 3, 4, 5, 0, 0]], "int32"), (num, 1))

        def tokens_to_text(self, tokens):
            words = ["<pad>", "<unk>", "the", "value", "is", "returned"]
            return [" ".join(words[t] for t in row if t) for row in tokens]

    references = bleu.References([["the", "value", "is", "returned"], ["a", "b", "c", "d", "e"]], 4)
    scores, sentences = seqgan_text.bleu_scores(Model(), references, seed=0, num=3)
    assert scores == {"BLEU-2": 1.0, "BLEU-3": 1.0, "BLEU-4": 1.0}
    assert sentences == [["the", "value", "is", "returned"]] * 3


def test_oracle_run_from_an_earlier_one_trains_d_at_the_learning_rate_it_asks(tmp_path, monkeypatch):
    """--init_from loads a weights file that carries the optimizers' state, learning rates included: the
    continued D must still train at --d_learning_rate (v2 and v5 ran at the file's 1e-4 where they asked 1e-3)."""
    import h5py
    import recording

    monkeypatch.setattr(recording, "RESULTS", str(tmp_path))
    common = ["--seed=0", "--mle_steps=0", "--rounds=0", "--eval_samples=10", "--d_steps=1"]
    seqgan_oracle.run_seed(seqgan_oracle.build_parser().parse_args(
        common + ["--d_learning_rate=1e-4", f"--work_dir={tmp_path / 'first'}", "--tag=_first"]))
    seqgan_oracle.run_seed(seqgan_oracle.build_parser().parse_args(
        common + ["--d_learning_rate=1e-3", f"--work_dir={tmp_path / 'second'}", "--tag=_second",
                  f"--init_from={tmp_path / 'first'}"]))
    with h5py.File(tmp_path / "second" / "seed0" / "pretrained.weights.h5") as f:
        iterations, learning_rate = f["d_optimizer/vars/0"][()], f["d_optimizer/vars/1"][()]
    assert iterations == 2  # one step in each run: the state did carry over
    assert learning_rate == np.float32(1e-3)
