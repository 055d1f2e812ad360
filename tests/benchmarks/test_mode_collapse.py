import json
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@pytest.mark.slow
def test_quick_benchmark_writes_tables(tmp_path):
    command = [
        sys.executable,
        os.path.join(ROOT, "benchmarks", "mode_collapse.py"),
        "--quick",
        "--objectives",
        "gan,pacgan4",
        "--mixtures",
        "ring8",
        "--steps",
        "5",
        "--num_samples",
        "300",
        "--workers",
        "1",
        "--out",
        str(tmp_path),
    ]
    result = subprocess.run(
        command,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2"},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    with open(tmp_path / "mode_collapse.json") as f:
        data = json.load(f)
    assert data["finished"]
    assert sorted(r["objective"] for r in data["runs"]) == ["gan", "pacgan4"]
    for run in data["runs"]:
        assert 0 <= run["modes"] <= 8 and 0.0 <= run["high_quality_pct"] <= 100.0
    table = (tmp_path / "mode_collapse.md").read_text()
    assert (
        "| pacgan4 |" in table
        and "| PacGAN Table 1 | PacGAN4 | 7.8 | 95.9 | 24.8 | 93.6 |" in table
    )


def test_unknown_objective_is_rejected(tmp_path):
    sys.path.insert(0, os.path.join(ROOT, "benchmarks"))
    try:
        import mode_collapse
    finally:
        sys.path.pop(0)
    with pytest.raises(ValueError, match="Unknown objectives"):
        mode_collapse.main(["--objectives", "nope", "--out", str(tmp_path)])
