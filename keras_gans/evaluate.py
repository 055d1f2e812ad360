r"""Evaluate an exported generator from the command line.

    python -m keras_gans.evaluate --export_dir=exports/dcgan/1
    python -m keras_gans.evaluate --export_dir=exports/dcgan/1 --dataset=mnist_5k --features=mnist \
        --metrics=fid,kid,is,ms,mmd,w,1nn,pr,dc --num_samples=5000

Loads the SavedModel with ``tf.saved_model.load`` (no Python model code),
calls its ``serving_default`` with z ~ N(0, I), prints a table and writes
``<export base>/evaluation-<version>.json`` beside the version folder.
FID is comparable with published tables only with ``--features inception_2015``
and the original ``classify_image_graph_def.pb`` (``--inception_graph``).
"""

import os
import sys

from absl import app
from absl import flags

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

# Its own FlagValues: the names (--dataset, --seed, ...) also exist in keras_gans.train,
# and both modules may be imported in one process.
FLAGS = flags.FlagValues()
flags.DEFINE_string("export_dir", None, "exports/<name>/<version> (or exports/<name>: latest).", flag_values=FLAGS)
flags.DEFINE_string("dataset", "mnist_5k", "Real data: a keras_gans.data name.", flag_values=FLAGS)
flags.DEFINE_string("features", "mnist", "mnist, inception_v3 or inception_2015.", flag_values=FLAGS)
flags.DEFINE_string("metrics", "fid,kid,is,ms,mmd,w,1nn,pr,dc", "Comma-separated metric names.", flag_values=FLAGS)
flags.DEFINE_integer("num_samples", 5000, "Generated samples (and at most as many real ones).", flag_values=FLAGS)
flags.DEFINE_integer("seed", 0, "Seed of z and of the real subset.", flag_values=FLAGS)
flags.DEFINE_string("inception_weights", None, "InceptionV3 (include_top=False) weights file.", flag_values=FLAGS)
flags.DEFINE_string("inception_graph", None, "classify_image_graph_def.pb (2015-12-05 release).", flag_values=FLAGS)
flags.DEFINE_integer("kid_subsets", 100, "Number of KID subsets.", flag_values=FLAGS)
flags.DEFINE_string("output", None, "JSON path (default <base>/evaluation-<version>.json).", flag_values=FLAGS)
NAMES = tuple(FLAGS)


def main(argv):
    if len(argv) > 1:
        raise app.UsageError(f"Unexpected arguments: {argv[1:]}")
    from keras_gans.metrics.export_evaluation import evaluate_export
    from keras_gans.metrics.export_evaluation import format_table

    kwargs = {}
    if FLAGS.features == "inception_v3":
        kwargs["weights"] = FLAGS.inception_weights
    elif FLAGS.features == "inception_2015":
        kwargs["graph_path"] = FLAGS.inception_graph
    try:
        if not FLAGS.export_dir:
            raise ValueError("--export_dir is required (exports/<name>/<version>).")
        result = evaluate_export(
            FLAGS.export_dir, dataset=FLAGS.dataset, features=FLAGS.features,
            metrics=FLAGS.metrics, num_samples=FLAGS.num_samples, seed=FLAGS.seed,
            extractor_kwargs=kwargs, output=FLAGS.output, kid_subsets=FLAGS.kid_subsets,
        )
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"{result['export']} on {result['dataset']} ({result['features']} features, "
          f"{result['num_samples']} samples)")
    print(format_table(result["metrics"]))
    print(f"Wrote {result['output']}")
    return 0


def run(argv=None):
    """The console script ``keras-gans-evaluate`` and ``python -m keras_gans.evaluate``."""
    from keras_gans.command_line import run_main

    run_main(main, FLAGS, NAMES, __doc__, argv)


if __name__ == "__main__":
    run()
