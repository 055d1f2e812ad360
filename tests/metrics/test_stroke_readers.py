"""The shipped stroke readers: their ceilings on the held-out real digits, their training splits, their errors."""

import json
import os
import subprocess
import sys

import numpy as np
import pytest

from keras_gans.data import unpaired
from keras_gans.metrics import stroke_readers

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

    images, classes = stroke_readers.training_data("thin2thick")
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
    scores = stroke_readers.reference_scores("thin2thick")
    recorded = json.load(open(REPORT))["heldout"]
    for domain in ("thin", "thick"):
        assert scores[domain]["target_domain"] >= 0.99, scores
        # The shipped weights give the recorded figures on any machine (oneDNN on or off: a digit may flip).
        assert abs(scores[domain]["identity"] - recorded[domain]["identity"]) <= 0.005, (scores, recorded)
    assert scores["thin"]["identity"] >= 0.98 and scores["thick"]["identity"] >= 0.97
    # Asking for the wrong target domain reads the complement: real thin digits are not thick.
    wrong = stroke_readers.translation_scores(thin, labels_a, "thick", "thin2thick")
    assert wrong["target_domain"] == pytest.approx(1.0 - scores["thin"]["target_domain"])
    assert wrong["identity"] == scores["thin"]["identity"]
    # 28x28 crops read exactly as their 32x32 padded digits.
    np.testing.assert_array_equal(stroke_readers.read(thin[:50, 2:30, 2:30], "thin2thick")[1],
                                  stroke_readers.read(thin[:50], "thin2thick")[1])


def test_bad_images_are_refused():
    with pytest.raises(ValueError, match=r"digits of shape \(N, 28, 28, 1 or 3\).*Received shape \(2, 30, 30, 1\)"):
        stroke_readers.read(np.zeros((2, 30, 30, 1)), "thin2thick")
    with pytest.raises(ValueError, match=r"scaled to \[-1, 1\]"):
        stroke_readers.read(np.full((2, 32, 32, 1), 3.0), "thin2thick")
    with pytest.raises(ValueError, match="thin2thick reader weights not found"):
        stroke_readers.read(np.zeros((2, 32, 32, 1)), "thin2thick", path="/nonexistent/reader.weights.h5")
    with pytest.raises(ValueError, match=r"Unknown stroke reader 'thin'. Expected one of \['digit_domains', 'thin2thick'\]"):
        stroke_readers.read(np.zeros((2, 32, 32, 1)), "thin")


def test_training_command_as_a_subprocess(tmp_path):
    """``python -m keras_gans.metrics.stroke_readers``: --help, and one epoch into a given file."""
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2"}
    shown = subprocess.run([sys.executable, "-m", "keras_gans.metrics.stroke_readers", "--help"],
                           capture_output=True, text=True, env=env, cwd=ROOT, check=False)
    assert shown.returncode == 0 and "--reader" in shown.stdout and "digit_domains" in shown.stdout
    weights, report = tmp_path / "reader.weights.h5", tmp_path / "report.json"
    run = subprocess.run(
        [sys.executable, "-m", "keras_gans.metrics.stroke_readers", "--reader=thin2thick", "--epochs=1",
         f"--output={weights}", f"--report={report}"], capture_output=True, text=True, env=env, cwd=ROOT, check=False)
    assert run.returncode == 0, run.stderr[-2000:]
    result = json.load(open(report))
    assert result["epochs"] == 1 and result["num_train"] == 8379 and result["styles"] == ["thin", "thick"]
    # One epoch (measured: domain 0.945 / 0.998, digit 0.63 / 0.82) is far above chance (0.5 and 0.1).
    for domain in ("thin", "thick"):
        assert result["heldout"][domain]["target_domain"] > 0.9 and result["heldout"][domain]["identity"] > 0.5, result
    domain, digit = stroke_readers.read(unpaired.thin2thick_split()["test"][0][:20], "thin2thick", path=str(weights))
    assert domain.shape == digit.shape == (20,)


def test_digit_domains_reader_reads_any_colour_and_trains_on_no_scored_digit():
    """The StarGAN reader: real held-out domain images in any colour read at the recorded ceilings."""
    from keras_gans.data import digit_domains as dd

    images, classes = stroke_readers.training_data("digit_domains")
    assert len(images) == 8000 and set(np.unique(classes)) == set(range(20))
    scored = dd.mnist_5k_shuffled()[0][stroke_readers.NUM_DIGIT_DOMAINS_TRAIN:]
    assert not {a.tobytes() for a in scored} & {b.tobytes() for b in images[classes < 10]}
    recorded = json.load(open(os.path.join(ROOT, "benchmarks", "results", "digit_domains_reader.json")))["heldout"]
    scores = stroke_readers.reference_scores("digit_domains")
    for style in ("normal", "thick"):
        assert abs(scores[style]["identity"] - recorded[style]["identity"]) <= 0.005, (scores, recorded)
        assert scores[style]["target_domain"] >= 0.97 and scores[style]["identity"] >= 0.95, scores
    # The same digits in green and in blue read as in grey: the reader sees the ink of any colour.
    gray, labels = dd.mnist_5k_shuffled()
    gray, labels = gray[4000:4200], labels[4000:4200]
    green, blue = (dd.render(gray, np.full(200, c), np.ones(200, bool)) for c in (1, 2))
    np.testing.assert_array_equal(stroke_readers.read(green, "digit_domains")[1], stroke_readers.read(blue, "digit_domains")[1])
    style, _ = stroke_readers.read(green, "digit_domains")
    assert style.mean() >= 0.97  # thick
