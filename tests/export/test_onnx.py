"""ONNX export: model.onnx has the SavedModel's names and dynamic shapes and its values, under ONNX Runtime."""

import hashlib
import json
import os
import subprocess
import sys

import numpy as np
import onnx
import onnxruntime
import pytest
import tensorflow as tf

from keras_gans import models
from keras_gans import networks
from keras_gans.export import export_generator
from keras_gans.export import onnx as onnx_lib
from keras_gans.export import run_onnx

SHAPE = (28, 28, 1)


def _dcgan():
    return models.DCGAN(
        image_shape=SHAPE,
        latent_dim=8,
        seed=0,
        generator=networks.dcgan_generator(SHAPE, 8, base_filters=4),
        discriminator=networks.dcgan_discriminator(SHAPE, base_filters=4),
    )


def _cgan():
    return models.ConditionalGAN(
        networks.conditional_mlp_generator(2, 2, num_classes=8, hidden_units=(8,)),
        networks.conditional_mlp_discriminator(2, num_classes=8, hidden_units=(8,)),
        num_classes=8,
        seed=0,
    )


def _pix2pix():
    return models.Pix2Pix(
        networks.unet_generator(1, 1, depth=2, base_filters=4, dropout=0.0),
        networks.patchgan_discriminator(1, 1, num_downsampling=1, base_filters=4),
        seed=0,
    )


BUILDERS = {"dcgan": _dcgan, "cgan": _cgan, "pix2pix": _pix2pix}


@pytest.fixture(scope="module")
def exports(tmp_path_factory):
    """``exports(name) -> (model, base, version path)``: each model built and exported once."""
    cache = {}

    def get(name):
        if name not in cache:
            model = BUILDERS[name]()
            base = str(tmp_path_factory.mktemp("onnx") / name)
            cache[name] = model, base, export_generator(model, base, tflite=False, onnx=True)
        return cache[name]

    return get


def _inputs(signature, batch, size=8, seed=0):
    """Valid inputs for ``signature``: None dims -> batch (axis 0) or size (height, width)."""
    rng = np.random.default_rng(seed)
    inputs = {}
    for name, spec in signature.structured_input_signature[1].items():
        shape = [batch] + [size if d is None else d for d in spec.shape[1:]]
        if spec.dtype.is_integer:
            inputs[name] = rng.integers(0, 8, size=shape).astype(spec.dtype.as_numpy_dtype)
        else:
            inputs[name] = rng.uniform(-1, 1, size=shape).astype(spec.dtype.as_numpy_dtype)
    return inputs


