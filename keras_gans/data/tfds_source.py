"""Real TensorFlow Datasets through ``tfds.load``: ``tfds:<name>[:<version>]``."""

import tensorflow as tf


def parse_tfds_name(spec):
    """``"mnist"`` or ``"mnist:3.0.1"`` -> the name ``tfds.load`` takes."""
    parts = spec.split(":")
    if not parts[0] or len(parts) > 2 or (len(parts) == 2 and not parts[1]):
        raise ValueError(f"Expected 'tfds:<name>[:<version>]'. Received: 'tfds:{spec}'")
    return parts[0] if len(parts) == 1 else f"{parts[0]}:{parts[1]}"


def load_tfds(spec, split="train", with_labels=False, image_size=None, download=False, data_dir=None, image_key="image", label_key="label"):
    """Loads a tfds image dataset as unbatched ``images`` or ``(images, labels)``.

    Images are cast to float32 and scaled from [0, 255] to [-1, 1].

    Args:
        spec: ``name`` or ``name:version``.
        split: the tfds split.
        with_labels: also yield ``label_key``.
        image_size: optional ``(height, width)`` to resize to.
        download: let tfds download and prepare (off by default: offline).
        data_dir: tfds data directory.

    Returns:
        ``(dataset, info)``.
    """
    import tensorflow_datasets as tfds

    name = parse_tfds_name(spec)
    try:
        ds, info = tfds.load(name, split=split, download=download, data_dir=data_dir, with_info=True)
    except Exception as error:  # tfds raises several types for "not prepared"/"not found"
        raise ValueError(
            f"Could not load tfds dataset {name!r} (split={split!r}, download={download}): "
            f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}. "
            "Prepare it in `data_dir` or pass download=True where the network allows."
        ) from None
    features = info.features
    if image_key not in features:
        raise ValueError(
            f"tfds dataset {name!r} has no {image_key!r} feature; features are {sorted(features.keys())}."
        )
    shape = features[image_key].shape
    if len(shape) != 3:
        raise ValueError(f"tfds feature {image_key!r} must be (H, W, C). Received shape {shape}.")
    if image_size is None and (shape[0] is None or shape[1] is None):
        raise ValueError(
            f"tfds dataset {name!r} has images of varying size {shape}; pass image_size=(h, w)."
        )
    if with_labels and label_key not in features:
        raise ValueError(f"tfds dataset {name!r} has no {label_key!r} feature for labels.")

    def convert(example):
        image = tf.cast(example[image_key], tf.float32)
        if image_size is not None:
            image = tf.image.resize(image, image_size)
        image = image / 127.5 - 1.0
        if with_labels:
            return image, tf.cast(example[label_key], tf.int32)
        return image

    return ds.map(convert, num_parallel_calls=tf.data.AUTOTUNE), info
