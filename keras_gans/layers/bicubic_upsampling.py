"""Fixed bicubic upsampling built from TFLite builtins (a conv and ``depth_to_space``)."""

import keras
import numpy as np
import tensorflow as tf

from keras_gans.layers.arguments import int_at_least
from keras_gans.layers.arguments import map_spatial


def _keys_cubic(x, a=-0.5):
    x = np.abs(x)
    near = ((a + 2) * x - (a + 3)) * x * x + 1
    far = ((a * x - 5 * a) * x + 8 * a) * x - 4 * a
    return np.where(x <= 1, near, np.where(x < 2, far, 0.0))


def bicubic_phase_weights(factor):
    """1-D Keys-cubic (a = -0.5) weights, shape (factor, 5): output phase x input taps -2..2.

    With half-pixel centres, output pixel ``factor * i + p`` samples input
    coordinate ``i + t_p`` with ``t_p = (p + 0.5) / factor - 0.5`` in (-0.5, 0.5),
    so five neighbours ``i - 2 .. i + 2`` cover every cubic support.
    """
    offsets = (np.arange(factor) + 0.5) / factor - 0.5
    taps = np.arange(-2, 3)
    return _keys_cubic(offsets[:, None] - taps[None, :])


@keras.saving.register_keras_serializable(package="keras_gans")
class BicubicUpsampling(keras.layers.Layer):
    """Bicubic x``factor`` upsampling with fixed (non-trainable) weights, any input size.

    Equal to ``tf.image.resize(x, factor * size, "bicubic")`` (Keys cubic,
    half-pixel centres) away from the image border; at the border the input is
    edge-replicated, where TensorFlow instead renormalises the cubic weights,
    so the outermost ``factor`` output pixels differ slightly. Built from a
    convolution and ``depth_to_space`` because TFLite has no bicubic resize
    builtin (only bilinear and nearest).

    Args:
        factor: the upsampling factor (>= 2).

    Raises:
        ValueError: ``factor`` < 2, or an input without a known channel count.

    Example:
    ```python
    x = keras.Input((None, None, 3))
    y = BicubicUpsampling(4)(x)  # (None, None, None, 3), 4x larger
    ```

    Reference: Keys, "Cubic convolution interpolation for digital image
    processing", IEEE TASSP 1981.
    """

    def __init__(self, factor=4, **kwargs):
        super().__init__(**kwargs)
        self.factor = int_at_least("factor", factor, 2)

    def build(self, input_shape):
        channels = input_shape[-1]
        if channels is None:
            raise ValueError(f"The channel dimension must be known. Received input shape {tuple(input_shape)}.")
        weights = bicubic_phase_weights(self.factor)
        r, channels = self.factor, int(channels)
        kernel = np.zeros((5, 5, channels, r * r * channels), "float32")
        for py in range(r):
            for px in range(r):
                for c in range(channels):
                    # depth_to_space reads sub-pixel (py, px) of channel c from (py * r + px) * C + c.
                    kernel[:, :, c, (py * r + px) * channels + c] = np.outer(weights[py], weights[px])
        # Kept as numpy and made a constant in call(): a tensor made while building inside one
        # tf.function must not leak into another graph (or into eager calls).
        self._kernel = kernel
        self.built = True

    def call(self, inputs):
        x = inputs
        # Edge replication by concatenation: tf.pad has no 'edge' mode.
        x = tf.concat([x[:, :1], x[:, :1], x, x[:, -1:], x[:, -1:]], axis=1)
        x = tf.concat([x[:, :, :1], x[:, :, :1], x, x[:, :, -1:], x[:, :, -1:]], axis=2)
        x = tf.nn.conv2d(x, tf.constant(self._kernel, x.dtype), strides=1, padding="VALID")
        return tf.nn.depth_to_space(x, self.factor)

    def compute_output_shape(self, input_shape):
        return map_spatial(input_shape, lambda side: side * self.factor, input_shape[-1])

    def get_config(self):
        return {**super().get_config(), "factor": self.factor}