def _signature(path):
    return tf.saved_model.load(path).signatures["serving_default"]


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_names_match_the_saved_model_signature(exports, name):
    _, _, path = exports(name)
    signature = _signature(path)
    session = onnxruntime.InferenceSession(
        os.path.join(path, "model.onnx"), providers=["CPUExecutionProvider"]
    )
    assert sorted(i.name for i in session.get_inputs()) == sorted(
        signature.structured_input_signature[1]
    )
    outputs = json.load(open(os.path.join(path, "model_card.json")))["onnx"]["outputs"]
    assert sorted(outputs) == sorted(signature.structured_outputs)
    assert sorted(o.name for o in session.get_outputs()) == sorted(outputs.values())
    # ONNX names each value once: only an output named like an input is renamed.
    inputs = set(signature.structured_input_signature[1])
    assert outputs == {k: k + "_out" if k in inputs else k for k in outputs}
    for value in session.get_inputs():
        assert value.shape[0] == "batch"


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_values_match_the_saved_model_at_any_batch_and_size(exports, name):
    _, _, path = exports(name)
    signature = _signature(path)
    # The translator's height and width are dynamic too: two sizes, one not square.
    sizes = [(8, 8), (16, 24)] if name == "pix2pix" else [(None, None)]
    for batch in (1, 5):
        for height, width in sizes:
            inputs = _inputs(signature, batch, seed=batch)
            if height is not None:
                inputs["image"] = (
                    np.random.default_rng(batch)
                    .uniform(-1, 1, (batch, height, width, 1))
                    .astype("float32")
                )
            want = {
                k: v.numpy()
                for k, v in signature(**{k: tf.constant(v) for k, v in inputs.items()}).items()
            }
            got = run_onnx(os.path.join(path, "model.onnx"), inputs)
            assert sorted(got) == sorted(want)
            for key in want:
                assert got[key].shape == want[key].shape
                np.testing.assert_allclose(got[key], want[key], atol=1e-5, rtol=0)


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_card_records_onnx_and_every_file(exports, name):
    _, _, path = exports(name)
    card = json.load(open(os.path.join(path, "model_card.json")))
    entry = card["onnx"]
    signature = _signature(path)
    assert entry["file"] == "model.onnx" and entry["opset"] == onnx_lib.OPSET
    assert sorted(entry["inputs"]) == sorted(signature.structured_input_signature[1])
    assert sorted(entry["outputs"]) == sorted(signature.structured_outputs)
    assert 0 <= entry["max_abs_diff_vs_keras"] <= 1e-5
    assert "sample" not in card["signatures"] or entry["saved_model_only_signatures"] == ["sample"]
    assert onnx.load(os.path.join(path, "model.onnx")).opset_import[0].version == onnx_lib.OPSET
    # Every file but the card itself, with its size and checksum.
    on_disk = sorted(
        os.path.relpath(os.path.join(d, f), path).replace(os.sep, "/")
        for d, _, files in os.walk(path)
        for f in files
    )
    assert sorted(card["files"]) == [f for f in on_disk if f != "model_card.json"]
    assert "saved_model.pb" in card["files"] and "model.onnx" in card["files"]
    for rel, record in card["files"].items():
        data = open(os.path.join(path, rel), "rb").read()
        assert record == {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    assert entry["sha256"] == card["files"]["model.onnx"]["sha256"]


def _wrong_onnx(latent_dim):
    """A real ONNX model with DCGAN's names and shapes that computes something else."""
    from onnx import helper
    from onnx import numpy_helper

    weights = np.full((latent_dim, int(np.prod(SHAPE))), 0.01, "float32")
    graph = helper.make_graph(
        [
            helper.make_node("MatMul", ["z", "w"], ["flat"]),
            helper.make_node("Reshape", ["flat", "shape"], ["pre"]),
            helper.make_node("Tanh", ["pre"], ["images"]),
        ],
        "wrong",
        [helper.make_tensor_value_info("z", onnx.TensorProto.FLOAT, ["batch", latent_dim])],
        [helper.make_tensor_value_info("images", onnx.TensorProto.FLOAT, ["batch", *SHAPE])],
        [
            numpy_helper.from_array(weights, "w"),
            numpy_helper.from_array(np.array([-1, *SHAPE], "int64"), "shape"),
        ],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", onnx_lib.OPSET)])
    return model.SerializeToString()


def test_a_mismatching_onnx_model_publishes_nothing(exports, monkeypatch):
    model, base, _ = exports("dcgan")
    wrong = _wrong_onnx(model.latent_dim)
    assert run_onnx(wrong, {"z": np.zeros((2, 8), "float32")})["images"].shape == (2, *SHAPE)
    monkeypatch.setattr(onnx_lib, "convert_saved_model", lambda *args, **kwargs: wrong)
    with pytest.raises(
        ValueError, match=r"ONNX export \(model.onnx\) does not match.*max \|difference\| = "
    ):
        export_generator(model, base, tflite=False, onnx=True)
    assert sorted(os.listdir(base)) == ["1"]  # no version 2, no staging directory


def test_missing_onnx_packages_is_a_clear_error(exports, monkeypatch, tmp_path):
    model, _, _ = exports("dcgan")
    monkeypatch.setitem(sys.modules, "tf2onnx", None)  # as if not installed: import raises
    base = tmp_path / "none"
    with pytest.raises(
        ImportError, match=r"'tf2onnx' is not installed.*pip install keras_gans\[onnx\]"
    ):
        export_generator(model, str(base), tflite=False, onnx=True)
    assert not base.exists()


def test_run_onnx_bad_inputs_say_what_was_expected(exports):
    _, _, path = exports("dcgan")
    model_path = os.path.join(path, "model.onnx")
    with pytest.raises(ValueError, match=r"takes inputs \['z'\]. Received: \['noise'\]"):
        run_onnx(model_path, {"noise": np.zeros((2, 8), "float32")})
    with pytest.raises(ValueError, match=r"expects shape \(-1, 8\).*Received shape \(2, 7\)"):
        run_onnx(model_path, {"z": np.zeros((2, 7), "float32")})


def test_cli_without_onnx_packages_refuses_before_training(tmp_path):
    # A tf2onnx that fails to import, first on the path: the CLI must stop before training.
    shadow = tmp_path / "shadow" / "tf2onnx"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text(
        "raise ImportError(\"No module named 'tf2onnx'\", name='tf2onnx')\n"
    )
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(tmp_path / "shadow"), root]),
        "TF_CPP_MIN_LOG_LEVEL": "2",
    }
    work = tmp_path / "work"
    work.mkdir()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "keras_gans.train",
            "--model=gan",
            "--dataset=ring8",
            "--epochs=1",
            f"--output_dir={work / 'run'}",
            f"--export_dir={work / 'export'}",
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=str(work),
        timeout=300,
    )
    assert result.returncode == 2, result.stderr[-2000:]
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and "pip install keras_gans[onnx]" in errors[0], result.stderr[-2000:]
    assert "Traceback" not in result.stderr and os.listdir(work) == []
