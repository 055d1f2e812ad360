"""Concatenates a per-example vector to every pixel of a feature map."""

import keras
import tensorflow as tf


@keras.saving.register_keras_serializable(package="keras_gans")
class TileConcatenate(keras.layers.Layer):
    """``[(N, H, W, C), (N, D)] -> (N, H, W, C + D)``: the vector tiled over H x W.

    StarGAN conditions its generator this way: the target-domain label is
    replicated spatially and stacked onto the input image. H and W may be
    dynamic (the tiling follows the feature map at run time).

    Example:
    ```python
    image, label = keras.Input((None, None, 3)), keras.Input((5,))
    x = TileConcatenate()([image, label])  # (None, None, None, 8)
    ```

    Reference: Choi et al., "StarGAN", CVPR 2018, Section 3.
    """

    def call(self, inputs):
        features, vector = inputs
        vector = tf.cast(vector, features.dtype)
        shape = tf.shape(features)
        tiled = tf.ones([shape[0], shape[1], shape[2], 1], features.dtype) * vector[:, None, None, :]
        return tf.concat([features, tiled], axis=-1)

    def compute_output_shape(self, input_shape):
        features, vector = input_shape
        return tuple(features[:-1]) + (features[-1] + vector[-1],)
