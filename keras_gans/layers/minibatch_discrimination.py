"""Minibatch discrimination (Salimans et al. 2016, Section 3.2)."""

import keras
from keras import ops


@keras.saving.register_keras_serializable(package="keras_gans")
class MinibatchDiscrimination(keras.layers.Layer):
    """Appends to each example's features how close it is to the rest of the batch.

    With features ``f`` of shape (n, A) and a learned tensor ``T`` of shape
    (A, B, C), ``M_i = f_i T`` is a (B, C) matrix per example; kernel ``b``
    compares two examples by ``c_b(i, j) = exp(-||M_i,b - M_j,b||_1)`` and the
    layer appends ``o_b(i) = sum_{j != i} c_b(i, j) + bias_b``. As in the
    authors' layer (openai/improved-gan ``nn.MinibatchLayer``) the example's
    closeness to itself (always 1) is left out, ``T`` is weight-normalised
    with a learned scale (``T = V exp(log_scale) / ||V||`` over the input
    axis) and a learned bias starts at -1. A collapsed generator makes all
    ``o(i)`` of fake batches large, which the discriminator can then detect.

    Args:
        num_kernels: B, the number of appended features.
        kernel_dim: C, the size of each kernel's projection.

    Input shape: (batch, A). Output shape: (batch, A + num_kernels).

    Raises:
        ValueError: a non-positive ``num_kernels`` or ``kernel_dim``, or an input
            that is not rank 2.

    Example:
    ```python
    x = keras.Input((2,))
    h = keras.layers.Dense(64, activation="relu")(x)
    h = MinibatchDiscrimination(num_kernels=16, kernel_dim=4)(h)
    ```

    Reference: Salimans et al., "Improved Techniques for Training GANs", NeurIPS 2016.
    """

    def __init__(self, num_kernels=50, kernel_dim=5, **kwargs):
        super().__init__(**kwargs)
        for name, value in (("num_kernels", num_kernels), ("kernel_dim", kernel_dim)):
            if int(value) <= 0:
                raise ValueError(f"`{name}` must be positive. Received: {name}={value}")
        self.num_kernels = int(num_kernels)
        self.kernel_dim = int(kernel_dim)

    def build(self, input_shape):
        if len(input_shape) != 2:
            raise ValueError(
                "MinibatchDiscrimination expects inputs of shape (batch, features). "
                f"Received: input_shape={tuple(input_shape)}"
            )
        self.kernel = self.add_weight(
            name="kernel",
            shape=(int(input_shape[-1]), self.num_kernels * self.kernel_dim),
            initializer=keras.initializers.RandomNormal(stddev=0.05),
        )
        self.log_scale = self.add_weight(
            name="log_scale", shape=(self.num_kernels * self.kernel_dim,), initializer="zeros"
        )
        self.bias = self.add_weight(
            name="bias", shape=(self.num_kernels,), initializer=keras.initializers.Constant(-1.0)
        )

    def call(self, inputs):
        norm = ops.sqrt(ops.sum(ops.square(self.kernel), axis=0) + 1e-12)
        kernel = self.kernel * ops.exp(self.log_scale) / norm
        m = ops.reshape(ops.matmul(inputs, kernel), (-1, self.num_kernels, self.kernel_dim))
        # (n, 1, B, C) - (1, n, B, C): the L1 distance of every pair, per kernel.
        l1 = ops.sum(ops.abs(ops.expand_dims(m, 1) - ops.expand_dims(m, 0)), axis=-1)
        # The j = i term is exp(0) = 1 for every kernel: subtracting it masks the self-distance.
        closeness = ops.sum(ops.exp(-l1), axis=1) - 1.0 + self.bias
        return ops.concatenate([inputs, ops.cast(closeness, inputs.dtype)], axis=-1)

    def compute_output_shape(self, input_shape):
        return (input_shape[0], input_shape[-1] + self.num_kernels)

    def get_config(self):
        config = super().get_config()
        config.update(num_kernels=self.num_kernels, kernel_dim=self.kernel_dim)
        return config
