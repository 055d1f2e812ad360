"""Train a GAN from the command line: any objective, or a named recipe.

    python -m keras_gans.train                       # DCGAN on the offline MNIST 5k set
    python -m keras_gans.train --list                # every objective and recipe, one line each
    python -m keras_gans.train --model=cyclegan      # an objective with its default recipe and data
    python -m keras_gans.train --recipe=wgan_gp_grid25 --epochs=5 --hparams=lr=1e-3
    python -m keras_gans.train --model=gan --dataset=ring8 --epochs=20 --steps_per_epoch=100
    python -m keras_gans.train --dataset=folder:/data/faces --image_size=64,64 --channels=3

Flags override the recipe's fields (dataset, epochs, batch size, steps per
epoch; --hparams its hyper-parameters).

Writes ``<output_dir>/samples/epoch_0001.png, epoch_0002.png, ...``, TensorBoard logs (scalars and
the sample grid), per-epoch checkpoints (a rerun of the same command resumes
from the last completed epoch), and exports the generator to
``<export_dir>/<version>/`` (SavedModel + model.tflite + model.onnx + model_card.json).

Exit status (each failure is one ``error:`` line on stderr, no traceback):

- 0: trained (and exported), or ``--help`` / ``--list``;
- 2: an unknown flag or stray argument, a bad flag value, dataset or incompatible checkpoint, ``--output_dir``
  in use by another training, or ``--onnx`` (the default) without tf2onnx and onnxruntime; nothing is created;
- 3: training diverged (a NaN/Inf loss, gradient or weight): nothing after the
  last good checkpoint is saved or exported;
- 4: a file could not be written (disk full, quota, I/O error, read-only file
  system): the line names the file and the cause; the previous checkpoint and
  every published export are intact, and rerunning once there is space resumes;
- 143 (128 + SIGTERM): stopped by SIGTERM, as schedulers stop jobs, after a
  checkpoint of the last finished step was saved; rerunning resumes from that step.
"""

import os
import sys

from absl import app
from absl import flags

from keras_gans.command_line import image_size_flag

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

FLAGS = flags.FLAGS
_DEFINED_BEFORE = set(FLAGS)
flags.DEFINE_string("model", None, "Objective, trained with its default recipe (default dcgan; see --list).")
flags.DEFINE_string("recipe", None, "A named recipe: objective + networks + data + the paper's settings (see --list).")
flags.DEFINE_bool("list", False, "Print every objective and recipe, one line each, and exit.")
flags.DEFINE_string(
    "dataset", None,
    "Default: the recipe's. Samples: mnist_5k, digits, ring8, grid25, tfds:<name>, folder:<path> (labelled "
    "objectives: one sub-folder per class); pairs: edges2digits, gray2color_photos, folder:<A|B images>; "
    "unpaired: thin2thick_digits(_train), tfds:cycle_gan/<config>, folder:<A>,<B>; super-resolution: skimage, "
    "tfds:div2k/bicubic_x4, folder:<HR images>; domains: digit_domains, tfds:celeb_a.",
)
flags.DEFINE_list("image_size", None, "HEIGHT,WIDTH to resize folder and tfds images to (e.g. 64,64).")
flags.DEFINE_integer("channels", None, "Convert folder images to 1 (grey) or 3 (RGB) channels.")
flags.DEFINE_string("hparams", "", "Override recipe hyper-parameters: name=value,name=value (see config.json).")
flags.DEFINE_integer("epochs", None, "Total epochs (default: the recipe's; a resumed run continues up to it).")
flags.DEFINE_integer("steps_per_epoch", None, "Steps per epoch (default: the recipe's, else one pass over the data).")
flags.DEFINE_integer("batch_size", None, "Global batch size (default: the recipe's).")
flags.DEFINE_integer("latent_dim", None, "Size of z (default: the recipe's, 100 for DCGAN).")
flags.DEFINE_integer("seed", 0, "Seed of initialisation, noise, shuffling and sample grids.")
flags.DEFINE_string("output_dir", None, "Samples, logs and checkpoints (default runs/<recipe or model>).")
flags.DEFINE_string("export_dir", None, "Export base directory (default exports/<recipe or model>); '' to skip.")
flags.DEFINE_enum(
    "jit_compile", "auto", ["auto", "true", "false"],
    "Compile train steps with XLA. auto: a run of 200 steps or more times a few steps of each "
    "(with and without XLA, on the real model and batch) and keeps the faster, shorter runs and "
    "multi-replica strategies take the plain graph; config.json records the choice and the timings "
    "(benchmarks/results/train_speed.md). true with --strategy=mirrored|multiworker on CPUs is "
    "refused up front (no XLA all-reduce on CPU).",
)
flags.DEFINE_enum(
    "strategy", "default", ["default", "mirrored", "multiworker", "tpu"],
    "tf.distribute strategy: one device, all local GPUs (or CPUs), workers from TF_CONFIG, or a TPU. "
    "--batch_size is the global batch, split over the replicas.",
)
flags.DEFINE_enum(
    "mixed_precision", "float32", ["float32", "mixed_float16", "mixed_bfloat16", "auto"],
    "Keras dtype policy; mixed_float16 wraps both optimizers in LossScaleOptimizer; "
    "mixed_bfloat16 pays where the device has bfloat16 kernels (CPUs with AVX512-BF16/AMX, TPU, "
    "recent GPUs). auto: times float32 and mixed_bfloat16 (and mixed_float16 on a GPU) as "
    "--jit_compile=auto does and keeps the faster.",
)
flags.DEFINE_bool(
    "onnx", True,
    "Also export model.onnx (needs `pip install keras_gans[onnx]`; --noonnx to skip). About a "
    "second a small model, so only the CLI and the examples default to it.",
)
flags.DEFINE_bool(
    "tflite_float16", False,
    "Also export model_float16.tflite (weights stored as float16, about half the size), checked "
    "against Keras like model.tflite; the zoo's exports carry it.",
)
flags.DEFINE_float(
    "ema_decay", None,
    "Keep an exponential moving average of the generator's weights with this decay (e.g. 0.999) and "
    "export the averaged generator (see docs/training_aids.md).",
)
flags.DEFINE_bool("resume", True, "Resume from the last checkpoint in output_dir if there is one.")
NAMES = tuple(sorted(set(FLAGS) - _DEFINED_BEFORE))


