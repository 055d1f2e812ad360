"""TF Serving readiness: the `sample` signature, TFLite variants, a killed export, the real server."""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time

import numpy as np
import pytest
import tensorflow as tf

from keras_gans import models
from keras_gans import networks
from keras_gans.export import existing_versions
from keras_gans.export import export_generator
from keras_gans.export import run_tflite
from keras_gans.testing import saved_model_cli_run

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHAPE = (28, 28, 1)


def _small_dcgan():
    return models.DCGAN(
        image_shape=SHAPE, latent_dim=8, seed=0,
        generator=networks.dcgan_generator(SHAPE, 8, base_filters=4),
        discriminator=networks.dcgan_discriminator(SHAPE, base_filters=4),
    )


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    base = str(tmp_path_factory.mktemp("serving") / "dcgan")
    model = _small_dcgan()
    path = export_generator(model, base, tflite_variants=("float16", "dynamic_range"))
    return model, base, path


def test_sample_signature_is_deterministic_and_matches_the_generator(exported):
    model, _, path = exported
    sample = tf.saved_model.load(path).signatures["sample"]
    first = sample(num=tf.constant(5), seed=tf.constant(7))
    again = sample(num=tf.constant(5), seed=tf.constant(7))
    other = sample(num=tf.constant(5), seed=tf.constant(8))
    assert first["images"].shape == (5, *SHAPE) and first["images_uint8"].dtype == tf.uint8
    np.testing.assert_array_equal(first["images"].numpy(), again["images"].numpy())
    assert not np.allclose(first["images"].numpy(), other["images"].numpy())
    # The noise is N(0, 1) drawn in the graph: the same z through the Keras generator.
    z = tf.random.stateless_normal((5, 8), seed=[7, 0])
    np.testing.assert_allclose(first["images"].numpy(), model.generator(z).numpy(), atol=1e-5)
    # uint8 = round((x + 1) * 127.5): -1 -> 0, 1 -> 255.
    expected = np.round((first["images"].numpy() + 1) * 127.5).clip(0, 255).astype(np.uint8)
    np.testing.assert_array_equal(first["images_uint8"].numpy(), expected)
    assert sample(num=tf.constant(1), seed=tf.constant(0))["images"].shape[0] == 1


def test_saved_model_cli_runs_both_signatures(exported, tmp_path):
    _, _, path = exported
    got = saved_model_cli_run(path, {"num": np.array(3, np.int32), "seed": np.array(7, np.int32)},
                              signature="sample", outdir=str(tmp_path / "cli"))
    ref = tf.saved_model.load(path).signatures["sample"](num=tf.constant(3), seed=tf.constant(7))
    assert sorted(got) == ["images", "images_uint8"]
    np.testing.assert_allclose(got["images"], ref["images"].numpy(), atol=1e-5)
    z = np.random.default_rng(0).standard_normal((2, 8)).astype("float32")
    got = saved_model_cli_run(path, {"z": z}, outdir=str(tmp_path / "cli2"))
    assert got["images"].shape == (2, *SHAPE)


def test_tflite_variants_recorded_and_measured(exported):
    model, _, path = exported
    card = json.load(open(os.path.join(path, "model_card.json")))
    assert card["signatures"] == ["sample", "serving_default"]
    z = np.random.default_rng(1).standard_normal((4, 8)).astype("float32")
    reference = model.generator(z).numpy()
    limits = {"model.tflite": 1e-5, "model_float16.tflite": 1e-2, "model_dynamic_range.tflite": 5e-2}
    sizes = {}
    for name, limit in limits.items():
        entry = card["tflite"][name]
        assert 0 <= entry["max_abs_diff_vs_keras"] <= limit, (name, entry)
        sizes[name] = os.path.getsize(os.path.join(path, name))
        assert entry["bytes"] == sizes[name]
        diff = np.max(np.abs(run_tflite(os.path.join(path, name), {"z": z})["images"] - reference))
        assert diff <= limit, (name, diff)
    # Quantized weights are smaller than float32 ones.
    assert sizes["model_float16.tflite"] < sizes["model.tflite"]
    assert sizes["model_dynamic_range.tflite"] < sizes["model.tflite"]


