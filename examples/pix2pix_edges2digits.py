"""Train pix2pix to draw MNIST digits from their edges, save grids, export.

    python examples/pix2pix_edges2digits.py --steps 3000 --output_dir runs/pix2pix

Writes ``<output_dir>/grid.png`` (rows: input edges | output | true digit, on
held-out digits), ``<output_dir>/pix2pix.keras`` and a TF Serving export
``<output_dir>/export/<version>/`` (SavedModel + model.tflite) whose
``serving_default`` maps ``{"image": float32[batch, H, W, 1]}`` to
``{"image": ...}`` for any H, W that are multiples of 2**depth.
"""

import argparse
import os

import numpy as np
import tensorflow as tf

import keras_gans as kg
from keras_gans.callbacks import save_translation_grid


def run(output_dir, steps=3000, batch_size=16, depth=5, base_filters=32, l1_weight=100.0, seed=0, export=True):
    """Trains, writes the grid and the .keras file, exports; returns a dict of paths and the held-out L1."""
    os.makedirs(output_dir, exist_ok=True)
    edges, digits, _ = kg.data.paired.edges2digits()
    train, test = slice(0, 4500), slice(4500, 5000)
    data = tf.data.Dataset.from_tensor_slices((edges[train], digits[train]))
    data = data.shuffle(4500, seed=seed).repeat().batch(batch_size, drop_remainder=True)
    model, _ = kg.recipes.build("pix2pix_edges2digits", seed=seed, batch_size=batch_size,
                                hparams={"depth": depth, "base_filters": base_filters, "l1_weight": l1_weight})
    model.fit(data, epochs=1, steps_per_epoch=steps, verbose=2)
    outputs = model.generate(edges[test])
    result = {
        "grid": save_translation_grid([edges[test][:16], outputs[:16], digits[test][:16]],
                                      os.path.join(output_dir, "grid.png")),
        "keras": os.path.join(output_dir, "pix2pix.keras"),
        "heldout_l1": float(np.mean(np.abs(outputs - digits[test]))),
    }
    model.save(result["keras"])
    if export:
        result["export"] = kg.export.export_generator(model, os.path.join(output_dir, "export"))
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output_dir", default="runs/pix2pix_edges2digits")
    parser.add_argument("--steps", type=int, default=3000)
    parser.add_argument("--batch_size", type=int, default=16)
    parser.add_argument("--base_filters", type=int, default=32)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    print(run(args.output_dir, steps=args.steps, batch_size=args.batch_size,
              base_filters=args.base_filters, seed=args.seed))


if __name__ == "__main__":
    main()
