"""Sub-pixel upsampling: channels rearranged into space with ``depth_to_space``."""

import keras
import tensorflow as tf

from keras_gans.layers.arguments import int_at_least
from keras_gans.layers.arguments import map_spatial


@keras.saving.register_keras_serializable(package="keras_gans")
class SubPixelUpsampling(keras.layers.Layer):
    """Rearranges ``(N, H, W, C * r * r)`` into ``(N, H * r, W * r, C)``.

    The "pixel shuffle" of ESPCN / SRResNet: a convolution at low resolution
    predicts ``r * r`` sub-pixels per channel, and this layer places them.
    Uses ``tf.nn.depth_to_space`` (a TFLite builtin: DEPTH_TO_SPACE).

    Args:
        factor: the upsampling factor ``r`` (>= 2).

    Raises:
        ValueError: ``factor`` < 2, or input channels not divisible by ``factor**2``.

    Example:
    ```python
    x = keras.Input((None, None, 64 * 4))
    y = SubPixelUpsampling(2)(x)  # (None, None, None, 64)
    ```

    Reference: Shi et al., "Real-Time Single Image and Video Super-Resolution
    Using an Efficient Sub-Pixel Convolutional Neural Network", CVPR 2016.
    """

    def __init__(self, factor=2, **kwargs):
        super().__init__(**kwargs)
        self.factor = int_at_least("factor", factor, 2)

    def build(self, input_shape):
        channels = input_shape[-1]
        if channels is None or channels % (self.factor**2):
            raise ValueError(
                f"Input channels must be a multiple of factor**2={self.factor**2}. "
                f"Received input shape {tuple(input_shape)}."
            )
        self.built = True

    def call(self, inputs):
        return tf.nn.depth_to_space(inputs, self.factor)

    def compute_output_shape(self, input_shape):
        return map_spatial(input_shape, lambda side: side * self.factor, input_shape[-1] // self.factor**2)

    def get_config(self):
        return {**super().get_config(), "factor": self.factor}
