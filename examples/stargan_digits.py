"""Train StarGAN on digit domains (stroke colour x thickness); write an input | 6 domains grid.

    python examples/stargan_digits.py --steps=3000 --output_dir=runs/stargan
"""

import itertools
import os

import numpy as np

from keras_gans import recipes
from keras_gans.callbacks import save_translation_grid
from keras_gans.command_line import example_main
from keras_gans.data import digit_domains as dd
from keras_gans.data import task_streams
from keras_gans.export import save_and_export


def run(output_dir="runs/stargan_digits", steps=3000, batch_size=32, filters=64, num_residual=6, d_steps=5, export_dir=None, num_examples=6):
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
    result = save_and_export(model, output_dir, "stargan", export_dir)
    result["grid"] = save_translation_grid(columns, os.path.join(output_dir, "before_after.png"))
    result["columns"] = ["input"] + [f"{c}{'+thick' if t else ''}" for c, t in itertools.product(dd.COLOURS, (False, True))]
    return result


def main(argv=None):
    names = ("output_dir", "steps", "batch_size", "filters", "num_residual", "d_steps", "export_dir")
    return example_main(run, __doc__, names, argv=argv)


if __name__ == "__main__":
    main()
