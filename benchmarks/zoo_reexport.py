"""Re-export a published zoo version from its own SavedModel: the same weights, stored once.

    python benchmarks/zoo_reexport.py --name=cgan_mnist --version=2      # writes exports/cgan_mnist/3

Versions exported before 290a0ce can store a generator's weights twice in their SavedModel (a
copy tracked beside the serving signatures). This rebuilds the model by the recipe and training
configuration its card records, takes every variable the version's serving signatures read
from the published SavedModel by name (a missing name or a different shape stops it), and
exports it with the training CLI's ``export_generator`` as the next version. Then every
signature's outputs are compared with the published version's, in the SavedModel, both TFLite
files and every ONNX file, on the exporter's example inputs. The SavedModels must agree to
``--tolerance`` (default 0: the same weights give the same outputs); a converted file must agree
within the tolerance its card records for it against Keras (converters round differently from
one conversion to the next). Otherwise the new version is removed again and it exits 1. The new card's
``training_config.reexported_from`` names the source and the differences measured.
Publish it with ``zoo_publish.py --inherit`` (the source's commands and CPU time carry over).
"""

import argparse  # noqa: I001 - recording (below) must come before keras_gans, so the block is not sorted
import dataclasses
import json
import os
import shutil
import sys

import recording  # noqa: F401 - puts the checkout on sys.path
import keras  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

from keras_gans import train_lib  # noqa: E402
from keras_gans import zoo  # noqa: E402
from keras_gans.export import onnx as onnx_export  # noqa: E402
from keras_gans.export import tflite as tflite_export  # noqa: E402
from keras_gans.export.generator import _example_inputs  # noqa: E402
from keras_gans.export.generator import export_generator  # noqa: E402

EXPORTS = os.path.join(recording.ROOT, "exports")


def rebuild(card):
    """The recipe's model, built as the card's training run built it (weights not yet set)."""
    fields = {f.name for f in dataclasses.fields(train_lib.TrainConfig)}
    recorded = card["training_config"]
    config = train_lib.TrainConfig(**{k: v for k, v in recorded.items() if k in fields}).resolved()
    recipe = config.get_recipe()
    hparams = recipe.resolve_hparams(config.hparams, config.latent_dim, config.seed)
    if hparams.get("init_weights"):  # a first stage's checkpoint: the weights come from the SavedModel
        hparams["init_weights"] = None
    _, spec, _ = train_lib._training_stream(config, recipe, hparams)
    # Layer names as a fresh process makes them (the published export's were): variables match by name.
    keras.backend.clear_session(free_memory=False)
    keras.utils.set_random_seed(config.seed)
    return recipe.build(spec, hparams)


def published_variables(path):
    """``{name: value}`` of every variable the version's signatures read."""
    loaded = tf.saved_model.load(path)
    values = {}
    for signature in loaded.signatures.values():
        for variable in signature.variables:
            values[variable.name.rsplit(":", 1)[0]] = variable.numpy()
    return values


def assign(model, values):
    """Sets each generator variable from ``values`` by its path; every name must match both ways."""
    variables = {v.path: v for v in model.generator.weights}
    missing, extra = sorted(set(values) - set(variables)), sorted(set(variables) - set(values))
    if missing or extra:
        raise ValueError(f"The published signatures read {missing} that the rebuilt generator lacks, and it has "
                         f"{extra} that they do not read.")
    for name, value in values.items():
        if tuple(variables[name].shape) != value.shape:
            raise ValueError(f"{name}: published shape {value.shape}, rebuilt {tuple(variables[name].shape)}.")
        variables[name].assign(value)


def _specs(path, signature):
    """The signature's inputs: a batch of 3, and 32 for a dynamic height or width (a U-Net's multiple)."""
    function = tf.saved_model.load(path).signatures[signature]
    return [tf.TensorSpec([(3 if i == 0 else 32) if d is None else d for i, d in enumerate(spec.shape)],
                          spec.dtype, name)
            for name, spec in function.structured_input_signature[1].items()]


