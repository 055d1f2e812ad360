"""Two training steps of every objective through ``python -m keras_gans.train --model=<name>``.

Each run is a subprocess, as a user runs it, with the objective's default
recipe and dataset; ``--hparams`` only shrinks the networks so that the whole
table stays within CI's budget. It must exit 0, write its config, a sample
grid (images) and a checkpoint, export a SavedModel + TFLite + ONNX version, and
print no Python warning.

The runs are started two at a time as soon as the first of them is asked for
(each test still waits for and checks its own run): a run is mostly one
single-threaded Python process (imports, tracing, the TFLite converter), so on
CI's 2 cores two of them side by side take about half the time of one after
the other.
"""

import concurrent.futures
import json
import os
import re
import subprocess

import pytest

from keras_gans import recipes
from keras_gans.testing.processes import train_command

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ENV = {**os.environ, "PYTHONPATH": ROOT, "TF_CPP_MIN_LOG_LEVEL": "2"}

SMALL_DCGAN = {"latent_dim": 4, "batch_size": 8, "hparams": "base_filters=4"}
SMALL_MLP = {"batch_size": 8, "hparams": "hidden_units=(8,8)"}
# objective -> flags that make its default recipe tiny (nothing else changes).
TINY = {
    "gan": {"batch_size": 8},
    "dcgan": SMALL_DCGAN, "lsgan": SMALL_DCGAN, "wgan": SMALL_DCGAN, "wgan_gp": SMALL_DCGAN,
    "dragan": SMALL_DCGAN, "hinge": SMALL_DCGAN, "cgan": SMALL_DCGAN, "acgan": SMALL_DCGAN,
    "infogan": SMALL_DCGAN,
    "ebgan": SMALL_MLP, "improved": SMALL_MLP, "mrgan": SMALL_MLP, "pacgan": SMALL_MLP,
    "unrolled": {"batch_size": 8, "hparams": "hidden_units=(8,8),unroll_steps=1"},
    "mad_gan": {"batch_size": 8, "hparams": "hidden_units=(8,8),num_generators=2"},
    "pix2pix": {"batch_size": 2, "hparams": "depth=3,base_filters=4"},
    "cyclegan": {"batch_size": 2, "hparams": "num_blocks=1,base_filters=4"},
    "srgan": {"batch_size": 2, "hparams": "hr_size=32,num_blocks=1,filters=8,d_filters=8"},
    "stargan": {"batch_size": 2, "hparams": "filters=4,num_residual=1,d_filters=4,d_steps=1"},
    "completion": {"batch_size": 2, "hparams": "filters=4"},
    "segan": {"batch_size": 2, "hparams": "channels=(4,8),kernel_size=5,num_utterances=8"},
    "pix2pixhd": {"batch_size": 2, "image_size": "48,48",
                  "hparams": "base_filters=4,global_downsampling=2,global_blocks=1,local_blocks=1,d_layers=1,d_filters=4"},
    "seqgan": {"batch_size": 8, "hparams": "vocab_size=50,num_sequences=64,embedding_dim=4,hidden_dim=4,"
               "d_embedding_dim=4,filter_sizes=(2,3),num_filters=(4,4),num_rollouts=2,d_steps=1,phase=adversarial"},
    "vae": {"batch_size": 8, "hparams": "hidden_units=(8,)"},
    "gmmn": {"batch_size": 8, "hparams": "hidden_units=(8,8)"},
}
VECTOR_DATA = {"gan", "ebgan", "improved", "mrgan", "pacgan", "unrolled", "mad_gan"}
NO_IMAGES = VECTOR_DATA | {"seqgan"}  # token ids: no sample grid
PYTHON_WARNING = re.compile(r"\b\w*Warning: ")


def test_the_table_covers_every_objective():
    assert sorted(TINY) == sorted(recipes.OBJECTIVES) and len(TINY) == 26


CONCURRENT_RUNS = 2


def _run(objective, tmp_path):
    command = train_command(model=objective, epochs=1, steps_per_epoch=2, jit_compile=False,
                            output_dir=tmp_path / "run", export_dir=tmp_path / "exports", **TINY[objective])
    return subprocess.run(command, capture_output=True, text=True, env=ENV, cwd=str(tmp_path), timeout=300)


@pytest.fixture(scope="module")
def runs(request, tmp_path_factory):
    """``objective -> (future of its CompletedProcess, its folder)`` for every selected objective."""
    selected = sorted({
        item.callspec.params["objective"] for item in request.session.items
        if item.originalname == "test_two_steps_from_the_command_line"
    })
    with concurrent.futures.ThreadPoolExecutor(CONCURRENT_RUNS) as pool:
        started = {}
        for objective in selected:
            folder = tmp_path_factory.mktemp(objective)
            started[objective] = (pool.submit(_run, objective, folder), folder)
        yield started
        for future, _ in started.values():
            future.cancel()  # the rest of the module was deselected or interrupted


@pytest.mark.slow
@pytest.mark.parametrize("objective", sorted(TINY))
def test_two_steps_from_the_command_line(objective, runs):
    future, tmp_path = runs[objective]
    result = future.result()
    assert result.returncode == 0, result.stderr[-3000:]
    assert not PYTHON_WARNING.search(result.stderr), result.stderr[-3000:]
    config = json.load(open(tmp_path / "run" / "config.json"))
    recipe = recipes.recipe_for(objective)
    assert config["model"] == objective and config["built_from"]["name"] == recipe.name
    assert config["built_from"]["task"] == recipe.task and config["dataset"] == recipe.dataset
    assert json.load(open(tmp_path / "run" / "checkpoints" / "checkpoint.json"))["epoch"] == 1
    if objective not in NO_IMAGES:
        assert os.listdir(tmp_path / "run" / "samples") == ["epoch_0001.png"]
    card = json.load(open(tmp_path / "exports" / "1" / "model_card.json"))
    assert card["training_config"]["model"] == objective
    assert os.path.exists(tmp_path / "exports" / "1" / "model.tflite")
    if objective == "pix2pixhd":  # the trained size (not a 32x32 placeholder): the zoo's sampler resizes to it
        assert card["outputs"]["image"]["shape"] == [None, 48, 48, 3]
    # The CLI's default: model.onnx, checked against Keras at export time.
    assert card["onnx"]["max_abs_diff_vs_keras"] <= 1e-5
