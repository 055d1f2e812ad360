"""Labelled datasets for conditional models, with labels checked against ``num_classes``."""

import tensorflow as tf

from keras_gans.data import loader
from keras_gans.data.arrays import to_dataset
from keras_gans.data.arrays import validate_labels


def _check_num_classes(num_classes):
    if isinstance(num_classes, bool) or not isinstance(num_classes, int) or num_classes < 2:
        raise ValueError(
            f"`num_classes` must be an integer >= 2. Received: num_classes={num_classes!r}"
        )


def load_labelled(
    name, num_classes, batch_size=64, shuffle=True, seed=None, repeat=False, **kwargs
):
    """``keras_gans.data.load(name, with_labels=True)`` whose labels fit a K-class model.

    A conditional generator embeds labels 0..K-1; a label >= K would index
    past its embedding (an error on CPU, a silent zero vector on GPU), so the
    labels are checked here, at the data boundary.

    Args:
        name: any labelled dataset name: 'mnist_5k', 'digits', 'ring8',
            'grid25', 'tfds:<name>' (with a 'label' feature) or 'folder:<path>'
            (one sub-folder per class).
        num_classes: K, the number of classes of the model.
        batch_size, shuffle, seed, repeat: as for :func:`keras_gans.data.load`.
        **kwargs: other :func:`keras_gans.data.load` arguments (``split``,
            ``image_size``, ``channels``, ``data_dir``, ...).

    Returns:
        A ``tf.data.Dataset`` of ``(x, labels)`` batches with int32 labels in [0, K).

    Raises:
        ValueError: a dataset without labels, or labels (or classes) outside [0, K).

    Example:
    ```python
    ds = keras_gans.data.load_labelled("mnist_5k", num_classes=10, batch_size=64)
    ```
    """
    _check_num_classes(num_classes)
    if isinstance(name, str) and name.startswith("tfds:"):
        from keras_gans.data.tfds_source import load_tfds

        tfds_kwargs = {k: kwargs[k] for k in ("split", "download", "data_dir") if k in kwargs}
        _, info = load_tfds(name[len("tfds:") :], with_labels=True, **tfds_kwargs)
        found = getattr(info.features["label"], "num_classes", None)
        if found is not None and found > num_classes:
            raise ValueError(
                f"tfds dataset {name!r} has {found} classes but the model has num_classes={num_classes}; "
                f"labels must be in [0, {num_classes})."
            )
        ds = loader.load(
            name,
            batch_size=batch_size,
            shuffle=shuffle,
            seed=seed,
            with_labels=True,
            repeat=repeat,
            **kwargs,
        )
        if found is None:
            # No ClassLabel metadata: check every batch as it streams.
            def check(x, labels):
                message = f"labels of {name!r} must be in [0, {num_classes})"
                with tf.control_dependencies(
                    [
                        tf.debugging.assert_non_negative(labels, message=message),
                        tf.debugging.assert_less(labels, num_classes, message=message),
                    ]
                ):
                    return x, tf.identity(labels)

            ds = ds.map(check)
        return ds
    loader_keys = ("image_size", "channels", "num_examples")
    unknown = sorted(set(kwargs) - set(loader_keys) - {"drop_remainder"})
    if unknown:
        raise ValueError(
            f"Unexpected arguments {unknown} for dataset {name!r}; expected {loader_keys}."
        )
    data, labels = loader.load_arrays(
        name,
        with_labels=True,
        seed=0 if seed is None else seed,
        **{k: kwargs[k] for k in loader_keys if k in kwargs},
    )
    labels = validate_labels(labels, len(data), num_classes)
    return to_dataset(
        data,
        labels,
        batch_size=batch_size,
        shuffle=shuffle,
        seed=seed,
        drop_remainder=kwargs.get("drop_remainder", True),
        repeat=repeat,
    )
