"""The shipped thin2thick reader: its ceilings on the held-out real digits, its training split, its errors."""

import json
import os
import subprocess
import sys

import numpy as np
import pytest

from keras_gans.data import unpaired
from keras_gans.metrics import thin2thick_reader

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
REPORT = os.path.join(ROOT, "benchmarks", "results", "thin2thick_reader.json")


@pytest.fixture(scope="module")
def held_out():
    return unpaired.thin2thick_split()["test"]


def test_split_holds_out_the_last_400_digits_of_each_domain():
    split = unpaired.thin2thick_split()
    thin, thick, labels_a, labels_b = unpaired.thin2thick_digits()
    assert [len(a) for a in split["test"]] == [400] * 4
    np.testing.assert_array_equal(np.concatenate([split["train"][0], split["test"][0]]), thin)
    np.testing.assert_array_equal(np.concatenate([split["train"][3], split["test"][3]]), labels_b)
    images_a, images_b = unpaired.load_unpaired_arrays("thin2thick_digits_train")
    assert (len(images_a), len(images_b)) == (len(thin) - 400, len(thick) - 400)
    indices_a, indices_b = unpaired.thin2thick_indices()
    assert len(indices_a) == len(thin) and len(indices_b) == len(thick) and not set(indices_a) & set(indices_b)


def test_reader_trains_on_no_held_out_digit():
    """Every training image is a digit outside both test sets, drawn in each stroke style (classes 0-19)."""
    from keras_gans.data import builtin

    images, classes = thin2thick_reader.training_data()
    digits, _ = builtin.mnist_5k()
    indices_a, indices_b = unpaired.thin2thick_indices()
    held = np.concatenate([indices_a[-400:], indices_b[-400:]])
    thick_held = unpaired.stroke_width(digits[held], "thick")
    thick_train = images[classes >= 10]
    # No thick training image equals a held-out digit's thick drawing.
    assert not {a.tobytes() for a in thick_held} & {b.tobytes() for b in thick_train}
    assert len(thick_train) == len(digits) - 800 and set(np.unique(classes)) == set(range(20))


def test_ceilings_on_the_real_held_out_digits(held_out):
    """The reader's domain and digit on real digits: the ceilings the card reports beside each translation."""
    thin, thick, labels_a, labels_b = held_out
    scores = thin2thick_reader.reference_scores()
    recorded = json.load(open(REPORT))["heldout"]
    for domain in ("thin", "thick"):
        assert scores[domain]["target_domain"] >= 0.99, scores
        # The shipped weights give the recorded figures on any machine (oneDNN on or off: a digit may flip).
        assert abs(scores[domain]["identity"] - recorded[domain]["identity"]) <= 0.005, (scores, recorded)
    assert scores["thin"]["identity"] >= 0.98 and scores["thick"]["identity"] >= 0.97
    # Asking for the wrong target domain reads the complement: real thin digits are not thick.
    wrong = thin2thick_reader.translation_scores(thin, labels_a, "thick")
    assert wrong["target_domain"] == pytest.approx(1.0 - scores["thin"]["target_domain"])
    assert wrong["identity"] == scores["thin"]["identity"]
    # 28x28 crops read exactly as their 32x32 padded digits.
    np.testing.assert_array_equal(thin2thick_reader.read(thin[:50, 2:30, 2:30])[1], thin2thick_reader.read(thin[:50])[1])


def test_bad_images_are_refused():
    with pytest.raises(ValueError, match=r"thin2thick digits of shape \(N, 32, 32, 1\).*Received shape \(2, 30, 30, 1\)"):
        thin2thick_reader.read(np.zeros((2, 30, 30, 1)))
    with pytest.raises(ValueError, match=r"scaled to \[-1, 1\]"):
        thin2thick_reader.read(np.full((2, 32, 32, 1), 3.0))
    with pytest.raises(ValueError, match="thin2thick reader weights not found"):
        thin2thick_reader.read(np.zeros((2, 32, 32, 1)), path="/nonexistent/reader.weights.h5")


def test_training_command_as_a_subprocess(tmp_path):
    """``python -m keras_gans.metrics.thin2thick_reader``: --help, and one epoch into a given file."""
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2"}
    shown = subprocess.run([sys.executable, "-m", "keras_gans.metrics.thin2thick_reader", "--help"],
                           capture_output=True, text=True, env=env, cwd=ROOT, check=False)
    assert shown.returncode == 0 and "--epochs" in shown.stdout
    weights, report = tmp_path / "reader.weights.h5", tmp_path / "report.json"
    run = subprocess.run(
        [sys.executable, "-m", "keras_gans.metrics.thin2thick_reader", "--epochs=1", f"--output={weights}",
         f"--report={report}"], capture_output=True, text=True, env=env, cwd=ROOT, check=False)
    assert run.returncode == 0, run.stderr[-2000:]
    result = json.load(open(report))
    assert result["epochs"] == 1 and result["num_train"] == 8379
    # One epoch (measured: domain 0.945 / 0.998, digit 0.63 / 0.82) is far above chance (0.5 and 0.1).
    for domain in ("thin", "thick"):
        assert result["heldout"][domain]["target_domain"] > 0.9 and result["heldout"][domain]["identity"] > 0.5, result
    domain, digit = thin2thick_reader.read(unpaired.thin2thick_split()["test"][0][:20], path=str(weights))
    assert domain.shape == digit.shape == (20,)
