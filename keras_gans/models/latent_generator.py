"""The task base of the z -> sample objectives (optionally with labels or codes)."""

import keras
import numpy as np
import tensorflow as tf

from keras_gans.models.adversarial_model import AdversarialModel
from keras_gans.models.adversarial_model import replica_seed


@keras.saving.register_keras_serializable(package="keras_gans")
class LatentGenerator(AdversarialModel):
    """A generator of samples from latent vectors ``z ~ N(0, I)``, trained adversarially.

    Objectives supply :meth:`discriminator_losses` and :meth:`generator_losses`
    (and :meth:`generator_inputs` when G takes labels or codes besides z);
    the shared step draws z for every update.

    Args:
        generator: a built ``keras.Model`` mapping ``(batch, latent_dim)`` to samples.
        discriminator: a built ``keras.Model`` mapping samples to outputs (logits).
        latent_dim: size of z; inferred from the generator's input when None.
        seed: int seed of the latent sampling in ``train_step`` (None: random).

    Raises:
        ValueError: a non-positive ``latent_dim``, or one that is not the
            generator's input size.

    Example:
    ```python
    gan = keras_gans.models.GAN(
        keras_gans.networks.mlp_generator(2, 16), keras_gans.networks.mlp_discriminator(2))
    gan.compile()
    samples = gan.generate(64, seed=0)
    ```
    """

    task = "latent"  # keras_gans.recipes.LATENT

    def __init__(self, generator, discriminator, latent_dim=None, seed=None, **kwargs):
        super().__init__(generator, discriminator, seed=seed, **kwargs)
        inferred = generator.inputs[0].shape[-1] if getattr(generator, "inputs", None) else None
        if latent_dim is None:
            latent_dim = inferred
        if latent_dim is None or int(latent_dim) <= 0:
            raise ValueError(f"`latent_dim` must be positive. Received: latent_dim={latent_dim}")
        if inferred is not None and int(inferred) != int(latent_dim):
            raise ValueError(
                f"`latent_dim` must match the generator's input size {inferred}. "
                f"Received: latent_dim={latent_dim}"
            )
        self.latent_dim = int(latent_dim)

    # ------------------------------------------------------------------ the step
    def discriminator_step(self, real, condition=None):
        """One discriminator update on a real minibatch; returns its logs.

        The fakes come from ``G(generator_inputs(z, condition))`` outside the
        tape; the update minimises ``discriminator_losses(...)["d_loss"]``.
        """
        z = self.sample_latent(tf.shape(real)[0])
        fake = self.generator(self.generator_inputs(z, condition), training=True)
        return self.minimize("discriminator", lambda: self.discriminator_losses(real, fake, condition))

    def generator_step(self, real, condition=None):
        """One generator update with a minibatch the size of ``real``; returns its logs."""
        z = self.sample_latent(tf.shape(real)[0])

        def losses():
            fake = self.generator(self.generator_inputs(z, condition), training=True)
            return self.generator_losses(fake, condition)

        return self.minimize("generator", losses)

    def generator_inputs(self, z, condition):
        """What the generator takes: ``z``, or e.g. ``[z, labels]`` for a conditional model.

        ``condition`` is the batch's second element when :meth:`batch_parts`
        reads one (the labels of a minibatch), else None.
        """
        return z

    def discriminator_losses(self, real, fake, condition):
        """The objective's discriminator loss, computed inside the tape.

        Returns:
            ``{"d_loss": scalar, ...}``: ``d_loss`` is minimised; every entry
            is reported (averaged over the k updates) under its name.
        """
        raise NotImplementedError(f"{type(self).__name__} defines no discriminator_losses.")

    def generator_losses(self, fake, condition):
        """The objective's generator loss on ``fake``: ``{"g_loss": scalar, ...}``."""
        raise NotImplementedError(f"{type(self).__name__} defines no generator_losses.")

    # ------------------------------------------------------------------ sampling
    def sample_latent(self, batch_size):
        """Draws z ~ N(0, I) inside ``train_step``.

        The seed comes from :func:`replica_seed`: runs with the same ``seed``
        are reproducible, and every draw of every replica has its own stream.
        """
        seed = replica_seed(self.seed_generator)
        return tf.random.stateless_normal((batch_size, self.latent_dim), seed=seed)

    def latent_vectors(self, num, seed=None):
        """Returns ``num`` latent vectors as float32 numpy; fixed by ``seed``."""
        if int(num) <= 0:
            raise ValueError(f"`num` must be positive. Received: num={num}")
        rng = np.random.default_rng(seed)
        return rng.standard_normal((int(num), self.latent_dim)).astype("float32")

    def generate(self, num, seed=None, batch_size=256):
        """Generates ``num`` samples in inference mode.

        Args:
            num: number of samples.
            seed: int for reproducible samples (same seed, same samples).
            batch_size: generator batch size.

        Returns:
            float32 numpy array, e.g. images in [-1, 1] of shape (num, H, W, C).
        """
        return self.run_generator(self.latent_vectors(num, seed), batch_size=batch_size)

    # ------------------------------------------------------------------ export
    def serving_specs(self):
        """The named inputs of ``serving_default``, in the generator's input order: ``z``, then labels or codes."""
        return [tf.TensorSpec([None, self.latent_dim], tf.float32, name="z")]

    def serving_endpoints(self):
        """``serving_default``: the inputs of :meth:`serving_specs` -> ``{"images": ...}``.

        A generator of z alone also gets ``sample``: ``{"num", "seed"} -> images``.
        """

        def serve(*inputs):
            return {"images": self.generator(inputs[0] if len(inputs) == 1 else list(inputs), training=False)}

        specs = self.serving_specs()
        endpoints = {"serving_default": (serve, specs)}
        if len(specs) == 1:
            endpoints["sample"] = (self._sample_endpoint, [
                tf.TensorSpec([], tf.int32, name="num"), tf.TensorSpec([], tf.int32, name="seed"),
            ])
        return endpoints

    def _sample_endpoint(self, num, seed):
        """``{"num", "seed"} -> images``: the noise is drawn inside the graph.

        Stateless: the same (num, seed) gives the same samples on every server.
        Image generators (rank-4 output) also return ``images_uint8`` in
        [0, 255], ready to be written as PNG by a client.
        """
        z = tf.random.stateless_normal(tf.stack([num, self.latent_dim]), seed=tf.stack([seed, 0]))
        images = self.generator(z, training=False)
        outputs = {"images": images}
        if len(self.generator.outputs[0].shape) == 4:
            scaled = tf.round((tf.cast(images, tf.float32) + 1.0) * 127.5)
            outputs["images_uint8"] = tf.cast(tf.clip_by_value(scaled, 0.0, 255.0), tf.uint8)
        return outputs
