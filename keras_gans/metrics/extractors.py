"""Feature extractors the metrics take by injection: images in [-1, 1] -> (N, D) numpy features.

Which features make an FID comparable with published tables: only the
pool_3 features of the original 2015-12-05 Inception graph
(``classify_image_graph_def.pb``, :func:`inception_2015_extractor`), the
network of Heusel et al.'s TTUR code. ``keras.applications.InceptionV3``
weights differ from that graph (other training run, other resizing), so
:func:`inception_v3_extractor` gives an FID-like number comparable only with
itself; the MNIST classifier (:func:`mnist_extractor`) likewise.
"""

import numpy as np
import tensorflow as tf


def _batched(fn, images, batch_size):
    images = np.asarray(images, dtype="float32")
    if images.ndim != 4 or images.shape[-1] not in (1, 3):
        raise ValueError(
            f"`images` must have shape (N, H, W, 1|3). Received shape {images.shape}."
        )
    if images.size and np.abs(images).max() > 1.0 + 1e-5:
        raise ValueError("`images` must be scaled to [-1, 1].")
    outputs = [np.asarray(fn(images[i : i + batch_size])) for i in range(0, len(images), batch_size)]
    return np.concatenate(outputs).reshape(len(images), -1).astype("float64")


def mnist_extractor(probabilities=False, batch_size=500):
    """The shipped MNIST classifier's penultimate features (N, 128), or probabilities (N, 10).

    Takes (N, 28, 28, 1) digits in [-1, 1].
    """
    from keras_gans.metrics.mnist_classifier import load_mnist_classifier

    model = load_mnist_classifier(features=not probabilities)

    def extract(images):
        return _batched(lambda x: model(x, training=False), images, batch_size)

    return extract


def inception_v3_extractor(weights, batch_size=32, size=299):
    """``keras.applications.InceptionV3`` average-pool features (N, 2048).

    Images in [-1, 1] are tiled to 3 channels when grayscale and resized
    (bilinear) to ``size``; InceptionV3's ``preprocess_input`` maps [0, 255]
    to [-1, 1], which our images already are.

    Args:
        weights: path to an ``InceptionV3(include_top=False)`` weights file,
            'imagenet' (downloads; needs network access) or None (random,
            for tests only).
        batch_size: images per forward pass.
        size: the input resolution (299 for the published network).

    Returns:
        A callable ``images -> (N, 2048)`` float64 numpy array.
    """
    import keras

    model = keras.applications.InceptionV3(
        include_top=False, pooling="avg", weights=weights, input_shape=(size, size, 3)
    )

    def forward(x):
        if x.shape[-1] == 1:
            x = np.repeat(x, 3, axis=-1)
        x = tf.image.resize(x, (size, size), method="bilinear")
        return model(x, training=False)

    return lambda images: _batched(forward, images, batch_size)


def inception_2015_extractor(
    graph_path, input_tensor="ExpandDims:0", output_tensor="pool_3:0", batch_size=50
):
    """pool_3 features (N, 2048) of the original 2015 Inception graph (the FID network).

    Loads ``classify_image_graph_def.pb`` (the 2015-12-05 Inception release
    used by the TTUR FID code) from a user path, feeds images in [0, 255]
    to ``input_tensor`` (the graph resizes to 299 and normalises itself)
    and reads ``output_tensor``. Only these features make an FID comparable
    with published tables.

    Args:
        graph_path: path to a frozen GraphDef (``.pb``).
        input_tensor: the tensor to feed (batch, H, W, 3) float32 in [0, 255].
        output_tensor: the feature tensor; reshaped to (N, -1).
        batch_size: images per call.

    Returns:
        A callable ``images in [-1, 1] -> (N, D)`` float64 numpy array.

    Raises:
        ValueError: missing or unparsable file, or tensors not in the graph.

    Reference: Heusel et al., "GANs Trained by a Two Time-Scale Update Rule
    Converge to a Local Nash Equilibrium", NeurIPS 2017 (TTUR code, fid.py).
    """
    try:
        with open(graph_path, "rb") as f:
            graph_def = tf.compat.v1.GraphDef.FromString(f.read())
    except (OSError, ValueError) as error:
        raise ValueError(
            f"Cannot read an Inception GraphDef from {graph_path!r}: {error}. Expected "
            "classify_image_graph_def.pb from the 2015-12-05 Inception release."
        ) from None
    names = {node.name for node in graph_def.node}
    for tensor in (input_tensor, output_tensor):
        if tensor.split(":")[0] not in names:
            raise ValueError(f"Tensor {tensor!r} is not in the graph {graph_path!r}.")

    def imported(x):
        return tf.graph_util.import_graph_def(
            graph_def, input_map={input_tensor: x}, return_elements=[output_tensor], name=""
        )[0]

    fn = tf.compat.v1.wrap_function(imported, [tf.TensorSpec([None, None, None, 3], tf.float32)])

    def forward(x):
        if x.shape[-1] == 1:
            x = np.repeat(x, 3, axis=-1)
        return fn(tf.constant((x + 1.0) * 127.5))

    return lambda images: _batched(forward, images, batch_size)


EXTRACTORS = {
    "mnist": mnist_extractor,
    "inception_v3": inception_v3_extractor,
    "inception_2015": inception_2015_extractor,
}


def get_extractor(name, **kwargs):
    """An extractor by name: 'mnist', 'inception_v3' (``weights=``), 'inception_2015' (``graph_path=``)."""
    if name not in EXTRACTORS:
        raise ValueError(f"Unknown feature extractor {name!r}. Expected one of {sorted(EXTRACTORS)}.")
    return EXTRACTORS[name](**kwargs)
