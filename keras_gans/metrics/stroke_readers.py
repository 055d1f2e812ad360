"""Shipped readers of digits drawn in two stroke styles: which style, and which digit.

The measuring instruments of the zoo's digit translators (not models under test):

- ``thin2thick`` reads ``cyclegan_thin2thick`` (kind ``unpaired_digits``): thin
  strokes (domain A, a half-pixel erosion) against thick ones (B, a 3x3-cross
  dilation), both ``keras_gans.data.unpaired.stroke_width``;
- ``digit_domains`` reads ``stargan_digits`` (kind ``domain_digits``): the
  digit's own stroke against the thick one of ``keras_gans.data.digit_domains``
  (a 3x3 grey dilation), on the ink of any colour (``digit_domains.to_gray``).

Each is one 20-way classifier, class ``10 * style + digit``, with the shipped
MNIST classifier's layers. A translated digit is in the target style when that
style's ten classes hold most of its probability, and keeps its identity when
the digit summed over both styles is the source digit's label.

``python -m keras_gans.metrics.stroke_readers --reader=NAME`` trains one on
every ``mnist_5k`` digit its translator's zoo model is not scored on (for
``thin2thick`` neither domain's held-out digits, for ``digit_domains`` the
4,000 training digits of ``mnist_5k_shuffled()``), each drawn in both styles and
shifted by up to 2 pixels every epoch; the weights ship in
``keras_gans/assets/<name>_reader.weights.h5``, so every machine reads with the
same function. Its accuracy on the real held-out digits is the ceiling a
translation is read against (``reference_scores``).
"""

import argparse
import functools
import json
import os

import keras
import numpy as np

from keras_gans.metrics import mnist_classifier

# name -> the two stroke styles (style 0, style 1).
READERS = {"thin2thick": ("thin", "thick"), "digit_domains": ("normal", "thick")}


def _check(name):
    if name not in READERS:
        raise ValueError(f"Unknown stroke reader {name!r}. Expected one of {sorted(READERS)}.")
    return READERS[name]


def weights_path(name):
    """The shipped weights of reader ``name`` inside the installed package."""
    _check(name)
    return os.path.join(os.path.dirname(os.path.dirname(__file__)), "assets", f"{name}_reader.weights.h5")


def build_reader(name):
    """Reader ``name``'s network, untrained: (N, 28, 28, 1) in [-1, 1] -> 20 probabilities."""
    _check(name)
    return mnist_classifier.build_mnist_classifier(num_classes=2 * mnist_classifier.NUM_CLASSES, name=f"{name}_reader")


@functools.cache
def _load(name, path):
    if not os.path.exists(path):
        raise ValueError(
            f"{name} reader weights not found at {path!r}; expected the file shipped in keras_gans/assets/ "
            f"or one written by `python -m keras_gans.metrics.stroke_readers --reader={name} --output=PATH`."
        )
    model = build_reader(name)
    model.load_weights(path)
    model.trainable = False
    return model


def _digits28(images):
    """Grey (N, 28, 28, 1) digits: 32x32 padded ones cropped at their centre, RGB ones reduced to their ink."""
    images = np.asarray(images, dtype="float32")
    if images.ndim != 4 or images.shape[-1] not in (1, 3) or images.shape[1:3] not in ((28, 28), (32, 32)):
        raise ValueError(
            "`images` must be digits of shape (N, 28, 28, 1 or 3) or (N, 32, 32, 1 or 3). "
            f"Received shape {images.shape}."
        )
    images = images[:, 2:30, 2:30] if images.shape[1] == 32 else images
    return mnist_classifier.check_digits(images.max(axis=-1, keepdims=True))


def read(images, name, path=None):
    """``(style, digit)`` int arrays of ``images`` by reader ``name`` (``path``: other weights)."""
    model = _load(name, os.path.abspath(path or weights_path(name)))
    probabilities = mnist_classifier._predict(model, _digits28(images), 500)
    by_style = probabilities.reshape(len(probabilities), 2, mnist_classifier.NUM_CLASSES)
    return by_style.sum(axis=2).argmax(axis=1), by_style.sum(axis=1).argmax(axis=1)


def translation_scores(translated, labels, target_style, name, path=None):
    """``{"target_domain": fraction read in target_style (a name or a bool array: thick?), "identity": ...}``.

    ``target_style`` is one style name for all, or a per-image array of style
    indices (0 or 1; a StarGAN's targets differ from image to image).
    """
    styles = _check(name)
    style, digit = read(translated, name, path)
    wanted = styles.index(target_style) if isinstance(target_style, str) else np.asarray(target_style, int)
    return {"target_domain": float(np.mean(style == wanted)), "identity": float(np.mean(digit == np.asarray(labels)))}


