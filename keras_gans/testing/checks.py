"""Checks shared by the tests of every objective.

Each one asserts; none returns a verdict to be ignored.
"""

import json
import os
import subprocess
import sys

import keras
import numpy as np
import tensorflow as tf

from keras_gans.recipes.recipe import LATENT


def _snapshot(variables):
    return [np.array(keras.ops.convert_to_numpy(v)) for v in variables]


def snapshot_weights(model, networks=("generator", "discriminator")):
    """Copies of the trainable weights of each named network: ``{name: [array, ...]}``."""
    return {name: _snapshot(getattr(model, name).trainable_variables) for name in networks}


def assert_weights_changed(before, model, kernels_only=()):
    """Asserts every weight in ``before`` (from :func:`snapshot_weights`) has changed.

    Args:
        before: ``{network name: [array, ...]}`` taken before training.
        model: the model after training.
        kernels_only: networks of which only the kernels (rank >= 2) must
            change: a critic trained by a Wasserstein or hinge loss (at
            initialisation, every output inside the margins) changes by the
            same amount on real and fake for a constant shift, so its output
            bias gets exactly zero gradient.
    """
    for name, old in before.items():
        assert old, f"{name} has no trainable variables"
        pairs = list(zip(old, _snapshot(getattr(model, name).trainable_variables), strict=True))
        what = "variables"
        if name in kernels_only:
            pairs, what = [(a, b) for a, b in pairs if a.ndim >= 2], "kernels"
        changed = sum(not np.array_equal(a, b) for a, b in pairs)
        assert pairs and changed == len(pairs), f"only {changed}/{len(pairs)} {what} of {name} changed"


def assert_finite_history(history):
    """Asserts every logged value of a ``fit`` is finite."""
    for key, values in history.history.items():
        assert np.all(np.isfinite(values)), f"{key} is not finite: {values}"


def fit_and_assert_weights_changed(
    model, dataset, steps=2, networks=("generator", "discriminator"), kernels_only=()
):
    """Fits ``steps`` steps and asserts every named network's weights changed.

    Args:
        kernels_only: networks of which only the kernels must change (see
            :func:`assert_weights_changed`).

    Returns:
        The ``History`` of the fit.
    """
    before = snapshot_weights(model, networks)
    history = model.fit(dataset, epochs=1, steps_per_epoch=steps, verbose=0)
    assert_weights_changed(before, model, kernels_only)
    assert_finite_history(history)
    return history


def _assert_same_variables(expected, got, label):
    assert len(got) == len(expected), f"{label}: {len(got)} variables after loading, {len(expected)} before"
    for a, b in zip(expected, got, strict=True):
        np.testing.assert_array_equal(
            keras.ops.convert_to_numpy(b), keras.ops.convert_to_numpy(a), err_msg=f"{label}: {a.path}"
        )


def assert_keras_roundtrip(model, path, inputs=None, atol=0.0, state=False):
    """Saves to ``.keras``, loads in safe mode, and compares generator outputs.

    Args:
        model: a compiled adversarial model.
        path: a ``*.keras`` file path.
        inputs: generator inputs; default ``model.latent_vectors(8, seed=0)``
            for a latent generator, ``model.generator_example_inputs()`` for a translator.
        state: also compare every variable of the model (weights, BatchNorm
            statistics, image pools, running averages, seed state) and of
            its optimizers (class, configuration, moments, iteration counts)
            to the letter.

    Returns:
        The loaded model.
    """
    if inputs is None:
        inputs = model.latent_vectors(8, seed=0) if model.task == LATENT else model.generator_example_inputs()
    expected = keras.ops.convert_to_numpy(model.generator(inputs, training=False))
    model.save(path)
    loaded = keras.saving.load_model(path, safe_mode=True)
    assert type(loaded) is type(model), f"{type(loaded)} is not {type(model)}"
    got = keras.ops.convert_to_numpy(loaded.generator(inputs, training=False))
    np.testing.assert_allclose(got, expected, atol=atol, rtol=0)
    assert loaded.objective_config() == model.objective_config()
    for name in ("generator", "discriminator"):
        if getattr(model, name) is None:  # an objective without a discriminator
            continue
        kinds = [type(layer).__name__ for layer in getattr(model, name).layers]
        assert kinds == [type(layer).__name__ for layer in getattr(loaded, name).layers]
    if state:
        _assert_same_variables(model.weights, loaded.weights, "model")
        for name in ("g_optimizer", "d_optimizer"):
            optimizer = getattr(model, name)
            if optimizer is not None:
                restored = getattr(loaded, name)
                assert type(restored) is type(optimizer), f"{name}: {type(restored)} is not {type(optimizer)}"
                assert restored.get_config() == optimizer.get_config(), name
                _assert_same_variables(optimizer.variables, restored.variables, name)
    return loaded


