"""Reflection padding for 2-D feature maps (CycleGAN's ResNet generator)."""

import keras

from keras_gans.layers.arguments import int_at_least
from keras_gans.layers.arguments import map_spatial


@keras.saving.register_keras_serializable(package="keras_gans")
class ReflectionPadding2D(keras.layers.Layer):
    """Pads height and width by mirroring the border (no border repeated).

    Zero padding puts an artificial dark frame around every feature map; the
    CycleGAN generator reflects instead so borders of translated images carry
    no seam. Lowers to TFLite's MIRROR_PAD.

    Args:
        padding: int, pixels added on each side of height and width.

    Raises:
        ValueError: ``padding`` is negative.

    Example:
    ```python
    y = ReflectionPadding2D(3)(keras.ops.ones((1, 8, 8, 1)))  # (1, 14, 14, 1)
    ```

    Reference: Zhu et al., "Unpaired Image-to-Image Translation using
    Cycle-Consistent Adversarial Networks", ICCV 2017 (appendix 7.2).
    """

    def __init__(self, padding=1, **kwargs):
        super().__init__(**kwargs)
        self.padding = int_at_least("padding", padding, 0)

    def call(self, inputs):
        p = self.padding
        return keras.ops.pad(inputs, [[0, 0], [p, p], [p, p], [0, 0]], mode="reflect")

    def compute_output_shape(self, input_shape):
        return map_spatial(input_shape, lambda side: side + 2 * self.padding, input_shape[-1])

    def get_config(self):
        return {**super().get_config(), "padding": self.padding}
