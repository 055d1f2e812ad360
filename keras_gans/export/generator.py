"""Export a trained generator as a TF Serving SavedModel version and TFLite."""

import datetime
import json
import os
import platform
import shutil

import keras
import numpy as np
import tensorflow as tf

from keras_gans import faults
from keras_gans.export import checksums
from keras_gans.export import onnx as onnx_lib
from keras_gans.export import tflite as tflite_lib
from keras_gans.export import versions
from keras_gans.recipes.recipe import LATENT
from keras_gans.version import __version__

TFLITE_FILE = "model.tflite"
CARD_FILE = "model_card.json"
# Signatures exported to the SavedModel but not to TFLite (stateless RNG, string tables).
SAVED_MODEL_ONLY = ("sample", "tokens_to_text")
# Max |difference| from Keras each TFLite file may show (outputs in [-1, 1]).
# float16 stores the weights with a 10-bit mantissa (relative error <= 2**-11,
# about 5e-4 a weight); summed over a generator's layers that stays well under 1e-2.
TFLITE_TOLERANCE = {None: 1e-4, "float16": 1e-2}


def _package_versions():
    return {
        "keras_gans": __version__,
        "tensorflow": tf.__version__,
        "keras": keras.__version__,
        "numpy": np.__version__,
        "python": platform.python_version(),
    }


def _example_inputs(specs, batch=3, seed=0):
    """Deterministic example inputs matching the signature specs (for parity checks)."""
    rng = np.random.default_rng(seed)
    inputs = {}
    for spec in specs:
        shape = [batch if d is None else d for d in spec.shape]
        if spec.dtype.is_integer:
            inputs[spec.name] = rng.integers(0, 2, size=shape).astype(spec.dtype.as_numpy_dtype)
        else:
            inputs[spec.name] = rng.standard_normal(shape).astype(spec.dtype.as_numpy_dtype)
    return inputs


def _outputs(fn, specs, inputs):
    """``fn``'s outputs on named numpy ``inputs``, as numpy arrays."""
    return {k: keras.ops.convert_to_numpy(v) for k, v in fn(*[tf.constant(inputs[s.name]) for s in specs]).items()}


def write_saved_model(model, path):
    """Writes ``model.serving_endpoints()`` as a SavedModel at ``path``.

    Uses ``keras.export.ExportArchive`` so the variables are saved the way
    ``saved_model_cli`` / TF Serving (session loading) and the TFLite
    converter both read them. The endpoints track the variables they use; the
    generator itself is not tracked on top: Keras 3 then saved every weight twice
    (its Keras variable and the tf.Variable the endpoints capture), doubling
    ``variables/`` (measured: 145,942 against 73,095 bytes for a 71,556-byte DCGAN).
    """
    archive = keras.export.ExportArchive()
    for layer in model.export_tracked():
        archive.track(layer)
    endpoints = model.serving_endpoints()
    if "serving_default" not in endpoints:
        raise ValueError("`serving_endpoints()` must define 'serving_default'.")
    for name, (fn, specs) in endpoints.items():
        archive.add_endpoint(name=name, fn=fn, input_signature=list(specs))
    archive.write_out(path, verbose=False)
    return endpoints