_CLI_RUNNER = """
import json, sys
from tensorflow.python.tools import saved_model_cli
for job in json.load(open(sys.argv[1])):
    # What `saved_model_cli run --dir D --tag_set serve --signature_def S --inputs I
    # --outdir O --overwrite` does after parsing its flags: the same two calls.
    feed = saved_model_cli.load_inputs_from_input_arg_string(job["inputs"], "", "")
    saved_model_cli.run_saved_model_with_feed_dict(
        job["dir"], "serve", job["signature"], feed, job["outdir"], True)
"""


def _write_cli_inputs(inputs, outdir):
    os.makedirs(outdir, exist_ok=True)
    args = []
    for name, value in inputs.items():
        path = os.path.join(outdir, f"in_{name}.npy")
        np.save(path, value)
        args.append(f"{name}={path}")
    return ";".join(args)


def _read_cli_outputs(outdir):
    return {
        f[: -len(".npy")]: np.load(os.path.join(outdir, f))
        for f in os.listdir(outdir)
        if f.endswith(".npy") and not f.startswith("in_")
    }


def saved_model_cli_run(saved_model_dir, inputs, signature="serving_default", outdir=None, in_process=False):
    """Runs ``saved_model_cli run`` (session loading, as TF Serving) on numpy inputs.

    Args:
        saved_model_dir: the SavedModel directory.
        inputs: dict input name -> numpy array.
        signature: the signature key.
        outdir: where the outputs are written as ``<name>.npy``.
        in_process: call the tool's own ``run_saved_model_with_feed_dict`` (the
            function ``saved_model_cli run`` calls after parsing its flags: a
            TF1 ``Session`` + ``loader.load``, the way TF Serving loads) in this
            process, which saves a TensorFlow start-up per call, but its import
            defines absl flags (``--output_dir``, ...) that clash with a CLI's
            flags already defined in the process); False (default) runs the
            ``saved_model_cli`` executable in a subprocess.

    Returns:
        dict of output name -> numpy array.
    """
    outdir = outdir or os.path.join(saved_model_dir + "_cli_out")
    os.makedirs(outdir, exist_ok=True)
    if in_process:
        from tensorflow.python.tools import saved_model_cli

        saved_model_cli.run_saved_model_with_feed_dict(
            saved_model_dir, "serve", signature, {k: np.asarray(v) for k, v in inputs.items()},
            outdir, True,
        )
    else:
        cli = os.path.join(os.path.dirname(sys.executable), "saved_model_cli")
        command = [cli if os.path.exists(cli) else "saved_model_cli", "run", "--dir", saved_model_dir,
                   "--tag_set", "serve", "--signature_def", signature,
                   "--inputs", _write_cli_inputs(inputs, outdir), "--outdir", outdir, "--overwrite"]
        result = subprocess.run(
            command, capture_output=True, text=True, env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2"}
        )
        assert result.returncode == 0, f"saved_model_cli failed:\n{result.stderr[-3000:]}"
    return _read_cli_outputs(outdir)


def saved_model_cli_run_many(jobs, workdir):
    """``saved_model_cli run`` for many (SavedModel, signature, inputs) in ONE new process.

    Each job goes through the calls ``saved_model_cli run`` makes after its
    flag parsing (``--inputs`` parsed from its ``name=file.npy`` string, then a
    TF1 session load as TF Serving does), in a fresh Python process, so a
    whole table of exports pays for one TensorFlow start-up instead of one each.

    Args:
        jobs: list of ``(saved_model_dir, signature, inputs)``.
        workdir: a directory for the input and output files.

    Returns:
        list of dicts output name -> numpy array, in the order of ``jobs``.
    """
    specs = []
    for i, (saved_model_dir, signature, inputs) in enumerate(jobs):
        outdir = os.path.join(workdir, f"job{i}")
        specs.append({"dir": saved_model_dir, "signature": signature, "outdir": outdir,
                      "inputs": _write_cli_inputs(inputs, outdir)})
    path = os.path.join(workdir, "jobs.json")
    with open(path, "w") as f:
        json.dump(specs, f)
    result = subprocess.run(
        [sys.executable, "-c", _CLI_RUNNER, path], capture_output=True, text=True,
        env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2"},
    )
    assert result.returncode == 0, f"saved_model_cli run failed:\n{result.stderr[-3000:]}"
    return [_read_cli_outputs(spec["outdir"]) for spec in specs]


