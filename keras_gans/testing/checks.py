"""Checks shared by the tests of every objective.

Each one asserts; none returns a verdict to be ignored.
"""

import os
import subprocess
import sys

import keras
import numpy as np
import tensorflow as tf


def _snapshot(variables):
    return [np.array(keras.ops.convert_to_numpy(v)) for v in variables]


def fit_and_assert_weights_changed(model, dataset, steps=2, networks=("generator", "discriminator")):
    """Fits ``steps`` steps and asserts every named network's weights changed.

    Returns:
        The ``History`` of the fit.
    """
    before = {name: _snapshot(getattr(model, name).trainable_variables) for name in networks}
    history = model.fit(dataset, epochs=1, steps_per_epoch=steps, verbose=0)
    for name in networks:
        after = _snapshot(getattr(model, name).trainable_variables)
        assert before[name], f"{name} has no trainable variables"
        changed = sum(not np.array_equal(a, b) for a, b in zip(before[name], after, strict=True))
        assert changed == len(after), f"only {changed}/{len(after)} variables of {name} changed"
    for key, values in history.history.items():
        assert np.all(np.isfinite(values)), f"{key} is not finite: {values}"
    return history


def assert_keras_roundtrip(model, path, inputs=None, atol=0.0):
    """Saves to ``.keras``, loads in safe mode, and compares generator outputs.

    Args:
        model: a compiled adversarial model.
        path: a ``*.keras`` file path.
        inputs: generator inputs; default ``model.latent_vectors(8, seed=0)``.

    Returns:
        The loaded model.
    """
    if inputs is None:
        inputs = model.latent_vectors(8, seed=0)
    expected = keras.ops.convert_to_numpy(model.generator(inputs, training=False))
    model.save(path)
    loaded = keras.saving.load_model(path, safe_mode=True)
    assert type(loaded) is type(model), f"{type(loaded)} is not {type(model)}"
    got = keras.ops.convert_to_numpy(loaded.generator(inputs, training=False))
    np.testing.assert_allclose(got, expected, atol=atol, rtol=0)
    if hasattr(model, "objective_config"):
        assert loaded.objective_config() == model.objective_config()
    for name in ("generator", "discriminator"):
        if hasattr(model, name):
            kinds = [type(layer).__name__ for layer in getattr(model, name).layers]
            assert kinds == [type(layer).__name__ for layer in getattr(loaded, name).layers]
    return loaded


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
        args = []
        for name, value in inputs.items():
            path = os.path.join(outdir, f"in_{name}.npy")
            np.save(path, value)
            args.append(f"{name}={path}")
        cli = os.path.join(os.path.dirname(sys.executable), "saved_model_cli")
        command = [cli if os.path.exists(cli) else "saved_model_cli", "run", "--dir", saved_model_dir,
                   "--tag_set", "serve", "--signature_def", signature, "--inputs", ";".join(args),
                   "--outdir", outdir, "--overwrite"]
        result = subprocess.run(
            command, capture_output=True, text=True, env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2"}
        )
        assert result.returncode == 0, f"saved_model_cli failed:\n{result.stderr[-3000:]}"
    return {
        f[: -len(".npy")]: np.load(os.path.join(outdir, f))
        for f in os.listdir(outdir)
        if f.endswith(".npy") and not f.startswith("in_")
    }


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
    fn, specs = model.serving_endpoints()[signature]
    if reference is None:
        reference = {
            k: keras.ops.convert_to_numpy(v)
            for k, v in fn(*[tf.constant(inputs[s.name]) for s in specs]).items()
        }
    loaded = tf.saved_model.load(version_dir)
    sig = loaded.signatures[signature]
    got_tf = {k: v.numpy() for k, v in sig(**{k: tf.constant(v) for k, v in inputs.items()}).items()}
    got_cli = saved_model_cli_run(version_dir, inputs, signature, outdir=export_dir + "_cli")
    got_lite = run_tflite(os.path.join(version_dir, "model.tflite"), inputs, signature)
    for label, got in (("tf.saved_model", got_tf), ("saved_model_cli", got_cli), ("LiteRT", got_lite)):
        assert sorted(got) == sorted(reference), f"{label} outputs {sorted(got)} != {sorted(reference)}"
        for key in reference:
            np.testing.assert_allclose(got[key], reference[key], atol=atol, rtol=0, err_msg=f"{label}:{key}")
    return version_dir
