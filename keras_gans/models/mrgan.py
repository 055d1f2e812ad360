"""Mode-regularized GAN (MRGAN / MDGAN): an encoder ties every real mode to the generator."""

import keras
import tensorflow as tf

from keras_gans import losses
from keras_gans.models.latent_generator import LatentGenerator


@keras.saving.register_keras_serializable(package="keras_gans")
class MRGAN(LatentGenerator):
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
        latent_dim, seed: as in :class:`LatentGenerator`.

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

    def generator_variables(self):
        return self.generator.trainable_variables + self.encoder.trainable_variables

    def discriminator_variables(self):
        return self.discriminator.trainable_variables + self.diffusion_discriminator.trainable_variables

    def discriminator_step(self, real, condition=None):
        """One update of the manifold and diffusion discriminators."""
        z = self.sample_latent(tf.shape(real)[0])
        reconstructed = self.generator(self.encoder(real, training=True), training=True)
        fake = self.generator(z, training=True)

        def d_losses():
            manifold = losses.minimax_discriminator_loss(
                self.discriminator(real, training=True), self.discriminator(reconstructed, training=True)
            )
            diffusion = losses.minimax_discriminator_loss(
                self.diffusion_discriminator(reconstructed, training=True),
                self.diffusion_discriminator(fake, training=True),
            )
            return {"d_loss": manifold + diffusion}

        return self.minimize("discriminator", d_losses)

    def generator_step(self, real, condition=None):
        """One update of G and the encoder: the GAN loss plus both regularizers."""
        z = self.sample_latent(tf.shape(real)[0])

        def g_losses():
            reconstructed = self.generator(self.encoder(real, training=True), training=True)
            geometric = losses.geometric_regularizer(real, reconstructed)
            mode = losses.mode_regularizer(self.discriminator(reconstructed, training=True))
            fake_logits = self.diffusion_discriminator(self.generator(z, training=True), training=True)
            g_loss = losses.non_saturating_generator_loss(fake_logits)
            total = g_loss + self.geometric_weight * geometric + self.mode_weight * mode
            return {"g_loss": g_loss, "geometric": geometric, "mode": mode, "total": total}

        return self.minimize("generator", g_losses, objective="total")
