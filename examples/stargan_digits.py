"""Train StarGAN on digit domains (stroke colour x thickness); write an input | 6 domains grid.

    python examples/stargan_digits.py --steps=3000 --output_dir=runs/stargan
"""

import argparse
import itertools
import os

import numpy as np

from keras_gans import recipes
from keras_gans.callbacks import save_translation_grid
from keras_gans.data import digit_domains as dd
from keras_gans.data import task_streams


def run(output_dir, steps=3000, batch_size=32, filters=64, num_residual=6, d_steps=5, export_dir=None, num_examples=6):
    """Trains on 4,000 digits and writes ``before_after.png`` (row: input, then every domain)."""
    # The recipe's stream (the first 4,000 digits, each in a random domain); a batch feeds all d_steps.
    model, data = recipes.build("stargan_digits", batch_size=batch_size * d_steps, hparams={
        "filters": filters, "d_filters": filters, "num_residual": num_residual, "skip_connections": False,
        "d_steps": d_steps,
    })
    model.fit(data, epochs=1, steps_per_epoch=steps, verbose=2)
    targets = [dd.domain_vector(c, t) for c, t in itertools.product(dd.COLOURS, (False, True))]
    images, _, _ = dd.digit_domains(seed=0)
    start = task_streams.NUM_TRAIN_DIGITS
    held = images[start : start + num_examples]
    columns = [held] + [model.translate(held, np.repeat(t[None], len(held), axis=0)) for t in targets]
    os.makedirs(output_dir, exist_ok=True)
    grid_path = save_translation_grid(columns, os.path.join(output_dir, "before_after.png"))
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
