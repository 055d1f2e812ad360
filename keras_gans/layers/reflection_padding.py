"""Reflection padding for 2-D feature maps (CycleGAN's ResNet generator)."""

import keras


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
        if int(padding) < 0:
            raise ValueError(f"`padding` must be >= 0. Received: padding={padding}")
        self.padding = int(padding)

    def call(self, inputs):
        p = self.padding
        return keras.ops.pad(inputs, [[0, 0], [p, p], [p, p], [0, 0]], mode="reflect")

    def compute_output_shape(self, input_shape):
        batch, height, width, channels = input_shape
        grow = 2 * self.padding
        return (
            batch,
            None if height is None else height + grow,
            None if width is None else width + grow,
            channels,
        )

    def get_config(self):
        config = super().get_config()
        config["padding"] = self.padding
        return config
