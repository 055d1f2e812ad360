"""benchmarks/translation.py's pix2pix ablation as a user runs it: --help, a two-step run under the
paper's patch ratio and test-time dropout, and the merge of seeds into one table with its spread."""

import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCRIPT = os.path.join(ROOT, "benchmarks", "translation.py")
ENV = {**os.environ, "PYTHONPATH": ROOT, "TF_CPP_MIN_LOG_LEVEL": "3"}


def _run(*args):
    return subprocess.run([sys.executable, SCRIPT, *args], capture_output=True, text=True, env=ENV, cwd=ROOT,
                          timeout=600)


def test_help_and_a_tiny_ablation_merged_over_two_seeds(tmp_path):
    helped = _run("--help")
    assert helped.returncode == 0 and "--pix2pix_test_dropout" in helped.stdout, helped.stderr[-2000:]
    bad = _run("--pix2pix_patch_downsampling=5")
    assert bad.returncode == 2 and "invalid choice: 5" in bad.stderr
    flags = ["--parts=pix2pix", "--pix2pix_steps=2", "--pix2pix_patch_downsampling=0", "--pix2pix_test_dropout",
             f"--results_dir={tmp_path}"]
    ran = _run(*flags, "--seed=0", "--out=a")
    assert ran.returncode == 0, ran.stderr[-3000:]
    part = json.loads((tmp_path / "a.json").read_text())
    assert part["pix2pix_setup"] == {"patch_downsampling": 0, "patch_field": 7, "test_dropout": True}
    assert [r["variant"] for r in part["pix2pix"]] == ["L1", "cGAN", "L1+cGAN"]
    for row in part["pix2pix"]:
        assert row["steps"] == 2 and 0.0 <= row["classifier_accuracy"] <= 1.0
        assert row["high_frequency_ratio"] > 0.0 and row["frechet_distance"] > 0.0
    # A second seed, from the first's numbers relabelled (its training is the same code path), merged.
    second = {**part, "pix2pix": [{**r, "seed": 1, "classifier_accuracy": r["classifier_accuracy"] + 0.1}
                                  for r in part["pix2pix"]]}
    (tmp_path / "b.json").write_text(json.dumps(second))
    merged = _run("--combine=a,b", "--out=both", f"--results_dir={tmp_path}")
    assert merged.returncode == 0, merged.stderr[-3000:]
    table = (tmp_path / "both.md").read_text()
    assert "PatchGAN (0 downsamplings, 7x7 receptive field on 32x32 images)" in table
    assert "Outputs scored with dropout on, as the paper tests." in table
    l1 = part["pix2pix"][0]["classifier_accuracy"]
    assert f"| **L1 (mean ± std of 2)** | | | {l1 + 0.05:.3f} ± 0.050 |" in table
    assert not os.path.exists(os.path.join(ROOT, "benchmarks", "results", "a.json"))
