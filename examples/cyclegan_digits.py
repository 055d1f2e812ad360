"""Train CycleGAN between thin and thick MNIST digits (unpaired), save grids, export.

    python examples/cyclegan_digits.py --steps 3000 --output_dir runs/cyclegan

Writes ``<output_dir>/a_to_b.png`` and ``b_to_a.png`` (rows: input |
translation | translated back, on held-out digits; unpaired data has no
target, so the third column is the cycle reconstruction),
``<output_dir>/cyclegan.keras`` and ``<output_dir>/export/<version>/`` with the
``a_to_b`` (also ``serving_default``) and ``b_to_a`` signatures, each
``{"image": float32[batch, H, W, 1]} -> {"image": ...}`` (H, W multiples of 4).
"""

import os

import numpy as np
import tensorflow as tf

import keras_gans as kg
from keras_gans.callbacks import save_translation_grid
from keras_gans.command_line import example_main


def run(output_dir="runs/cyclegan_digits", steps=3000, batch_size=8, num_blocks=3, base_filters=16, seed=0, export=True):
    """Trains, writes the .keras file, the export and both grids; returns paths and cycle L1."""
    thin, thick, _, _ = kg.data.unpaired.thin2thick_digits(seed=seed)
    train_a, test_a, train_b, test_b = thin[:-100], thin[-100:], thick[:-100], thick[-100:]
    ds_a = tf.data.Dataset.from_tensor_slices(train_a).shuffle(len(train_a), seed=seed).repeat()
    ds_b = tf.data.Dataset.from_tensor_slices(train_b).shuffle(len(train_b), seed=seed + 1).repeat()
    ds = tf.data.Dataset.zip((ds_a.batch(batch_size), ds_b.batch(batch_size)))

    model, _ = kg.recipes.build("cyclegan_thin2thick", seed=seed, batch_size=batch_size,
                                hparams={"num_blocks": num_blocks, "base_filters": base_filters})
    model.fit(ds, epochs=1, steps_per_epoch=steps, verbose=2)
    result = kg.export.save_and_export(model, output_dir, "cyclegan",
                                       export_dir=os.path.join(output_dir, "export") if export else None)
    for direction, back, images in (("a_to_b", "b_to_a", test_a), ("b_to_a", "a_to_b", test_b)):
        translated = model.translate(images, direction)
        cycled = model.translate(translated, back)
        result[f"cycle_l1_{direction}"] = float(np.mean(np.abs(cycled - images)))
        result[direction] = save_translation_grid(
            [images[:16], translated[:16], cycled[:16]], os.path.join(output_dir, f"{direction}.png")
        )
    return result


def main(argv=None):
    return example_main(run, __doc__, ("output_dir", "steps", "batch_size", "base_filters", "seed"), argv=argv)


if __name__ == "__main__":
    main()
