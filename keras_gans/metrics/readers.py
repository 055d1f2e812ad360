"""Small classifiers that judge generated digits: which digit, which domain, which attributes.

The measuring instruments of the translation and restoration benchmarks
(not models under test): each is trained here, on real images only, and its
accuracy on real held-out images is the ceiling a translation is read against.
"""

import keras
import numpy as np


def crop28(images):
    """The centre 28x28 of 32x32 padded digits (what the MNIST-shaped readers take)."""
    return images[:, 2:30, 2:30, :]


def predict(model, images, batch_size=256):
    """``model.predict`` as a numpy array, quietly."""
    return np.asarray(model.predict(images, batch_size=batch_size, verbose=0))


def small_cnn(num_classes, name, input_shape=(28, 28, 1)):
    """Two strided convolutions, a 128-unit ``features`` layer and a softmax; compiled with Adam."""
    inputs = keras.Input(input_shape)
    x = keras.layers.Conv2D(32, 3, strides=2, padding="same", activation="relu")(inputs)
    x = keras.layers.Conv2D(64, 3, strides=2, padding="same", activation="relu")(x)
    x = keras.layers.Flatten()(x)
    x = keras.layers.Dense(128, activation="relu", name="features")(x)
    outputs = keras.layers.Dense(num_classes, activation="softmax")(x)
    model = keras.Model(inputs, outputs, name=name)
    model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def domain_classifier(images_a, images_b, seed, epochs=3):
    """Tells domain A (class 0) from domain B (class 1) on 32x32 padded digits (read at their centre 28x28)."""
    keras.utils.set_random_seed(seed)
    model = small_cnn(2, "domain_cnn")
    x = crop28(np.concatenate([images_a, images_b]))
    y = np.concatenate([np.zeros(len(images_a)), np.ones(len(images_b))]).astype("int32")
    model.fit(x, y, epochs=epochs, batch_size=64, verbose=0)
    return model


def digit_reader(images, labels, seed, name, epochs=8):
    """Reads the digits of one domain (32x32 padded), trained on that domain's training split."""
    keras.utils.set_random_seed(seed)
    model = small_cnn(10, name)
    model.fit(crop28(images), labels, epochs=epochs, batch_size=64, verbose=0)
    return model


def attribute_judge(images, attributes, epochs=6, batch_size=64):
    """A multi-label CNN (one sigmoid per attribute) trained on real images of every domain."""
    net = keras.Sequential([
        keras.Input(images.shape[1:]), keras.layers.Conv2D(16, 3, activation="relu"), keras.layers.MaxPooling2D(),
        keras.layers.Conv2D(32, 3, activation="relu"), keras.layers.GlobalAveragePooling2D(),
        keras.layers.Dense(attributes.shape[-1], activation="sigmoid"),
    ])
    net.compile("adam", "binary_crossentropy")
    net.fit(images, attributes, epochs=epochs, batch_size=batch_size, verbose=0)
    return net
