"""benchmarks/serving_speed.py as a user runs it: --help, bad input refused, and the --quick DCGAN table."""

import json
import os
import re
import shutil
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCRIPT = os.path.join(ROOT, "benchmarks", "serving_speed.py")
ENV = {**os.environ, "PYTHONPATH": ROOT, "TF_CPP_MIN_LOG_LEVEL": "3"}
PATHS = ["savedmodel", "tflite_f32", "tflite_f32_builtin", "tflite_f16", "tflite_f16_builtin", "tflite_dynamic",
         "tflite_dynamic_builtin", "onnxruntime"]
# Max |difference| from the SavedModel each path may show (outputs in [-1, 1]): float32 runtimes
# agree to rounding; float16 weights to the exporter's 1e-2; int8 weights (dynamic range) measured
# 5.5e-2 on DCGAN, so 0.2 catches a broken conversion without flagging quantization.
LIMITS = {"savedmodel": 0.0, "tflite_f32": 1e-4, "tflite_f32_builtin": 1e-4, "onnxruntime": 1e-4,
          "tflite_f16": 1e-2, "tflite_f16_builtin": 1e-2, "tflite_dynamic": 0.2, "tflite_dynamic_builtin": 0.2}


def run(*args):
    return subprocess.run([sys.executable, SCRIPT, *args], capture_output=True, text=True, env=ENV, timeout=300)


@pytest.fixture(scope="module")
def quick():
    done = run("--quick")
    assert done.returncode == 0, done.stderr[-3000:]
    stem = re.search(r"wrote (\S+)\.md and \.json", done.stdout).group(1)
    try:
        with open(stem + ".json") as f:
            return done.stdout, json.load(f)
    finally:
        shutil.rmtree(os.path.dirname(stem))  # --quick's own temp dir


def test_help():
    done = run("--help")
    assert done.returncode == 0, done.stderr[-2000:]
    assert "--out" in done.stdout and "--quick" in done.stdout and "--threads" in done.stdout


def test_bad_batches_name_what_was_received():
    done = run("--batches", "1,0")
    assert done.returncode != 0
    assert "--batches must be positive integers, comma-separated. Received: --batches=1,0" in done.stderr


def test_quick_table_has_every_path_and_a_fastest_one(quick):
    stdout, _ = quick
    header = next(line for line in stdout.splitlines() if line.startswith("| model | batch |"))
    assert [c.strip() for c in header.strip("|").split("|")] == ["model", "batch", *PATHS, "fastest"]
    rows = [line for line in stdout.splitlines() if line.startswith("| DCGAN |")]
    assert [r.split("|")[2].strip() for r in rows] == ["1", "2"]
    for row in rows:
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert all(re.fullmatch(r"[\d.e+-]+ \(Δ [\d.e+-]+\)", c) for c in cells[2:-1]), row
        assert re.match(r"\*\*(\w+)\*\* \(\d+ images/s\)", cells[-1]).group(1) in PATHS
    assert "**DCGAN**: serve with `" in stdout


def test_quick_outputs_match_the_saved_model(quick):
    from keras_gans import zoo

    _, record = quick
    assert [(r["model"], r["batch"]) for r in record["rows"]] == [("DCGAN", 1), ("DCGAN", 2)]
    latent_dim = zoo.read_card(zoo.version_dir("dcgan_mnist"))["latent_dim"]  # the zoo's latest DCGAN
    for row in record["rows"]:
        assert row["inputs"] == {"z": [row["batch"], latent_dim]}  # the signature's name and width, from the export
        for path, limit in LIMITS.items():
            result = row["paths"][path]
            assert result["max_abs_diff_vs_savedmodel"] <= limit, (row["batch"], path, result)
            assert result["median_ms"] > 0 and result["images_per_s"] > 0
    assert record["threads"] == 2 and record["machine"]["load_average_end"]


def test_card_block_names_the_path_fastest_at_most_batches():
    sys.path.insert(0, os.path.join(ROOT, "benchmarks"))
    import serving_speed

    def row(batch, fastest, **ms):
        return {"batch": batch, "fastest_within_parity_limit": fastest,
                "paths": {**{k: {"median_ms": v} for k, v in ms.items()}, "tflite_dynamic": {"error": "x"}}}

    rows = [row(1, "onnxruntime", savedmodel=1.2, onnxruntime=0.3), row(8, "tflite_f32", savedmodel=5.0,
            tflite_f32=4.0), row(64, "onnxruntime", savedmodel=50.0, onnxruntime=40.0)]
    block = serving_speed.serving_block(rows, threads=2)
    assert block["serve_with"] == "onnxruntime"  # fastest at 2 of the 3 batch sizes
    assert block["per_batch"]["8"] == {"fastest": "tflite_f32", "ms_per_call": {"savedmodel": 5.0, "tflite_f32": 4.0}}
    assert serving_speed.serving_block([row(1, None, savedmodel=1.0)], threads=2)["serve_with"] is None
