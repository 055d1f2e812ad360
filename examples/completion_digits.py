"""Train globally-and-locally-consistent completion on digits; write a masked | completed | original grid.

    python examples/completion_digits.py --reconstruction_steps=2000 --discriminator_steps=200 --adversarial_steps=1000

The paper's three phases: the network alone (MSE), the discriminator alone against the fixed
network, then both (T_C : T_D = 9 : 1 in the paper).
"""

import os

from keras_gans import metrics
from keras_gans import recipes
from keras_gans.callbacks import save_translation_grid
from keras_gans.command_line import example_main
from keras_gans.data import masks as mk
from keras_gans.data import task_streams
from keras_gans.export import save_and_export


def run(output_dir="runs/completion_digits", reconstruction_steps=2000, discriminator_steps=200, adversarial_steps=1000,
        batch_size=32, filters=32, hole=(8, 14), export_dir=None, num_examples=8):
    """MSE pre-training, the discriminator alone, then both; returns paths and the held-out hole PSNR."""
    # The recipe's stream: the first 4,000 digits of mnist_5k_shuffled, each batch with fresh holes.
    model, data = recipes.build("completion_digits", batch_size=batch_size,
                                hparams={"filters": filters, "min_hole": hole[0], "max_hole": hole[1]})
    model.fit(data, epochs=1, steps_per_epoch=reconstruction_steps, verbose=2)
    if discriminator_steps:
        model.set_stage("discriminator")
        model.fit(data, epochs=1, steps_per_epoch=discriminator_steps, verbose=2)
    model.set_stage("adversarial")
    model.fit(data, epochs=1, steps_per_epoch=adversarial_steps, verbose=2)
    digits, _ = mk.load_completion("mnist_5k")
    start = task_streams.NUM_TRAIN_DIGITS
    held = digits[start : start + num_examples]
    masks = mk.random_rectangle_masks(len(held), 28, 28, *hole, seed=123)
    completed = model.complete(held, masks)
    shown_hole = held * (1 - masks) + masks  # the hole drawn white
    result = save_and_export(model, output_dir, "completion", export_dir)
    result["grid"] = save_translation_grid([shown_hole, completed, held], os.path.join(output_dir, "before_after.png"))
    result["hole_psnr"] = float(metrics.hole_psnr(held, completed, masks).mean())
    return result


def main(argv=None):
    names = ("output_dir", "reconstruction_steps", "discriminator_steps", "adversarial_steps", "batch_size", "filters",
             "export_dir")
    return example_main(run, __doc__, names, argv=argv)


if __name__ == "__main__":
    main()
