"""Train CycleGAN between thin and thick MNIST digits (unpaired), save grids, export.

    python examples/cyclegan_digits.py --steps 3000 --output_dir runs/cyclegan

Writes ``<output_dir>/a_to_b.png`` and ``b_to_a.png`` (rows: input |
translation | translated back, on held-out digits; unpaired data has no
target, so the third column is the cycle reconstruction),
``<output_dir>/cyclegan.keras`` and ``<output_dir>/export/<version>/`` with the
``a_to_b`` (also ``serving_default``) and ``b_to_a`` signatures, each
``{"image": float32[batch, H, W, 1]} -> {"image": ...}`` (H, W multiples of 4).
"""

import argparse
import os

import numpy as np
import tensorflow as tf

import keras_gans as kg
from keras_gans.callbacks import save_translation_grid


def run(output_dir, steps=3000, batch_size=8, num_blocks=3, base_filters=16, seed=0, export=True):
    """Trains, writes both grids and the .keras file, exports; returns paths and cycle L1."""
    os.makedirs(output_dir, exist_ok=True)
    thin, thick, _, _ = kg.data.unpaired.thin2thick_digits(seed=seed)
    train_a, test_a, train_b, test_b = thin[:-100], thin[-100:], thick[:-100], thick[-100:]
    ds_a = tf.data.Dataset.from_tensor_slices(train_a).shuffle(len(train_a), seed=seed).repeat()
    ds_b = tf.data.Dataset.from_tensor_slices(train_b).shuffle(len(train_b), seed=seed + 1).repeat()
    ds = tf.data.Dataset.zip((ds_a.batch(batch_size), ds_b.batch(batch_size)))

    model, _ = kg.recipes.build("cyclegan_thin2thick", seed=seed, batch_size=batch_size,
                                hparams={"num_blocks": num_blocks, "base_filters": base_filters})
    model.fit(ds, epochs=1, steps_per_epoch=steps, verbose=2)
    result = {"keras": os.path.join(output_dir, "cyclegan.keras")}
    for direction, back, images in (("a_to_b", "b_to_a", test_a), ("b_to_a", "a_to_b", test_b)):
        translated = model.translate(images, direction)
        cycled = model.translate(translated, back)
        result[f"cycle_l1_{direction}"] = float(np.mean(np.abs(cycled - images)))
        result[direction] = save_translation_grid(
            [images[:16], translated[:16], cycled[:16]], os.path.join(output_dir, f"{direction}.png")
        )
    model.save(result["keras"])
    if export:
        result["export"] = kg.export.export_generator(model, os.path.join(output_dir, "export"))
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output_dir", default="runs/cyclegan_digits")
    parser.add_argument("--steps", type=int, default=3000)
    parser.add_argument("--batch_size", type=int, default=8)
    parser.add_argument("--base_filters", type=int, default=16)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    print(run(args.output_dir, steps=args.steps, batch_size=args.batch_size,
              base_filters=args.base_filters, seed=args.seed))


if __name__ == "__main__":
    main()
