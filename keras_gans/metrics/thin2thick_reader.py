"""A shipped reader of thin and thick digits: which stroke domain, and which digit.

The measuring instrument of ``cyclegan_thin2thick`` (the zoo's ``unpaired_digits``
kind), not a model under test. One 20-way classifier, class ``10 * domain +
digit`` (domain 0: thin strokes, A; 1: thick strokes, B), with the shipped MNIST
classifier's layers. A translated digit is in the target domain when the
target domain's ten classes hold most of its probability, and keeps its
identity when the digit summed over both domains is the source digit's label.

It is trained by ``python -m keras_gans.metrics.thin2thick_reader`` on every
``mnist_5k`` digit outside the held-out digits of
``keras_gans.data.unpaired.thin2thick_split`` (neither domain's test digits,
in either stroke style), each drawn thin and thick and shifted by up to 2
pixels every epoch; its weights ship as
``keras_gans/assets/thin2thick_reader.weights.h5``, so every machine reads
with the same function. Its accuracy on the real held-out digits is the
ceiling a translation is read against (``reference_scores``).
"""

import argparse
import functools
import json
import os

import keras
import numpy as np

from keras_gans.metrics import mnist_classifier

WEIGHTS_FILE = "thin2thick_reader.weights.h5"
DOMAINS = ("thin", "thick")  # A, B


def weights_path():
    """The shipped weights inside the installed package."""
    return os.path.join(os.path.dirname(os.path.dirname(__file__)), "assets", WEIGHTS_FILE)


def build_reader():
    """The reader's network, untrained: (N, 28, 28, 1) in [-1, 1] -> 20 probabilities."""
    return mnist_classifier.build_mnist_classifier(num_classes=2 * mnist_classifier.NUM_CLASSES, name="thin2thick_reader")


@functools.cache
def _load(path):
    if not os.path.exists(path):
        raise ValueError(
            f"thin2thick reader weights not found at {path!r}; expected the file shipped in keras_gans/assets/ "
            "or one written by `python -m keras_gans.metrics.thin2thick_reader --output=PATH`."
        )
    model = build_reader()
    model.load_weights(path)
    model.trainable = False
    return model


def _digits28(images):
    images = np.asarray(images, dtype="float32")
    if images.ndim != 4 or images.shape[-1] != 1 or images.shape[1:3] not in ((28, 28), (32, 32)):
        raise ValueError(
            f"`images` must be thin2thick digits of shape (N, 32, 32, 1) or (N, 28, 28, 1). Received shape {images.shape}."
        )
    return mnist_classifier.check_digits(images[:, 2:30, 2:30] if images.shape[1] == 32 else images)


def read(images, path=None):
    """``(domain, digit)`` int arrays of digits (N, 32, 32, 1) padded, or (N, 28, 28, 1), in [-1, 1]."""
    probabilities = mnist_classifier._predict(_load(os.path.abspath(path or weights_path())), _digits28(images), 500)
    by_domain = probabilities.reshape(len(probabilities), 2, mnist_classifier.NUM_CLASSES)
    return by_domain.sum(axis=2).argmax(axis=1), by_domain.sum(axis=1).argmax(axis=1)


def translation_scores(translated, labels, target_domain, path=None):
    """``{"target_domain": fraction read as target_domain, "identity": fraction read as labels}``."""
    domain, digit = read(translated, path)
    return {
        "target_domain": float(np.mean(domain == DOMAINS.index(target_domain))),
        "identity": float(np.mean(digit == np.asarray(labels))),
    }


def reference_scores(path=None):
    """The reader on the real held-out digits of each domain (the ceilings): domain and digit accuracy."""
    from keras_gans.data.unpaired import thin2thick_split

    thin, thick, labels_a, labels_b = thin2thick_split()["test"]
    return {
        name: translation_scores(images, labels, name, path)
        for name, images, labels in (("thin", thin, labels_a), ("thick", thick, labels_b))
    }


def training_data():
    """``(images, classes)``: the mnist_5k digits outside both held-out sets, drawn thin (0-9) and thick (10-19)."""
    from keras_gans.data import builtin
    from keras_gans.data.unpaired import THIN2THICK_TEST
    from keras_gans.data.unpaired import stroke_width
    from keras_gans.data.unpaired import thin2thick_indices

    digits, labels = builtin.mnist_5k()
    indices_a, indices_b = thin2thick_indices()
    held = np.concatenate([indices_a[-THIN2THICK_TEST:], indices_b[-THIN2THICK_TEST:]])
    train = np.setdiff1d(np.arange(len(digits)), held)
    images, classes = [], []
    for domain, name in enumerate(DOMAINS):
        drawn = stroke_width(digits[train], name)
        keep = drawn.reshape(len(drawn), -1).max(axis=1) > 0.0  # thin strokes that vanished
        images.append(drawn[keep])
        classes.append(10 * domain + np.asarray(labels)[train][keep])
    return np.concatenate(images).astype("float32"), np.concatenate(classes).astype("int32")


def train(output_path, epochs=40, batch_size=64, seed=0, verbose=2):
    """Trains the reader (seeded, op-deterministic) and writes its weights; returns a report dict."""
    import tensorflow as tf

    from keras_gans.metrics.train_mnist_classifier import shift_digits

    keras.utils.set_random_seed(seed)
    tf.config.experimental.enable_op_determinism()
    images, classes = training_data()
    model = build_reader()
    schedule = keras.optimizers.schedules.CosineDecay(1e-3, decay_steps=epochs * (len(images) // batch_size))
    model.compile(optimizer=keras.optimizers.Adam(schedule), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    rng = np.random.default_rng(seed)
    for epoch in range(epochs):
        order = rng.permutation(len(images))
        history = model.fit(shift_digits(images[order], rng), classes[order], batch_size=batch_size, epochs=1,
                            shuffle=False, verbose=0)
        if verbose:
            print(f"epoch {epoch + 1}/{epochs} loss={history.history['loss'][-1]:.4f} "
                  f"accuracy={history.history['accuracy'][-1]:.4f}", flush=True)
    os.makedirs(os.path.dirname(os.path.abspath(output_path)), exist_ok=True)
    clean = build_reader()  # the network's weights only, no optimizer state
    clean.set_weights(model.get_weights())
    clean.save_weights(output_path)
    _load.cache_clear()
    return {
        "heldout": reference_scores(output_path),
        "num_train": int(len(images)),
        "epochs": epochs,
        "batch_size": batch_size,
        "seed": seed,
        "tensorflow": tf.__version__,
        "keras": keras.__version__,
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", default=weights_path(), help="weights file (default: the shipped one)")
    parser.add_argument("--epochs", type=int, default=40)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--report", default=None, help="optional JSON file for the results")
    args = parser.parse_args(argv)
    result = train(args.output, epochs=args.epochs, seed=args.seed)
    print(json.dumps(result, indent=2))
    if args.report:
        with open(args.report, "w") as f:
            json.dump(result, f, indent=2)
    return result


if __name__ == "__main__":
    main()
