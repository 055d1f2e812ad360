"""The prepared GPU benchmark runs end to end (its --smoke setting, on CPU, as a subprocess)."""

import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_gpu_speed_smoke_runs_as_a_command(tmp_path):
    env = {**os.environ, "PYTHONPATH": ROOT, "TF_CPP_MIN_LOG_LEVEL": "3", "CUDA_VISIBLE_DEVICES": ""}
    script = os.path.join(ROOT, "benchmarks", "gpu_speed.py")
    out = tmp_path / "gpu"
    done = subprocess.run([sys.executable, script, "--smoke", "--out", str(out)], capture_output=True, text=True,
                          env=env, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads((tmp_path / "gpu.json").read_text())
    assert [row["model"] for row in report["rows"]] == ["DCGAN", "CycleGAN"]
    for row in report["rows"]:
        ours = {k: v for k, v in row["ms_per_step"].items() if k.startswith("ours")}
        assert set(ours) == {"ours: float32", "ours: XLA", "ours: XLA + mixed_float16"}
        assert all(v["median"] > 0 for v in row["ms_per_step"].values())
    assert report["xla"] is False and report["tf_gpus"] == []
    assert "| DCGAN |" in (tmp_path / "gpu.md").read_text()
    helped = subprocess.run([sys.executable, script, "--help"], capture_output=True, text=True, env=env, timeout=120)
    assert helped.returncode == 0 and "--smoke" in helped.stdout
