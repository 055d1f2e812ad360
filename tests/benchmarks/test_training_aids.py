"""benchmarks/training_aids.py: its command line, the runs it composes and how it picks the better aid."""

import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "benchmarks"))

import training_aids  # noqa: E402


def test_help_as_a_subprocess():
    env = {**os.environ, "PYTHONPATH": ROOT, "TF_CPP_MIN_LOG_LEVEL": "3"}
    done = subprocess.run([sys.executable, os.path.join(ROOT, "benchmarks", "training_aids.py"), "--help"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "--ema_decay" in done.stdout and "--diff_augment" in done.stdout


def test_unknown_variants_name_what_was_received():
    with pytest.raises(ValueError, match=r"Unknown --variants \['zoom'\]. Expected a subset of \['plain', 'ema', "):
        training_aids.main(["--variants", "plain,zoom", "--render"])


def _args(**changes):
    return training_aids.argparse.Namespace(**{**training_aids.DEFAULTS, "quick": False, **changes})


def test_each_variant_differs_from_plain_only_in_its_aid():
    plain = training_aids.run_flags(_args(), "plain", 1, "w")
    assert plain == {"recipe": "hinge_mnist", "epochs": 30, "seed": 1, "latent_dim": 64, "jit_compile": "false",
                     "output_dir": os.path.join("w", "run"), "export_dir": os.path.join("w", "zoo", "model"),
                     "onnx": "false", "hparams": "base_filters=16"}
    both = training_aids.run_flags(_args(), "ema+diffaug", 1, "w")
    assert both == {**plain, "ema_decay": 0.995, "hparams": "base_filters=16,diff_augment=color,translation,cutout"}
    assert training_aids.run_flags(_args(hparams=""), "diffaug", 1, "w")["hparams"] == (
        "diff_augment=color,translation,cutout")
    assert training_aids.run_flags(_args(), "ada", 1, "w") == {**plain, "hparams": (
        "base_filters=16,diff_augment=color,translation,cutout,ada_target=0.6,ada_adjustment_images=100000")}


def test_summary_is_the_mean_and_std_over_seeds_and_the_best_has_the_higher_mean_is():
    def run(variant, seed, score):
        return {"variant": variant, "seed": seed,
                "quality": {"is": score, "precision": 0.5, "recall": 0.25 * seed, "1nn": 0.75}}

    table = training_aids.summary([run("plain", 0, 6.0), run("plain", 1, 8.0), run("ema", 0, 7.5)])
    assert table["plain"]["is"] == (7.0, 1.0) and table["plain"]["recall"] == (0.125, 0.125)
    assert table["plain"]["seeds"] == 2 and table["ema"]["is"] == (7.5, 0.0)
    assert training_aids.best(table) == "ema" and training_aids.best({}) is None


def test_final_probability_reads_the_last_checkpoint(tmp_path):
    import h5py

    folder = tmp_path / "checkpoints"
    folder.mkdir()
    for name, value in (("ckpt-00001.weights.h5", 0.125), ("ckpt-00002.weights.h5", 0.25)):
        with h5py.File(folder / name, "w") as f:
            f["discriminator/layers/diff_augment/vars/0"] = value
            f["discriminator/layers/conv2d/vars/0"] = [1.0, 2.0]
    assert training_aids.final_probability(str(tmp_path)) == 0.25
    with h5py.File(folder / "ckpt-00003.weights.h5", "w") as f:  # a run without DiffAugment
        f["discriminator/layers/conv2d/vars/0"] = [1.0]
    assert training_aids.final_probability(str(tmp_path)) is None
