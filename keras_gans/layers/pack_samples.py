"""PacGAN packing: the discriminator judges m samples at once."""

import keras
from keras import ops

from keras_gans.layers.arguments import int_at_least


@keras.saving.register_keras_serializable(package="keras_gans")
class PackSamples(keras.layers.Layer):
    """Concatenates every ``pack`` consecutive examples into one packed example.

    Vectors (n, D) become (n / pack, pack * D); images (n, H, W, C) become
    (n / pack, H, W, pack * C) (stacked along channels, as in PacGAN). The
    batch must be a multiple of ``pack``; all samples of one pack are either
    real or fake, so a discriminator with this layer first is a PacGAN
    discriminator and every objective can use it unchanged.

    Args:
        pack: m, the number of samples per packed example (1 = no packing).

    Raises:
        ValueError: ``pack`` < 1, or an input of rank other than 2 or 4.

    Example:
    ```python
    x = keras.Input((2,))
    h = PackSamples(4)(x)  # (None, 8)
    ```

    Reference: Lin et al., "PacGAN: The power of two samples in generative
    adversarial networks", NeurIPS 2018.
    """

    def __init__(self, pack=2, **kwargs):
        super().__init__(**kwargs)
        self.pack = int_at_least("pack", pack, 1)

    def build(self, input_shape):
        if len(input_shape) not in (2, 4):
            raise ValueError(
                "PackSamples expects (batch, features) or (batch, H, W, C) inputs. "
                f"Received: input_shape={tuple(input_shape)}"
            )

    def call(self, inputs):
        if self.pack == 1:
            return inputs
        shape = ops.shape(inputs)
        if len(inputs.shape) == 2:
            return ops.reshape(inputs, (-1, self.pack * inputs.shape[-1]))
        h, w, c = inputs.shape[1], inputs.shape[2], inputs.shape[3]
        grouped = ops.reshape(inputs, (-1, self.pack, shape[1], shape[2], c))
        grouped = ops.transpose(grouped, (0, 2, 3, 1, 4))
        return ops.reshape(grouped, (-1, h, w, self.pack * c))

    def compute_output_shape(self, input_shape):
        batch = None if input_shape[0] is None else input_shape[0] // self.pack
        if len(input_shape) == 2:
            return (batch, input_shape[1] * self.pack)
        return (batch, input_shape[1], input_shape[2], input_shape[3] * self.pack)

    def get_config(self):
        return {**super().get_config(), "pack": self.pack}
