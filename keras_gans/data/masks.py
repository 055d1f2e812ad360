"""Random rectangular holes for image completion, with digits and photo crops.

A mask is float32 (H, W, 1): 1 inside the hole (pixels to complete), 0 elsewhere.
"""

import numpy as np
import tensorflow as tf


def random_rectangle_masks(num, height, width, min_size, max_size, seed=0):
    """``num`` masks, each one axis-aligned rectangle with sides in [min_size, max_size].

    Raises:
        ValueError: sizes not ``1 <= min_size <= max_size <= min(height, width)``.
    """
    if not 1 <= int(min_size) <= int(max_size) <= min(height, width):
        raise ValueError(
            f"Hole sides must satisfy 1 <= min_size <= max_size <= {min(height, width)}. "
            f"Received: min_size={min_size}, max_size={max_size}"
        )
    rng = np.random.default_rng(seed)
    masks = np.zeros((num, height, width, 1), "float32")
    for i in range(num):
        h, w = rng.integers(min_size, max_size + 1, size=2)
        top, left = rng.integers(height - h + 1), rng.integers(width - w + 1)
        masks[i, top : top + h, left : left + w] = 1.0
    return masks


def photo_crops(num, size=64, seed=0, photos=None):
    """Random ``size`` x ``size`` RGB crops of the scikit-image training photos, in [-1, 1]."""
    from keras_gans.data.sr_patches import TRAIN_PHOTOS
    from keras_gans.data.sr_patches import photo

    rng = np.random.default_rng(seed)
    images = [photo(name) for name in (photos or TRAIN_PHOTOS)]
    crops = np.empty((num, size, size, 3), "float32")
    for i in range(num):
        image = images[rng.integers(len(images))]
        top, left = rng.integers(image.shape[0] - size + 1), rng.integers(image.shape[1] - size + 1)
        crops[i] = image[top : top + size, left : left + size]
    return crops


def completion_dataset(images, batch_size=64, min_size=6, max_size=14, seed=0, num_masks=None):
    """A repeated ``tf.data.Dataset`` of ``(images, masks)`` batches.

    Images and a pool of masks are shuffled independently, so each epoch
    pairs every image with a different hole.
    """
    images = np.asarray(images, "float32")
    if images.ndim != 4:
        raise ValueError(f"`images` must be (N, H, W, C). Received shape {images.shape}.")
    if not isinstance(batch_size, int) or not 0 < batch_size <= len(images):
        raise ValueError(f"`batch_size` must be in [1, {len(images)}]. Received: batch_size={batch_size!r}")
    masks = random_rectangle_masks(num_masks or len(images), *images.shape[1:3], min_size, max_size, seed)
    image_ds = tf.data.Dataset.from_tensor_slices(images).shuffle(len(images), seed=seed).repeat()
    mask_ds = tf.data.Dataset.from_tensor_slices(masks).shuffle(len(masks), seed=seed + 1).repeat()
    ds = tf.data.Dataset.zip((image_ds, mask_ds))
    return ds.batch(batch_size, drop_remainder=True).prefetch(tf.data.AUTOTUNE)


def load_completion(name="mnist_5k", num=None, size=64, seed=0):
    """Images for completion: 'mnist_5k' digits (28x28x1, with labels, in a fixed
    shuffled order so prefixes hold every class) or 'photos' crops.

    Returns:
        ``(images, labels)``; labels is None for photos.
    """
    if name == "mnist_5k":
        from keras_gans.data.digit_domains import mnist_5k_shuffled

        images, labels = mnist_5k_shuffled()
        return (images, labels) if num is None else (images[:num], labels[:num])
    if name == "photos":
        return photo_crops(num or 2048, size=size, seed=seed), None
    raise ValueError(f"Unknown completion dataset {name!r}. Expected 'mnist_5k' or 'photos'.")
