"""MAD-GAN: k generators and a discriminator that also names the generator."""

import keras
import tensorflow as tf

from keras_gans import losses
from keras_gans.layers import GeneratorSelector
from keras_gans.layers import StratifiedLatent
from keras_gans.models.latent_generator import LatentGenerator


def mixture_generator(generators, name="generator"):
    """One functional generator ``z -> x`` that runs generator ``i(z)`` for each row.

    ``i(z)`` comes from the slice of the first latent coordinate among the
    k-quantiles of N(0, 1) (``keras_gans.layers.GeneratorSelector``), so
    z ~ N(0, I) picks each of the k generators with probability 1/k, and
    ``keras_gans.layers.StratifiedLatent`` maps ``z_0`` inside its slice back
    to N(0, 1): each ``G_i`` gets the full standard-normal latent it trained
    on, and the samples follow MAD-GAN's mixture.
    """
    z = keras.Input(tuple(generators[0].inputs[0].shape[1:]), name="z")
    latent = StratifiedLatent(len(generators), name="stratified_latent")(z)
    outputs = [g(latent) for g in generators]
    samples = GeneratorSelector(len(generators), name="generator_selector")([z] + outputs)
    return keras.Model(z, samples, name=name)


@keras.saving.register_keras_serializable(package="keras_gans")
class MADGAN(LatentGenerator):
    """Multi-agent diverse GAN: k generators, a (k + 1)-way discriminator.

    The discriminator names which generator made a sample (classes 0..k-1)
    or says it is real (class k); so each generator is pushed to a region
    the others do not cover, which counters mode collapse. ``self.generator``
    is the single exported generator: for each z it runs generator ``i(z)``
    with ``i`` uniform over 0..k-1, taken deterministically from ``z[:, 0]``
    (``z_0`` cut at the k-quantiles of N(0, 1)), on z with ``z_0`` rescaled
    inside its slice to N(0, 1), so that every ``G_i`` sees the latent
    distribution it trained on. The SavedModel/TFLite export
    has ``serving_default`` ``{"z"} -> {"images"}`` and
    ``with_index`` ``{"z", "index": int32[None]} -> {"images"}`` to choose the
    generator explicitly.

    Args:
        generators: list of k >= 2 ``keras.Model``s ``z -> x`` with the same latent size.
        discriminator: ``keras.Model`` ``x -> (n, k + 1)`` logits.
        latent_dim: size of z (inferred when None).
        seed: seed of the latent sampling.

    Raises:
        ValueError: fewer than 2 generators, or a discriminator without k + 1 outputs.

    Example:
    ```python
    k = 4
    gan = keras_gans.models.MADGAN(
        [keras_gans.networks.mlp_generator(name=f"g{i}") for i in range(k)],
        keras_gans.networks.mlp_multiclass_discriminator(num_generators=k))
    gan.compile()
    gan.fit(keras_gans.data.load("grid25", batch_size=256), epochs=5)
    ```

    Reference: Ghosh et al., "Multi-Agent Diverse Generative Adversarial Networks", CVPR 2018.
    """

    def __init__(
        self, generators, discriminator, latent_dim=None, seed=None, generator=None, **kwargs
    ):
        generators = list(generators) if isinstance(generators, (list, tuple)) else generators
        if not isinstance(generators, list) or len(generators) < 2:
            raise ValueError(
                f"`generators` must be a list of at least 2 keras.Models. Received: {generators!r}"
            )
        outputs = (
            discriminator.outputs[0].shape[-1] if getattr(discriminator, "outputs", None) else None
        )
        if outputs != len(generators) + 1:
            raise ValueError(
                f"The discriminator must output k + 1 = {len(generators) + 1} logits. "
                f"Received output size {outputs}"
            )
        if generator is None:
            generator = mixture_generator(generators)
        super().__init__(generator, discriminator, latent_dim=latent_dim, seed=seed, **kwargs)
        self.generators = generators
        self.num_generators = len(generators)

    # `generator` (the mixture of `generators`) is rebuilt from `generators`.
    config_skip = ("generator",)

    def generator_variables(self):
        return [v for g in self.generators for v in g.trainable_variables]

    def discriminator_step(self, real, condition=None):
        """One update of the (k+1)-class discriminator against all k generators."""
        z = self.sample_latent(tf.shape(real)[0])
        fakes = [g(z, training=True) for g in self.generators]
        return self.minimize("discriminator", lambda: {"d_loss": losses.mad_gan_discriminator_loss(
            self.discriminator(real, training=True), [self.discriminator(f, training=True) for f in fakes]
        )})

    def generator_step(self, real, condition=None):
        """One update of all k generators, from one shared z."""
        z = self.sample_latent(tf.shape(real)[0])
        return self.minimize("generator", lambda: {"g_loss": losses.mad_gan_generator_loss(
            [self.discriminator(g(z, training=True), training=True) for g in self.generators]
        )})

    def serving_endpoints(self):
        endpoints = super().serving_endpoints()
        selector = self.generator.get_layer("generator_selector")

        def with_index(z, index):
            outputs = [g(z, training=False) for g in self.generators]
            return {"images": selector.select(outputs, index)}

        endpoints["with_index"] = (
            with_index,
            [
                tf.TensorSpec([None, self.latent_dim], tf.float32, name="z"),
                tf.TensorSpec([None], tf.int32, name="index"),
            ],
        )
        return endpoints
