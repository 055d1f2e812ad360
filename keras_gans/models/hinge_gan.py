"""The hinge-loss GAN (SNGAN style)."""

import keras

from keras_gans import losses
from keras_gans.models.critic_steps import check_steps
from keras_gans.models.latent_generator import LatentGenerator


@keras.saving.register_keras_serializable(package="keras_gans")
class HingeGAN(LatentGenerator):
    """The hinge-loss GAN used by SNGAN (Miyato et al. 2018).

    D minimises ``E relu(1 - D(x)) + E relu(1 + D(G(z)))`` and G minimises
    ``-E D(G(z))``. Pair it with a spectrally normalised discriminator
    (``keras_gans.networks.mlp_critic(spectral_norm=True)`` or
    ``dcgan_critic(spectral_norm=True)``), as in SNGAN; any discriminator
    with a linear output works. ``d_steps`` discriminator updates per
    generator update, each on its own slice of the dataset batch (as in
    :class:`GAN`).

    Args:
        generator, discriminator: ``keras.Model``s; D has a linear output.
        latent_dim: size of z (inferred from the generator when None).
        d_steps: discriminator updates per generator update (n_dis = 5 in
            the paper's ResNet experiments).
        seed: seed of the latent sampling.

    Raises:
        ValueError: ``d_steps < 1``.

    Example:
    ```python
    gan = keras_gans.models.HingeGAN(
        keras_gans.networks.mlp_generator(),
        keras_gans.networks.mlp_critic(spectral_norm=True))
    gan.compile()
    gan.fit(keras_gans.data.load("ring8", batch_size=5 * 64), epochs=5)
    ```

    Reference: Miyato et al., "Spectral Normalization for Generative Adversarial
    Networks", ICLR 2018; Lim & Ye, "Geometric GAN", 2017.
    """

    def __init__(self, generator, discriminator, latent_dim=None, d_steps=5, seed=None, **kwargs):
        d_steps = check_steps("d_steps", d_steps)
        super().__init__(generator, discriminator, latent_dim=latent_dim, seed=seed, **kwargs)
        self.d_steps = d_steps

    g_adam = d_adam = {"learning_rate": 2e-4, "beta_1": 0.0, "beta_2": 0.9}  # SNGAN, ResNet setting

    def discriminator_losses(self, real, fake, condition=None):
        """``E relu(1 - D(x)) + E relu(1 + D(G(z)))``."""
        d_loss = losses.hinge_discriminator_loss(
            self.discriminator(real, training=True), self.discriminator(fake, training=True)
        )
        return {"d_loss": d_loss}

    def generator_losses(self, fake, condition=None):
        """``-E D(G(z))``."""
        return {"g_loss": losses.hinge_generator_loss(self.discriminator(fake, training=True))}
