"""Maxout: the maximum over ``pieces`` affine maps (Goodfellow et al. 2013)."""

import keras
from keras import ops

from keras_gans.layers.arguments import int_at_least


@keras.saving.register_keras_serializable(package="keras_gans")
class Maxout(keras.layers.Layer):
    """``y_u = max_p (x W_{u,p} + b_{u,p})``: a Dense layer of ``units * pieces`` outputs, max over pieces.

    PacGAN's 2-D discriminator is three layers of 200 maxout units with 5
    pieces (its ``LinearMaxout`` brick).

    Args:
        units: number of outputs.
        pieces: affine pieces per output.
        kernel_initializer, bias_initializer: of the underlying Dense.

    Input shape: (batch, features). Output shape: (batch, units).

    Raises:
        ValueError: ``units`` or ``pieces`` < 1.

    Example:
    ```python
    x = keras.Input((8,))
    h = Maxout(200, pieces=5)(x)  # (None, 200)
    ```

    Reference: Goodfellow et al., "Maxout Networks", ICML 2013; Lin et al.,
    "PacGAN", NeurIPS 2018 (fjxmlzn/PacGAN ``synthetic_data_experiments``).
    """

    def __init__(self, units, pieces=5, kernel_initializer="glorot_uniform", bias_initializer="zeros", **kwargs):
        super().__init__(**kwargs)
        self.units = int_at_least("units", units, 1)
        self.pieces = int_at_least("pieces", pieces, 1)
        self.kernel_initializer = keras.initializers.get(kernel_initializer)
        self.bias_initializer = keras.initializers.get(bias_initializer)

    def build(self, input_shape):
        self.kernel = self.add_weight(
            name="kernel", shape=(int(input_shape[-1]), self.units * self.pieces), initializer=self.kernel_initializer
        )
        self.bias = self.add_weight(name="bias", shape=(self.units * self.pieces,), initializer=self.bias_initializer)

    def call(self, inputs):
        affine = ops.matmul(inputs, self.kernel) + self.bias
        return ops.max(ops.reshape(affine, (-1, self.units, self.pieces)), axis=-1)

    def compute_output_shape(self, input_shape):
        return (input_shape[0], self.units)

    def get_config(self):
        config = super().get_config()
        config.update(
            units=self.units, pieces=self.pieces,
            kernel_initializer=keras.initializers.serialize(self.kernel_initializer),
            bias_initializer=keras.initializers.serialize(self.bias_initializer),
        )
        return config
