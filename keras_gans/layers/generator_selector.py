"""Picks one of k generator outputs per example (the exported MAD-GAN generator)."""

import statistics

import keras
from keras import ops

from keras_gans.layers.arguments import int_at_least


@keras.saving.register_keras_serializable(package="keras_gans")
class GeneratorSelector(keras.layers.Layer):
    """Selects generator ``i(z)`` per example from the stacked outputs of k generators.

    The index is a deterministic function of the latent vector: the first
    coordinate ``z_0 ~ N(0, 1)`` is cut at the k-quantiles of the standard
    normal, so ``i(z) = #{j : z_0 > Phi^-1(j / k)}`` is uniform over
    ``0..k-1`` when z is standard normal, and a user picks generator ``i`` by
    choosing ``z_0`` in its slice. Only comparisons, casts and a one-hot
    weighted sum are used, so the layer converts to TFLite.

    Args:
        num_generators: k.

    Call args:
        inputs: ``[z, x_0, ..., x_{k-1}]``: z (n, latent_dim) and every
            generator's output (n, ...) for that z.

    Returns:
        (n, ...): ``x_{i(z_n)}[n]``.

    Raises:
        ValueError: ``num_generators`` < 1.

    Reference: Ghosh et al., "Multi-Agent Diverse Generative Adversarial
    Networks", CVPR 2018 (MAD-GAN samples one generator uniformly).
    """

    def __init__(self, num_generators=2, **kwargs):
        super().__init__(**kwargs)
        self.num_generators = int_at_least("num_generators", num_generators, 1)
        self.thresholds = [
            statistics.NormalDist().inv_cdf(j / self.num_generators)
            for j in range(1, self.num_generators)
        ]

    def generator_index(self, z):
        """The int32 index ``i(z)`` of the generator used for each row of z."""
        first = z[:, 0]
        index = ops.zeros_like(first, dtype="int32")
        for threshold in self.thresholds:
            index = index + ops.cast(ops.greater(first, threshold), "int32")
        return index

    def call(self, inputs):
        return self.select(inputs[1:], self.generator_index(inputs[0]))

    def select(self, outputs, index):
        """Picks ``outputs[index[n]][n]`` for each row n (a one-hot weighted sum)."""
        if len(outputs) != self.num_generators:
            raise ValueError(
                f"Expected {self.num_generators} generator outputs. Received: {len(outputs)}"
            )
        stacked = ops.stack(outputs, axis=1)
        onehot = ops.one_hot(index, self.num_generators, dtype=stacked.dtype)
        onehot = ops.reshape(onehot, (-1, self.num_generators) + (1,) * (len(stacked.shape) - 2))
        return ops.sum(onehot * stacked, axis=1)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape[1])

    def get_config(self):
        config = super().get_config()
        config["num_generators"] = self.num_generators
        return config