def main(argv):
    if len(argv) > 1:
        raise app.UsageError(f"Unexpected arguments: {argv[1:]}")
    from keras_gans import recipes
    from keras_gans.train_lib import TrainConfig
    from keras_gans.train_lib import exit_status
    from keras_gans.train_lib import train

    if FLAGS.list:
        print(recipes.listing())
        return 0
    name = FLAGS.recipe or FLAGS.model or "dcgan"
    try:
        hparams = recipes.parse_hparams(FLAGS.hparams)
        image_size = image_size_flag(FLAGS.image_size)
        if FLAGS.onnx and FLAGS.export_dir != "":
            from keras_gans.export.onnx import require_onnx

            require_onnx()  # refused before training, not after it
    except (ValueError, ImportError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    config = TrainConfig(
        model=FLAGS.model,
        recipe=FLAGS.recipe,
        hparams=hparams,
        image_size=image_size,
        channels=FLAGS.channels,
        dataset=FLAGS.dataset,
        epochs=FLAGS.epochs,
        steps_per_epoch=FLAGS.steps_per_epoch,
        batch_size=FLAGS.batch_size,
        latent_dim=FLAGS.latent_dim,
        seed=FLAGS.seed,
        output_dir=FLAGS.output_dir or os.path.join("runs", name),
        export_dir=os.path.join("exports", name) if FLAGS.export_dir is None else (FLAGS.export_dir or None),
        jit_compile={"true": True, "false": False}.get(FLAGS.jit_compile, "auto"),
        strategy=FLAGS.strategy,
        mixed_precision=FLAGS.mixed_precision,
        resume=FLAGS.resume,
        onnx=FLAGS.onnx,
        tflite_float16=FLAGS.tflite_float16,
        ema_decay=FLAGS.ema_decay,
    )
    try:
        result = train(config)
    except Exception as error:  # noqa: BLE001 - documented outcomes end in one line; others re-raise
        outcome = exit_status(error)
        if outcome is None:
            raise
        print(outcome[1], file=sys.stderr)
        return outcome[0]
    if result["export_path"]:
        print(f"Exported generator to {result['export_path']}")
    return 0


def run(argv=None):
    """The console script ``keras-gans-train`` and ``python -m keras_gans.train``."""
    from keras_gans.command_line import run_main

    run_main(main, FLAGS, NAMES, __doc__, argv)


if __name__ == "__main__":
    run()
