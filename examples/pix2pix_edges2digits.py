"""Train pix2pix to draw MNIST digits from their edges, save grids, export.

    python examples/pix2pix_edges2digits.py --steps 3000 --output_dir runs/pix2pix

Writes ``<output_dir>/grid.png`` (rows: input edges | output | true digit, on
held-out digits), ``<output_dir>/pix2pix.keras`` and a TF Serving export
``<output_dir>/export/<version>/`` (SavedModel + model.tflite) whose
``serving_default`` maps ``{"image": float32[batch, H, W, 1]}`` to
``{"image": ...}`` for any H, W that are multiples of 2**depth.
"""

import os

import numpy as np
import tensorflow as tf

import keras_gans as kg
from keras_gans.callbacks import save_translation_grid
from keras_gans.command_line import example_main


def run(output_dir="runs/pix2pix_edges2digits", steps=3000, batch_size=16, depth=5, base_filters=32, l1_weight=100.0, seed=0, export=True):
    """Trains, writes the .keras file, the export and the grid; returns a dict of paths and the held-out L1."""
    edges, digits, _ = kg.data.paired.edges2digits()
    train, test = slice(0, 4500), slice(4500, 5000)
    data = tf.data.Dataset.from_tensor_slices((edges[train], digits[train]))
    data = data.shuffle(4500, seed=seed).repeat().batch(batch_size, drop_remainder=True)
    model, _ = kg.recipes.build("pix2pix_edges2digits", seed=seed, batch_size=batch_size,
                                hparams={"depth": depth, "base_filters": base_filters, "l1_weight": l1_weight})
    model.fit(data, epochs=1, steps_per_epoch=steps, verbose=2)
    outputs = model.generate(edges[test])
    result = kg.export.save_and_export(model, output_dir, "pix2pix",
                                       export_dir=os.path.join(output_dir, "export") if export else None)
    result["grid"] = save_translation_grid([edges[test][:16], outputs[:16], digits[test][:16]],
                                           os.path.join(output_dir, "grid.png"))
    result["heldout_l1"] = float(np.mean(np.abs(outputs - digits[test])))
    return result


def main(argv=None):
    return example_main(run, __doc__, ("output_dir", "steps", "batch_size", "base_filters", "seed"), argv=argv)


if __name__ == "__main__":
    main()
