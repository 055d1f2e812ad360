"""Mode-regularized GAN (MRGAN / MDGAN): an encoder ties every real mode to the generator."""

import json

import keras
import tensorflow as tf

from keras_gans import losses
from keras_gans.models.adversarial_model import AdversarialModel


@keras.saving.register_keras_serializable(package="keras_gans")
class MRGAN(AdversarialModel):
    """Che et al.'s manifold-diffusion GAN with the geometric and mode regularizers.

    An encoder E maps data to latents, so ``G(E(x))`` reconstructs every real
    example, from every mode. Each ``train_step`` runs both steps of the
    paper's Algorithm 1 (their discriminator updates are batched together, as
    are their generator/encoder updates):

    - manifold step: ``D_M`` (``discriminator``) separates x from
      ``G(E(x))``; G and E minimise ``lambda_geo * ||x - G(E(x))||^2`` (the
      geometric regularizer) ``+ lambda_mode * -log D_M(G(E(x)))`` (the mode
      regularizer);
    - diffusion step: ``D_D`` (``diffusion_discriminator``) separates
      ``G(E(x))`` from ``G(z)``; G minimises ``-log D_D(G(z))``, spreading
      the modes it has learnt to reconstruct onto the prior.

    Args:
        generator, discriminator: ``keras.Model``s; D (``D_M``) returns logits.
        encoder: ``keras.Model`` ``x -> z`` (latent size = the generator's).
        diffusion_discriminator: ``D_D``; None clones ``discriminator``'s
            architecture with fresh weights.
        geometric_weight: lambda_geo (0.2). mode_weight: lambda_mode (0.4).
        latent_dim, seed: as in :class:`AdversarialModel`.

    Raises:
        ValueError: negative weights, or an encoder whose output size is not latent_dim.

    Example:
    ```python
    gan = keras_gans.models.MRGAN(
        keras_gans.networks.mlp_generator(), keras_gans.networks.mlp_discriminator(),
        keras_gans.networks.mlp_encoder())
    gan.compile()
    gan.fit(keras_gans.data.load("grid25", batch_size=256), epochs=5)
    ```

    Reference: Che et al., "Mode Regularized Generative Adversarial Networks", ICLR 2017.
    """

    loss_names = ("d_loss", "g_loss", "geometric", "mode")

    def __init__(
        self,
        generator,
        discriminator,
        encoder,
        diffusion_discriminator=None,
        geometric_weight=0.2,
        mode_weight=0.4,
        latent_dim=None,
        seed=None,
        **kwargs,
    ):
        super().__init__(generator, discriminator, latent_dim=latent_dim, seed=seed, **kwargs)
        if not isinstance(encoder, keras.Model) or encoder.outputs[0].shape[-1] != self.latent_dim:
            got = (
                encoder.outputs[0].shape
                if isinstance(encoder, keras.Model)
                else type(encoder).__name__
            )
            raise ValueError(
                f"`encoder` must be a keras.Model with {self.latent_dim} outputs (latent_dim). "
                f"Received: {got}"
            )
        for name, value in (("geometric_weight", geometric_weight), ("mode_weight", mode_weight)):
            if float(value) < 0:
                raise ValueError(f"`{name}` must be >= 0. Received: {name}={value}")
        if diffusion_discriminator is None:
            diffusion_discriminator = keras.models.clone_model(discriminator)
            diffusion_discriminator.name = "diffusion_discriminator"
        self.encoder = encoder
        self.diffusion_discriminator = diffusion_discriminator
        self.geometric_weight = float(geometric_weight)
        self.mode_weight = float(mode_weight)

    def _g_variables(self):
        return self.generator.trainable_variables + self.encoder.trainable_variables

    def _d_variables(self):
        return (
            self.discriminator.trainable_variables
            + self.diffusion_discriminator.trainable_variables
        )

    def build_optimizers(self):
        self.g_optimizer.build(self._g_variables())
        self.d_optimizer.build(self._d_variables())

    def discriminator_step(self, real, condition=None):
        """One update of the manifold and diffusion discriminators."""
        z = self.sample_latent(tf.shape(real)[0])
        reconstructed = self.generator(self.encoder(real, training=True), training=True)
        fake = self.generator(z, training=True)
        with tf.GradientTape() as tape:
            manifold = losses.minimax_discriminator_loss(
                self.discriminator(real, training=True),
                self.discriminator(reconstructed, training=True),
            )
            diffusion = losses.minimax_discriminator_loss(
                self.diffusion_discriminator(reconstructed, training=True),
                self.diffusion_discriminator(fake, training=True),
            )
            d_loss = manifold + diffusion
        variables = self._d_variables()
        self.apply_loss_gradients(tape, d_loss, variables, self.d_optimizer)
        return {"d_loss": d_loss}

    def generator_step(self, real, condition=None):
        """One update of G and the encoder: the GAN loss plus both regularizers."""
        z = self.sample_latent(tf.shape(real)[0])
        with tf.GradientTape() as tape:
            reconstructed = self.generator(self.encoder(real, training=True), training=True)
            geometric = losses.geometric_regularizer(real, reconstructed)
            mode = losses.mode_regularizer(self.discriminator(reconstructed, training=True))
            fake_logits = self.diffusion_discriminator(
                self.generator(z, training=True), training=True
            )
            g_loss = losses.non_saturating_generator_loss(fake_logits)
            total = g_loss + self.geometric_weight * geometric + self.mode_weight * mode
        variables = self._g_variables()
        self.apply_loss_gradients(tape, total, variables, self.g_optimizer)
        return {"g_loss": g_loss, "geometric": geometric, "mode": mode}

    def get_config(self):
        config = super().get_config()
        # Through JSON so nested tuples read back equal (a .keras file stores JSON).
        for key in ("encoder", "diffusion_discriminator"):
            config[key] = json.loads(
                json.dumps(keras.saving.serialize_keras_object(getattr(self, key)))
            )
        config.update(geometric_weight=self.geometric_weight, mode_weight=self.mode_weight)
        return config

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        for key in ("encoder", "diffusion_discriminator"):
            if isinstance(config.get(key), dict):
                config[key] = keras.saving.deserialize_keras_object(config[key])
        return super().from_config(config)