def endpoint_outputs(model, signature, inputs):
    """What ``model.serving_endpoints()[signature]`` returns on numpy ``inputs``, as numpy."""
    fn, specs = model.serving_endpoints()[signature]
    outputs = fn(*[tf.constant(inputs[s.name]) for s in specs])
    return {k: keras.ops.convert_to_numpy(v) for k, v in outputs.items()}


def saved_model_outputs(saved_model, signature, inputs):
    """Runs a signature of a ``tf.saved_model.load``-ed model (or its path) on numpy inputs."""
    if isinstance(saved_model, str):
        saved_model = tf.saved_model.load(saved_model)
    outputs = saved_model.signatures[signature](**{k: tf.constant(v) for k, v in inputs.items()})
    return {k: v.numpy() for k, v in outputs.items()}


def assert_weights_stored_once(saved_model_dir, min_size=16):
    """Fails if a SavedModel's ``variables/`` holds the same weight tensor under two names.

    Keras 3's ``ExportArchive`` saves a network it was asked to ``track()``
    twice: its Keras variables and the ``tf.Variable`` objects the endpoints
    capture. A duplicate shows as two checkpoint entries with the same
    non-constant values; tensors smaller than ``min_size`` or constant (fresh
    biases, BatchNorm statistics) may legitimately repeat and are skipped.
    """
    import hashlib

    reader = tf.train.load_checkpoint(os.path.join(saved_model_dir, "variables", "variables"))
    seen = {}
    for key in sorted(reader.get_variable_to_shape_map()):
        if not key.endswith("VARIABLE_VALUE"):
            continue
        value = np.asarray(reader.get_tensor(key))
        if value.size < min_size or value.dtype.kind not in "fc" or np.all(value == value.flat[0]):
            continue
        digest = (value.shape, value.dtype.str, hashlib.sha256(np.ascontiguousarray(value).tobytes()).hexdigest())
        if digest in seen:
            raise AssertionError(
                f"{saved_model_dir!r} stores one weight twice: {seen[digest]!r} and {key!r} "
                f"(shape {value.shape}); expected each weight once."
            )
        seen[digest] = key


def assert_outputs_match(label, got, reference, atol=1e-5):
    """Asserts two dicts of named outputs have the same keys and values within ``atol``."""
    assert sorted(got) == sorted(reference), f"{label} outputs {sorted(got)} != {sorted(reference)}"
    for key in reference:
        assert got[key].shape == reference[key].shape, f"{label}:{key} {got[key].shape} != {reference[key].shape}"
        np.testing.assert_allclose(got[key], reference[key], atol=atol, rtol=0, err_msg=f"{label}:{key}")


def assert_export_parity(model, export_dir, inputs, signature="serving_default", atol=1e-5, reference=None):
    """Exports ``model`` and checks SavedModel (TF loader and saved_model_cli) and TFLite.

    Args:
        model: the model to export.
        export_dir: base directory for ``export_generator``.
        inputs: dict name -> numpy array for ``signature``.
        reference: dict name -> expected numpy outputs; default: the model's
            own endpoint function on ``inputs``.

    Returns:
        The published version directory.
    """
    from keras_gans.export import export_generator
    from keras_gans.export import run_tflite

    version_dir = export_generator(model, export_dir)
    if reference is None:
        reference = endpoint_outputs(model, signature, inputs)
    got_tf = saved_model_outputs(version_dir, signature, inputs)
    got_cli = saved_model_cli_run(version_dir, inputs, signature, outdir=export_dir + "_cli")
    got_lite = run_tflite(os.path.join(version_dir, "model.tflite"), inputs, signature)
    for label, got in (("tf.saved_model", got_tf), ("saved_model_cli", got_cli), ("LiteRT", got_lite)):
        assert_outputs_match(label, got, reference, atol)
    return version_dir
