"""Virtual batch normalisation (Salimans et al. 2016), as SEGAN's discriminator uses it."""

import keras


@keras.saving.register_keras_serializable(package="keras_gans")
class VirtualBatchNormalization(keras.layers.Layer):
    """Normalises a batch against the statistics of a reference batch: its first half.

    Batch normalisation makes each output depend on the other examples of its
    batch; virtual batch normalisation fixes the statistics to a *reference
    batch* (Salimans et al. 2016). The reference batch is normalised by its
    own moments over batch and time,
    ``mu_ref = mean(r)``, ``nu_ref = mean(r**2)`` (per channel); every other
    example ``x`` by the moments of the reference batch with ``x`` added to
    it, ``mu = mean_t(x) / (N + 1) + N * mu_ref / (N + 1)`` (``nu`` likewise,
    ``N`` the reference size), so an example's output depends on the
    reference batch and itself only:
    ``y = gamma * (x - mu) / sqrt(nu - mu**2 + epsilon) + beta``.

    As in the SEGAN reference code (santi-pdp/segan, ``bnorm.py``), the
    reference batch is the real batch of the same step: the layer takes a
    batch whose first half is the reference and whose second half is
    normalised against it (``SEGAN`` calls its discriminator on
    ``concat([real pairs, pairs to judge])``). Rank 3 inputs
    ``(batch, time, channels)``; any rank >= 2 works, moments are over every
    axis but the last.

    Args:
        epsilon: added to the variance.

    Raises:
        ValueError: an odd batch size (when known when traced).

    Example:
    ```python
    y = VirtualBatchNormalization()(keras.ops.concatenate([reference, x]))[len(reference):]
    ```

    Reference: Salimans et al., "Improved Techniques for Training GANs", NIPS 2016.
    """

    def __init__(self, epsilon=1e-5, **kwargs):
        super().__init__(**kwargs)
        if not float(epsilon) > 0:
            raise ValueError(f"`epsilon` must be positive. Received: epsilon={epsilon}")
        self.epsilon = float(epsilon)

    def build(self, input_shape):
        channels = input_shape[-1]
        # SEGAN's (and improved-gan's) initialisation: gamma ~ N(1, 0.02), beta = 0.
        self.gamma = self.add_weight(shape=(channels,), name="gamma",
                                     initializer=keras.initializers.RandomNormal(1.0, 0.02))
        self.beta = self.add_weight(shape=(channels,), name="beta", initializer="zeros")

    def _normalize(self, x, mean, mean_square):
        std = keras.ops.sqrt(self.epsilon + mean_square - keras.ops.square(mean))
        return (x - mean) / std * self.gamma + self.beta

    def call(self, inputs):
        ops = keras.ops
        static = inputs.shape[0]
        if static is not None and static % 2:
            raise ValueError(
                "VirtualBatchNormalization takes [reference batch; batch] of even size. "
                f"Received a batch of {static}."
            )
        n = ops.shape(inputs)[0] // 2
        reference, batch = inputs[:n], inputs[n:]
        rank = len(inputs.shape)
        all_axes, example_axes = tuple(range(rank - 1)), tuple(range(1, rank - 1))
        ref_mean = ops.mean(reference, axis=all_axes, keepdims=True)
        ref_square = ops.mean(ops.square(reference), axis=all_axes, keepdims=True)
        new = 1.0 / (ops.cast(n, inputs.dtype) + 1.0)
        if example_axes:
            own_mean = ops.mean(batch, axis=example_axes, keepdims=True)
            own_square = ops.mean(ops.square(batch), axis=example_axes, keepdims=True)
        else:
            own_mean, own_square = batch, ops.square(batch)
        mean = new * own_mean + (1.0 - new) * ref_mean
        mean_square = new * own_square + (1.0 - new) * ref_square
        return ops.concatenate(
            [self._normalize(reference, ref_mean, ref_square), self._normalize(batch, mean, mean_square)], axis=0
        )

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "epsilon": self.epsilon}
