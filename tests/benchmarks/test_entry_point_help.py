"""Benchmark command lines that no other test runs answer --help as a subprocess, writing nothing."""

import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@pytest.mark.parametrize("script,flag", [
    ("segan.py", "--section"), ("conditional.py", "--"), ("optimal_discriminator.py", "--"),
    ("restoration.py", "--"), ("train_speed_report.py", "report"), ("vae_gmmn.py", "--workers"),
    ("mode_collapse_probes.py", "--variants"), ("zoo_reexport.py", "--tolerance"),
])
def test_help_as_a_subprocess(script, flag, tmp_path):
    result = subprocess.run([sys.executable, os.path.join(ROOT, "benchmarks", script), "--help"],
                            capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.startswith("usage:") and flag in result.stdout
    assert "Traceback" not in result.stderr and os.listdir(tmp_path) == []


@pytest.mark.parametrize("section,lacks", [("export", "--export_dir, --train_command, --label"),
                                           ("checkpoint", "--checkpoint, --label"),
                                           ("checkpoint --label=x --checkpoint=none.weights.h5",
                                            "--checkpoint must be a CLI run's")])
def test_segan_export_section_names_what_it_lacks(section, lacks, tmp_path):
    # --section=export scores a CLI-trained export, --section=checkpoint a stopped run's checkpoint: without
    # their flags, one usage error and exit 2, nothing written.
    work = tmp_path / "work"
    section, *extra = section.split()
    result = subprocess.run([sys.executable, os.path.join(ROOT, "benchmarks", "segan.py"), f"--section={section}",
                             "--row_name=x", "--time_log=a.log", f"--work_dir={work}", *extra],
                            capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr[-2000:]
    assert (lacks if lacks.startswith("--checkpoint must") else f"--section={section} needs {lacks}") in result.stderr
    assert not work.exists()
