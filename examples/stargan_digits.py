"""Train StarGAN on digit domains (stroke colour x thickness); write an input | 6 domains grid.

    python examples/stargan_digits.py --steps=3000 --output_dir=runs/stargan
"""

import argparse
import itertools
import os

import numpy as np
import tensorflow as tf

from keras_gans import models
from keras_gans import networks
from keras_gans.callbacks.sample_grid import image_grid
from keras_gans.callbacks.sample_grid import save_png
from keras_gans.data import digit_domains as dd


def run(output_dir, steps=3000, batch_size=32, filters=64, num_residual=6, d_steps=5, export_dir=None, num_examples=6):
    """Trains on 4,000 digits and writes ``before_after.png`` (row: input, then every domain)."""
    images, domains, _ = dd.digit_domains(seed=0)
    model = models.StarGAN(
        networks.stargan_generator(channels=3, num_domains=len(dd.ATTRIBUTES), filters=filters, num_residual=num_residual),
        networks.stargan_discriminator(channels=3, num_domains=len(dd.ATTRIBUTES), filters=filters, num_layers=3),
        d_steps=d_steps,
    )
    model.compile()
    data = tf.data.Dataset.from_tensor_slices((images[:4000], domains[:4000])).shuffle(4000).repeat()
    model.fit(data.batch(batch_size * d_steps, drop_remainder=True), epochs=1, steps_per_epoch=steps, verbose=2)
    targets = [dd.domain_vector(c, t) for c, t in itertools.product(dd.COLOURS, (False, True))]
    held = images[4000 : 4000 + num_examples]
    columns = [held] + [model.translate(held, np.repeat(t[None], len(held), axis=0)) for t in targets]
    tiles = np.stack(columns, axis=1).reshape((-1,) + held.shape[1:])
    os.makedirs(output_dir, exist_ok=True)
    grid_path = os.path.join(output_dir, "before_after.png")
    save_png(image_grid(tiles, rows=len(held)), grid_path)
    model_path = os.path.join(output_dir, "stargan.keras")
    model.save(model_path)
    result = {"grid": grid_path, "model": model_path, "columns": ["input"] + [f"{c}{'+thick' if t else ''}" for c, t in itertools.product(dd.COLOURS, (False, True))]}
    if export_dir:
        from keras_gans.export import export_generator

        result["export"] = export_generator(model, export_dir)
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--output_dir", default="runs/stargan_digits")
    parser.add_argument("--steps", type=int, default=3000)
    parser.add_argument("--batch_size", type=int, default=32)
    parser.add_argument("--filters", type=int, default=64)
    parser.add_argument("--num_residual", type=int, default=6)
    parser.add_argument("--d_steps", type=int, default=5)
    parser.add_argument("--export_dir", default=None)
    print(run(**vars(parser.parse_args())))


if __name__ == "__main__":
    main()
