"""Every command-line entry point, run the way a user runs it: a subprocess."""

import json
import os
import subprocess
import sys

import pytest

from keras_gans.testing.processes import train_command

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ENV = {**os.environ, "PYTHONPATH": ROOT, "TF_CPP_MIN_LOG_LEVEL": "2"}


def run(args, cwd, timeout=300):
    return subprocess.run(args, capture_output=True, text=True, env=ENV, cwd=str(cwd), timeout=timeout)


def assert_one_line_error(result, *fragments):
    """Exit status 2, one ``error:`` line naming what was wrong, no traceback."""
    assert result.returncode == 2, (result.returncode, result.stderr[-2000:])
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and "Traceback" not in result.stderr, result.stderr[-2000:]
    for fragment in fragments:
        assert fragment in errors[0], errors[0]


# The installed commands (setup.py console_scripts) -> a flag their --help must list. The
# `python -m keras_gans.<name>` form of each runs in the tests below and in test_zoo.py.
CONSOLE_SCRIPTS = {"keras-gans-train": "--export_dir", "keras-gans-evaluate": "--export_dir",
                   "keras-gans-sample": "--model"}


@pytest.mark.parametrize("script", sorted(CONSOLE_SCRIPTS))
def test_installed_command_help_exits_0_and_lists_the_flags(script, tmp_path):
    path = os.path.join(os.path.dirname(sys.executable), script)
    assert os.path.exists(path), f"{script} is not installed beside {sys.executable}: run pip install -e ."
    result = run([path, "--help"], tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert CONSOLE_SCRIPTS[script] in result.stdout and "Traceback" not in result.stderr
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("module", ["keras_gans.train", "keras_gans.evaluate"])
def test_bad_flag_is_one_error_line_and_status_2(module, tmp_path):
    result = run([sys.executable, "-m", module, "--export_dri=x"], tmp_path)
    assert_one_line_error(result, "Unknown command line flag 'export_dri'", "--export_dir")
    stray = run([sys.executable, "-m", module, "mnist"], tmp_path)
    assert_one_line_error(stray, "Unexpected arguments: ['mnist']")
    assert os.listdir(tmp_path) == []


@pytest.mark.slow
def test_evaluate_prints_the_table_of_a_cli_export(tmp_path):
    trained = run(train_command(
        model="dcgan", epochs=1, steps_per_epoch=2, batch_size=8, latent_dim=8, jit_compile=False,
        output_dir=tmp_path / "run", export_dir=tmp_path / "exports",
    ), tmp_path)
    assert trained.returncode == 0, trained.stderr[-3000:]
    version = str(tmp_path / "exports" / "1")
    result = run([sys.executable, "-m", "keras_gans.evaluate", f"--export_dir={version}",
                  "--num_samples=50", "--metrics=fid,kid,1nn", "--kid_subsets=2"], tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    for name in ("fid", "kid", "1nn"):
        assert name in result.stdout
    written = json.load(open(tmp_path / "exports" / "evaluation-1.json"))
    assert written["num_samples"] == 50 and set(written["metrics"]) >= {"fid", "kid", "1nn"}
    missing = run([sys.executable, "-m", "keras_gans.evaluate", f"--export_dir={tmp_path / 'nothing'}"], tmp_path)
    assert_one_line_error(missing, "nothing")


def test_train_list_prints_every_objective_and_recipe(tmp_path):
    from keras_gans import recipes

    result = run([sys.executable, "-m", "keras_gans.train", "--list"], tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    lines = result.stdout.splitlines()
    for objective, name in recipes.OBJECTIVES.items():
        assert any(line.split()[:1] == [objective] and name in line for line in lines), objective
    for name in recipes.RECIPES:
        assert any(line.split()[:1] == [name] for line in lines), name
    assert os.listdir(tmp_path) == []


def test_a_refused_run_creates_nothing(tmp_path):
    result = run(train_command(dataset="no_such_set"), tmp_path)
    assert_one_line_error(result, "Unknown dataset 'no_such_set'")
    mismatch = run(train_command(model="dcgan", recipe="cgan_mnist"), tmp_path)
    assert_one_line_error(mismatch, "--recipe=cgan_mnist trains --model=cgan. Received: --model=dcgan")
    assert os.listdir(tmp_path) == []
