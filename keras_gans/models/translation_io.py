"""Input checks and serving helpers shared by the image-to-image models."""

import numpy as np
import tensorflow as tf

from keras_gans.data.arrays import validate_images
from keras_gans.networks.unet import spatial_multiple


def check_images(images, channels, multiple, name="images"):
    """Validates images for an image -> image generator; returns float32 numpy.

    Raises:
        ValueError: not (N, H, W, C) (see ``keras_gans.data.validate_images``),
            wrong channels, or H or W not a multiple of the network's stride.
    """
    images = validate_images(images, name)
    if images.shape[-1] != channels:
        raise ValueError(
            f"`{name}` must have {channels} channel(s). Received shape {images.shape}."
        )
    height, width = images.shape[1:3]
    if height % multiple or width % multiple:
        raise ValueError(
            f"`{name}` height and width must be multiples of {multiple} (the generator's "
            f"stride). Received height={height}, width={width}; pad or crop, e.g. to "
            f"{-(-height // multiple) * multiple}x{-(-width // multiple) * multiple}."
        )
    return images


def image_spec(channels):
    """The serving input: ``image`` float32 (batch, height, width, channels), all dynamic but C."""
    return tf.TensorSpec([None, None, None, channels], tf.float32, name="image")


def serving_fn(generator, multiple=None):
    """``image -> {"image": generator(image)}`` with a size check inside the graph.

    The SavedModel rejects a height or width that is not a multiple of the
    generator's stride with an ``InvalidArgumentError`` whose message names
    the multiple (rather than a shape error deep in the network). ``multiple``
    defaults to the product of the generator's strides (``spatial_multiple``).
    """
    multiple = spatial_multiple(generator) if multiple is None else int(multiple)

    def serve(image):
        size = tf.shape(image)[1:3]
        check = tf.debugging.assert_equal(
            size % multiple,
            tf.zeros_like(size),
            message=f"image height and width must be multiples of {multiple}",
        )
        with tf.control_dependencies([check]):
            image = tf.identity(image)
        return {"image": generator(image, training=False)}

    return serve


def example_images(channels, multiple, batch=2, seed=0, size=None):
    """Valid example inputs for export checks: ``size`` (height, width) rounded up to multiples of
    ``multiple``, or square, the smallest multiple of ``multiple`` >= 32."""
    height, width = size if size else (32, 32)
    height, width = -(-int(height) // multiple) * multiple, -(-int(width) // multiple) * multiple
    rng = np.random.default_rng(seed)
    return rng.uniform(-1.0, 1.0, (batch, height, width, channels)).astype("float32")
