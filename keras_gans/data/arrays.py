"""The one boundary where in-memory arrays become a training ``tf.data.Dataset``."""

import numpy as np
import tensorflow as tf


def validate_images(images, name="images"):
    """Checks a float array of images (N, H, W, C) in [-1, 1]; returns float32.

    Raises:
        ValueError: wrong rank, no examples, non-finite values, or values
            outside [-1, 1].
    """
    images = np.asarray(images)
    if images.ndim != 4:
        raise ValueError(
            f"`{name}` must have shape (num_examples, height, width, channels). "
            f"Received shape {images.shape}."
        )
    if images.shape[0] == 0:
        raise ValueError(f"`{name}` holds no examples. Received shape {images.shape}.")
    images = images.astype("float32", copy=False)
    if not np.isfinite(images).all():
        bad = int(np.size(images) - np.isfinite(images).sum())
        raise ValueError(f"`{name}` contains {bad} NaN or infinite values; expected finite pixels.")
    low, high = float(images.min()), float(images.max())
    if low < -1.0 - 1e-6 or high > 1.0 + 1e-6:
        raise ValueError(
            f"`{name}` must be scaled to [-1, 1]. Received values in [{low:.4g}, {high:.4g}]."
        )
    return images


def validate_labels(labels, num_examples, num_classes=None):
    """Checks integer labels of length ``num_examples`` in ``[0, num_classes)``."""
    labels = np.asarray(labels)
    if labels.ndim != 1 or labels.shape[0] != num_examples:
        raise ValueError(
            f"`labels` must have shape ({num_examples},). Received shape {labels.shape}."
        )
    if not np.issubdtype(labels.dtype, np.integer):
        raise ValueError(f"`labels` must be integers. Received dtype {labels.dtype}.")
    if labels.min() < 0 or (num_classes is not None and labels.max() >= num_classes):
        raise ValueError(
            f"`labels` must be in [0, {num_classes}). "
            f"Received values in [{labels.min()}, {labels.max()}]."
        )
    return labels.astype("int32")


def to_dataset(data, labels=None, batch_size=64, shuffle=True, seed=None, drop_remainder=True, repeat=False):
    """Batches, shuffles and prefetches arrays into a ``tf.data.Dataset``.

    Args:
        data: float32 array (N, ...) already validated.
        labels: optional int32 array (N,).
        batch_size: examples per batch; must not exceed N when
            ``drop_remainder`` (else no batch would be produced).
        shuffle: reshuffle every epoch (seeded by ``seed``).
        seed: shuffling seed.
        drop_remainder: keep every batch the same size (GAN steps and
            ``tf.distribute`` prefer a constant batch).
        repeat: repeat forever (then pass ``steps_per_epoch`` to ``fit``).

    Raises:
        ValueError: a bad ``batch_size``, or float data holding NaN/Inf (bad
            data is reported here, where it can be seen, rather than as a
            divergence at the step that meets it).
    """
    array = np.asarray(data)
    if array.dtype.kind == "f":
        finite = np.isfinite(array.reshape(len(array), -1)).all(axis=1) if array.ndim else np.isfinite(array)
        if not np.all(finite):
            first = int(np.argmin(finite))
            raise ValueError(
                f"`data` holds NaN or infinite values in {int(np.size(finite) - np.sum(finite))} examples "
                f"(the first is example {first}); expected finite values. Received data of shape {array.shape}."
            )
    if not isinstance(batch_size, (int, np.integer)) or isinstance(batch_size, bool) or batch_size <= 0:
        raise ValueError(f"`batch_size` must be a positive integer. Received: batch_size={batch_size!r}")
    num = len(data)
    if drop_remainder and batch_size > num:
        raise ValueError(
            f"`batch_size`={batch_size} is larger than the dataset ({num} examples); "
            "expected batch_size <= number of examples."
        )
    elements = data if labels is None else (data, labels)
    ds = tf.data.Dataset.from_tensor_slices(elements)
    if shuffle:
        ds = ds.shuffle(num, seed=seed, reshuffle_each_iteration=True)
    if repeat:
        ds = ds.repeat()
    ds = ds.batch(batch_size, drop_remainder=drop_remainder)
    return ds.prefetch(tf.data.AUTOTUNE)