def _max_difference(a, b):
    return max(float(np.max(np.abs(np.asarray(a[k], "float64") - np.asarray(b[k], "float64")))) for k in a)


def compare(old, new):
    """``{format/signature: max |difference|}`` of every signature in every format, old against new."""
    card = zoo.read_card(old)
    differences = {}
    for signature in card["signatures"]:
        specs = _specs(old, signature)
        inputs = _example_inputs(specs, seed=7)
        runs = [tf.saved_model.load(p).signatures[signature] for p in (old, new)]
        outputs = [{k: v.numpy() for k, v in run(**{n: tf.constant(x) for n, x in inputs.items()}).items()}
                   for run in runs]
        differences[f"saved_model/{signature}"] = _max_difference(*outputs)
        for file, record in card.get("tflite", {}).items():
            if signature in record.get("signatures_checked", ["serving_default"]):
                got = [tflite_export.run_tflite(os.path.join(p, file), inputs, signature) for p in (old, new)]
                differences[f"{file}/{signature}"] = _max_difference(*got)
    onnx_files = [card["onnx"]["file"], *(e["file"] for e in card["onnx"].get("signatures", {}).values())] \
        if card.get("onnx") else []
    for file in onnx_files:
        signature = "serving_default" if file == card["onnx"]["file"] else next(
            s for s, e in card["onnx"]["signatures"].items() if e["file"] == file)
        inputs = _example_inputs(_specs(old, signature), seed=7)
        got = [onnx_export.run_onnx(os.path.join(p, file), inputs) for p in (old, new)]
        differences[file] = _max_difference(*got)
    return differences


def tolerances(card, differences, saved_model_tolerance):
    """The bound each compared output must meet (see the module docstring)."""
    bounds = {}
    for key in differences:
        if key.startswith("saved_model/"):
            bounds[key] = saved_model_tolerance
        elif key.split("/")[0] in card.get("tflite", {}):
            bounds[key] = card["tflite"][key.split("/")[0]]["tolerance"]
        else:
            bounds[key] = card["onnx"]["tolerance"]
    return bounds


def reexport(name, version, root=EXPORTS, tolerance=0.0):
    old = zoo.version_dir(name, version, root)
    card = zoo.verify(old)
    model = rebuild(card)
    assign(model, published_variables(old))
    training_config = {**card["training_config"], "reexported_from": {
        "name": name, "version": str(version), "why": "the same weights, stored once"}}
    new = export_generator(model, os.path.dirname(old), training_config=training_config, onnx=True,
                           tflite_variants=tuple(f.split("_", 1)[1].split(".")[0]
                                                 for f in card.get("tflite", {}) if f != "model.tflite"))
    try:
        differences = compare(old, new)
        bounds = tolerances(card, differences, tolerance)
    except BaseException:
        shutil.rmtree(new)  # never leave an unchecked version behind
        raise
    over = {k: (v, bounds[k]) for k, v in differences.items() if v > bounds[k]}
    if over:
        shutil.rmtree(new)
        raise SystemExit(f"error: {new} differs from {old} beyond the bounds (difference, bound): {over}")
    card_path = os.path.join(new, "model_card.json")
    with open(card_path) as f:
        new_card = json.load(f)
    new_card["training_config"]["reexported_from"]["max_abs_difference"] = differences
    with open(card_path, "w") as f:
        json.dump(new_card, f, indent=2)  # the card lists every other file's checksum, not its own
    return new, differences


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--name", required=True)
    parser.add_argument("--version", required=True)
    parser.add_argument("--root", default=EXPORTS)
    parser.add_argument("--tolerance", type=float, default=0.0, help="SavedModel outputs, old against new")
    args = parser.parse_args(argv)
    try:
        new, differences = reexport(args.name, args.version, args.root, args.tolerance)
    except ValueError as error:  # an unknown model or version, a file unlike its card, mismatched variables
        parser.error(str(error))
    print(json.dumps({"path": new, "max_abs_difference": differences}, indent=2))
    return new


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