@pytest.mark.slow
def test_killed_export_leaves_previous_version_loadable(exported, tmp_path):
    _, _, path = exported
    base = str(tmp_path / "base")
    shutil.copytree(path, os.path.join(base, "1"))
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "from keras_gans import models, networks;"
        "from keras_gans.export import export_generator;"
        "s = (28, 28, 1);"
        "m = models.DCGAN(s, 8, networks.dcgan_generator(s, 8, base_filters=4),"
        " networks.dcgan_discriminator(s, base_filters=4));"
        "export_generator(m, sys.argv[2], tflite_variants=('float16', 'dynamic_range'))"
    )
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2"}
    proc = subprocess.Popen([sys.executable, "-c", script, ROOT, base], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # Kill it once the SavedModel is staged and the TFLite conversions are running.
    deadline = time.time() + 240
    staged = []
    while time.time() < deadline and proc.poll() is None:
        staged = [d for d in os.listdir(base) if d.startswith(".staging-")
                  and os.path.exists(os.path.join(base, d, "saved_model.pb"))]
        if staged:
            break
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert staged, "the export finished (or never staged) before it could be killed"
    assert existing_versions(base) == [1]
    assert sorted(d for d in os.listdir(base) if not d.startswith(".")) == ["1"]
    out = tf.saved_model.load(os.path.join(base, "1")).signatures["serving_default"](z=tf.zeros((2, 8)))
    assert out["images"].shape == (2, *SHAPE)
    # The next export takes version 2 as usual.
    assert export_generator(_small_dcgan(), base, tflite=False).endswith(os.sep + "2")


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.skipif(shutil.which("tensorflow_model_server") is None,
                    reason="tensorflow_model_server is not on PATH")
def test_real_tensorflow_model_server(exported, tmp_path):
    sys.path.insert(0, os.path.join(ROOT, "examples", "serve"))
    import client

    _, base, path = exported
    rest, grpc_port = _free_port(), _free_port()
    server = subprocess.Popen(
        ["tensorflow_model_server", f"--rest_api_port={rest}", f"--port={grpc_port}",
         "--model_name=dcgan", f"--model_base_path={os.path.abspath(base)}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        reference = tf.saved_model.load(path).signatures["sample"](num=tf.constant(4), seed=tf.constant(3))
        outputs = None
        for _ in range(120):
            try:
                outputs = client.rest_predict("127.0.0.1", rest, "dcgan", client.rest_request("sample", 4, 3))
                break
            except OSError:
                time.sleep(0.5)
        assert outputs is not None, "the server did not answer"
        np.testing.assert_allclose(outputs["images"], reference["images"].numpy(), atol=1e-5)
        assert client.save_png(outputs["images_uint8"], str(tmp_path / "rest.png"))
        try:
            import tensorflow_serving.apis  # noqa: F401
        except ImportError:
            return
        got = client.grpc_predict("127.0.0.1", grpc_port, "dcgan", 4, 3)
        np.testing.assert_allclose(got["images"], reference["images"].numpy(), atol=1e-5)
    finally:
        server.kill()
        server.wait()


def test_client_grid_and_request_helpers(tmp_path):
    sys.path.insert(0, os.path.join(ROOT, "examples", "serve"))
    import client

    images = np.linspace(-1, 1, 5 * 4 * 4).reshape(5, 4, 4, 1).astype("float32")
    grid = client.to_grid(images)
    assert grid.shape == (8, 12) and grid.dtype == np.uint8  # 2 rows x 3 columns of 4x4 tiles
    assert grid[0, 0] == 0 and grid[7, 7] == 255  # -1 -> 0; the last pixel of image 5 (tile 1,1) -> 255
    assert client.rest_request("sample", 3, 7) == {"signature_name": "sample", "inputs": {"num": 3, "seed": 7}}
    body = client.rest_request("serving_default", 2, 0, latent_dim=8)
    assert np.asarray(body["inputs"]["z"]).shape == (2, 8)
    with pytest.raises(ValueError, match="`latent_dim` is needed"):
        client.rest_request("serving_default", 2, 0)
    assert os.path.exists(client.save_png(images, str(tmp_path / "g.png")))


def test_client_command_line_needs_z_width_for_serving_default():
    # As users run it: --help, and serving_default without --latent_dim refused before any request (it
    # defaulted to 100, which dcgan_mnist version 3, z of 64, rejects only after the round trip).
    client = os.path.join(ROOT, "examples", "serve", "client.py")
    shown = subprocess.run([sys.executable, client, "--help"], capture_output=True, text=True, timeout=60)
    assert shown.returncode == 0 and "--latent_dim" in shown.stdout and "model card's latent_dim" in " ".join(
        shown.stdout.split())
    refused = subprocess.run([sys.executable, client, "--signature=serving_default", "--rest_port=9"],
                             capture_output=True, text=True, timeout=60)
    assert refused.returncode == 2 and "pass --latent_dim" in refused.stderr and "Received: --latent_dim=None" in (
        refused.stderr), refused.stderr