def held_out(name):
    """``{style: (images, labels)}``: the real held-out digits of reader ``name``, in each style."""
    styles = _check(name)
    if name == "thin2thick":
        from keras_gans.data.unpaired import thin2thick_split

        thin, thick, labels_a, labels_b = thin2thick_split()["test"]
        return {"thin": (thin, labels_a), "thick": (thick, labels_b)}
    from keras_gans.data import digit_domains as dd

    gray, labels = dd.mnist_5k_shuffled()
    gray, labels = gray[NUM_DIGIT_DOMAINS_TRAIN:], np.asarray(labels[NUM_DIGIT_DOMAINS_TRAIN:])
    return {s: (_draw(name, s, gray), labels) for s in styles}


NUM_DIGIT_DOMAINS_TRAIN = 4000  # stargan_digits trains on mnist_5k_shuffled()[:4000] (data.task_streams)


def _draw(name, style, gray):
    """Grey digits drawn in ``style`` of reader ``name`` (28x28)."""
    if name == "thin2thick":
        from keras_gans.data.unpaired import stroke_width

        return stroke_width(gray, style)
    from keras_gans.data import digit_domains as dd

    thick = np.full(len(gray), style == "thick")
    return dd.to_gray(dd.render(gray, np.zeros(len(gray), int), thick))


def reference_scores(name, path=None):
    """Reader ``name`` on the real held-out digits of each style (the ceilings): style and digit accuracy."""
    return {
        style: translation_scores(images, labels, style, name, path)
        for style, (images, labels) in held_out(name).items()
    }


def training_data(name):
    """``(images, classes)``: the digits reader ``name`` trains on, in style 0 (classes 0-9) and 1 (10-19)."""
    from keras_gans.data import builtin

    styles = _check(name)
    if name == "thin2thick":
        from keras_gans.data.unpaired import THIN2THICK_TEST
        from keras_gans.data.unpaired import thin2thick_indices

        digits, labels = builtin.mnist_5k()
        indices_a, indices_b = thin2thick_indices()
        held = np.concatenate([indices_a[-THIN2THICK_TEST:], indices_b[-THIN2THICK_TEST:]])
        train = np.setdiff1d(np.arange(len(digits)), held)
        digits, labels = digits[train], np.asarray(labels)[train]
    else:
        from keras_gans.data import digit_domains as dd

        digits, labels = dd.mnist_5k_shuffled()
        digits, labels = digits[:NUM_DIGIT_DOMAINS_TRAIN], np.asarray(labels[:NUM_DIGIT_DOMAINS_TRAIN])
    images, classes = [], []
    for index, style in enumerate(styles):
        drawn = _draw(name, style, digits)
        keep = drawn.reshape(len(drawn), -1).max(axis=1) > 0.0  # thin strokes that vanished
        images.append(drawn[keep])
        classes.append(10 * index + labels[keep])
    return np.concatenate(images).astype("float32"), np.concatenate(classes).astype("int32")


def train(output_path, name, epochs=40, batch_size=64, seed=0, verbose=2):
    """Trains reader ``name`` (seeded, op-deterministic) and writes its weights; returns a report dict."""
    import tensorflow as tf

    from keras_gans.metrics.train_mnist_classifier import fit_shifted
    from keras_gans.metrics.train_mnist_classifier import save_network_weights

    keras.utils.set_random_seed(seed)
    tf.config.experimental.enable_op_determinism()
    images, classes = training_data(name)
    model = build_reader(name)

    def report(epoch, history):
        print(f"epoch {epoch + 1}/{epochs} loss={history['loss'][-1]:.4f} "
              f"accuracy={history['accuracy'][-1]:.4f}", flush=True)

    fit_shifted(model, images, classes, epochs, batch_size, seed, report if verbose else None)
    save_network_weights(model, lambda: build_reader(name), output_path)
    _load.cache_clear()
    return {
        "reader": name,
        "styles": list(READERS[name]),
        "heldout": reference_scores(name, output_path),
        "num_train": int(len(images)),
        "epochs": epochs,
        "batch_size": batch_size,
        "seed": seed,
        "tensorflow": tf.__version__,
        "keras": keras.__version__,
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reader", required=True, choices=sorted(READERS))
    parser.add_argument("--output", default=None, help="weights file (default: the shipped one)")
    parser.add_argument("--epochs", type=int, default=40)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--report", default=None, help="optional JSON file for the results")
    args = parser.parse_args(argv)
    result = train(args.output or weights_path(args.reader), args.reader, epochs=args.epochs, seed=args.seed)
    print(json.dumps(result, indent=2))
    if args.report:
        with open(args.report, "w") as f:
            json.dump(result, f, indent=2)
    return result


if __name__ == "__main__":
    main()
