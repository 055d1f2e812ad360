"""``keras_gans.data.load``: one entry point for every dataset name."""

import tensorflow as tf

from keras_gans.data import builtin
from keras_gans.data import stacked_mnist
from keras_gans.data import toys
from keras_gans.data.arrays import to_dataset
from keras_gans.data.arrays import validate_images
from keras_gans.data.arrays import validate_labels

BUILTIN_IMAGES = {"mnist_5k": builtin.mnist_5k, "digits": builtin.digits}
BUILTIN_IMAGES["stacked_mnist"] = stacked_mnist.stacked_mnist_5k
NAMES = tuple(BUILTIN_IMAGES) + tuple(toys.MIXTURES) + ("tfds:<name>[:<version>]", "folder:<path>")


def load_arrays(name, with_labels=False, image_size=None, channels=None, num_examples=25_600, seed=0):
    """Loads an in-memory dataset as numpy arrays.

    Returns:
        ``(data, labels)``; labels is None unless ``with_labels``.
    """
    if name in BUILTIN_IMAGES:
        images, labels = BUILTIN_IMAGES[name]()
    elif name in toys.MIXTURES:
        images, labels = toys.sample_mixture(name, num_examples, seed=seed)
        return images, (labels if with_labels else None)
    elif name.startswith("folder:"):
        from keras_gans.data.folder import load_folder

        images, labels, _ = load_folder(
            name[len("folder:") :], image_size=image_size, channels=channels, with_labels=with_labels
        )
    else:
        raise ValueError(f"Unknown dataset {name!r}. Expected one of {NAMES}.")
    images = validate_images(images)
    if with_labels:
        labels = validate_labels(labels, len(images))
    return images, (labels if with_labels else None)


def load(
    name,
    batch_size=64,
    shuffle=True,
    seed=None,
    with_labels=False,
    repeat=False,
    drop_remainder=True,
    split="train",
    image_size=None,
    channels=None,
    download=False,
    data_dir=None,
    num_examples=25_600,
):
    """Returns a batched, shuffled, prefetched ``tf.data.Dataset``.

    Images are float32 in [-1, 1] with shape (batch, H, W, C); 2-D mixtures
    give (batch, 2) points. With ``with_labels``, elements are ``(x, labels)``.

    Args:
        name: 'mnist_5k' (5,000 real MNIST digits, offline), 'digits' (sklearn
            8x8), 'ring8', 'grid25' (2-D mixtures; labels are mode indices),
            'tfds:<name>[:<version>]' or 'folder:<path>'.
        batch_size: examples per batch.
        shuffle: reshuffle each epoch. seed: shuffling (and mixture) seed.
        with_labels: yield ``(x, labels)``.
        repeat: repeat forever (pass ``steps_per_epoch`` to ``fit``).
        drop_remainder: constant batch size.
        split: tfds split.
        image_size: ``(height, width)`` to resize folder/tfds images to.
        channels: 1 or 3 to convert folder images to.
        download: allow tfds to download (off: offline by default).
        data_dir: tfds data directory.
        num_examples: size of the sampled 2-D mixture.

    Raises:
        ValueError: unknown name, empty or corrupt data, bad batch size.

    Example:
    ```python
    ds = keras_gans.data.load("mnist_5k", batch_size=64)
    ```
    """
    if not isinstance(name, str) or not name:
        raise ValueError(f"`name` must be a dataset name. Received: name={name!r}. Expected one of {NAMES}.")
    if name.startswith("tfds:"):
        from keras_gans.data.tfds_source import load_tfds

        if not isinstance(batch_size, int) or batch_size <= 0:
            raise ValueError(f"`batch_size` must be a positive integer. Received: batch_size={batch_size!r}")
        ds, _ = load_tfds(
            name[len("tfds:") :], split=split, with_labels=with_labels, image_size=image_size,
            download=download, data_dir=data_dir,
        )
        if shuffle:
            ds = ds.shuffle(10_000, seed=seed, reshuffle_each_iteration=True)
        if repeat:
            ds = ds.repeat()
        return ds.batch(batch_size, drop_remainder=drop_remainder).prefetch(tf.data.AUTOTUNE)
    data, labels = load_arrays(
        name, with_labels=with_labels, image_size=image_size, channels=channels,
        num_examples=num_examples, seed=0 if seed is None else seed,
    )
    return to_dataset(
        data, labels, batch_size=batch_size, shuffle=shuffle, seed=seed,
        drop_remainder=drop_remainder, repeat=repeat,
    )


def element_shape(name, **kwargs):
    """The shape of one example (without batch) of a named in-memory dataset."""
    data, _ = load_arrays(name, **kwargs)
    return tuple(data.shape[1:])