def export_generator(
    model, export_dir, version=None, tflite=True, tflite_variants=(), training_config=None, onnx=False
):
    """Publishes ``model``'s generator as ``export_dir/<version>/``.

    The version directory holds a SavedModel whose ``serving_default``
    signature takes named inputs (``{"z": float32[None, latent_dim]}`` for
    an unconditional generator) and returns ``{"images": ...}`` with a
    dynamic batch; ``model.tflite`` with the same signature; and
    ``model_card.json``, which records the size and sha256 of every file the
    version holds. With ``onnx=True`` it also holds ``model.onnx``
    (``serving_default``, same names, dynamic batch and height/width)
    checked against Keras to 1e-5, and ``model_<name>.onnx`` for each of the
    model's ``extra_export_signatures()`` (checked in TFLite too). Everything is written into a hidden staging directory
    first and renamed into place, so a failed or killed export never leaves a
    half-written version, and existing versions are never touched.

    Args:
        model: an ``AdversarialModel`` (anything with ``generator`` and
            ``serving_endpoints()``).
        export_dir: the base directory (TF Serving's ``--model_base_path``).
        version: integer version; None takes ``max(existing) + 1``.
        tflite: also write the float32 ``model.tflite``.
        tflite_variants: extra TFLite variants: 'float16', 'dynamic_range'.
        training_config: optional dict recorded in the model card.
        onnx: also write ``model.onnx`` (needs ``pip install keras_gans[onnx]``).
            Off by default in the library because converting costs about a
            second a model; the CLI and the examples turn it on.

    Returns:
        The path of the published version directory.

    Raises:
        ValueError: ``export_dir`` is a file or unwritable, ``version`` exists
            or is not a positive integer, or the TFLite or ONNX file does not
            match the Keras generator.
        ImportError: ``onnx=True`` without tf2onnx and onnxruntime installed.
    """
    if onnx:
        onnx_lib.require_onnx()  # before anything is staged
    if version is not None and (not str(version).isdigit() or int(version) <= 0):
        raise ValueError(f"`version` must be a positive integer. Received: version={version!r}")
    if version is not None and int(version) in versions.existing_versions(export_dir):
        raise ValueError(
            f"Version {version} already exists in {export_dir!r}; published versions are never overwritten."
        )
    versions.check_base_dir(export_dir)
    versions.remove_stale_staging(export_dir)
    staged = versions.staging_dir(export_dir)
    try:
        endpoints = write_saved_model(model, staged)
        specs = endpoints["serving_default"][1]
        fn = endpoints["serving_default"][0]
        example = model.export_example_inputs() or _example_inputs(specs)
        reference = _outputs(fn, specs, example)
        # Every signature checked in every format: serving_default plus the model's extras
        # (a CycleGAN's b_to_a), each with its example inputs and Keras' outputs on them.
        checked = {"serving_default": (example, reference)}
        for key, inputs in model.extra_export_signatures().items():
            checked[key] = (inputs, _outputs(*endpoints[key], inputs))
        card = {
            "objective": type(model).__name__,
            "task": model.task,
            "latent_dim": model.latent_dim if model.task == LATENT else None,
            "inputs": {s.name: {"dtype": s.dtype.name, "shape": list(s.shape)} for s in specs},
            "outputs": {k: {"shape": [None] + list(v.shape[1:])} for k, v in reference.items()},
            # Images and waveforms come out of a tanh; vectors (2-D mixtures) and tokens are unbounded.
            "value_range": [-1.0, 1.0] if all(v.ndim >= 3 and v.dtype.kind == "f" for v in reference.values()) else None,
            "signatures": sorted(endpoints),
            "model_config": model.objective_config(),
            "training_config": training_config or {},
            "versions": _package_versions(),
            "created": datetime.datetime.now(datetime.timezone.utc).isoformat(),
            "tflite": {},
        }
        variants = ([None] if tflite else []) + list(tflite_variants)
        for variant in variants:
            # Every signature but `sample`: TFLite has no kernel for its
            # stateless RNG (it is a SavedModel/TF Serving signature only).
            blob = tflite_lib.convert_saved_model(
                staged, signature_keys=[k for k in endpoints if k not in SAVED_MODEL_ONLY],
                optimization=variant,
            )
            name = TFLITE_FILE if variant is None else f"model_{variant}.tflite"
            with open(os.path.join(staged, name), "wb") as f:
                f.write(blob)
            diff = max(
                float(np.max(np.abs(out[k] - expected[k])))
                for key, (inputs, expected) in checked.items()
                for out in [tflite_lib.run_tflite(blob, inputs, signature=key)]
                for k in expected
            )
            tolerance = TFLITE_TOLERANCE.get(variant)
            if not np.isfinite(diff) or (tolerance is not None and diff > tolerance):
                raise ValueError(
                    f"The TFLite export ({name}) does not match the Keras generator: "
                    f"max |difference| = {diff}; expected <= {tolerance}."
                )
            card["tflite"][name] = {
                "max_abs_diff_vs_keras": diff, "tolerance": tolerance, "bytes": len(blob),
                "signatures_checked": sorted(checked),
            }
        onnx_files = {
            key: onnx_lib.write_checked(staged, endpoints, inputs, expected, signature=key)
            for key, (inputs, expected) in (checked.items() if onnx else [])
        }
        card["files"] = checksums.file_records(staged)
        for entry in onnx_files.values():
            entry.update(card["files"][entry["file"]])
            # Aliases of a converted signature (a CycleGAN's a_to_b is serving_default) are in its file.
            entry["saved_model_only_signatures"] = sorted(
                k for k in entry["saved_model_only_signatures"]
                if k not in checked and all(endpoints[k] is not endpoints[c] for c in checked)
            )
        # serving_default's file at the top (model.onnx), any other signature's under "signatures".
        card["onnx"] = dict(onnx_files.get("serving_default", {}))
        if len(onnx_files) > 1:
            card["onnx"]["signatures"] = {k: v for k, v in onnx_files.items() if k != "serving_default"}
        with open(os.path.join(staged, CARD_FILE), "w") as f:
            json.dump(card, f, indent=2, default=str)
        faults.pause_point("export")
        number = versions.publish(staged, export_dir, version)
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise
    return os.path.join(export_dir, str(number))
