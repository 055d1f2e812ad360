"""Wasserstein GAN with gradient penalty."""

import keras

from keras_gans import losses
from keras_gans.models.critic_steps import check_non_negative
from keras_gans.models.critic_steps import check_steps
from keras_gans.models.latent_generator import LatentGenerator


@keras.saving.register_keras_serializable(package="keras_gans")
class WGANGP(LatentGenerator):
    """WGAN-GP of Gulrajani et al. (2017), Algorithm 1.

    The critic loss is ``E D(G(z)) - E D(x) + lambda * E (||grad D(x_hat)|| - 1)^2``
    with ``x_hat`` a per-example uniform interpolate between a real and a
    generated example (:func:`keras_gans.losses.gradient_penalty`). The
    penalty is per example, so the critic must not use BatchNorm: use
    :func:`keras_gans.networks.mlp_critic` / :func:`~keras_gans.networks.dcgan_critic`
    (LayerNorm) or a plain MLP. ``n_critic`` critic updates per generator
    update, each on its own slice of the dataset batch (as in :class:`GAN`).

    Args:
        generator, discriminator: ``keras.Model``s; the critic (discriminator)
            has a linear output and no BatchNorm.
        latent_dim: size of z (inferred from the generator when None).
        gp_weight: lambda (10 in the paper).
        n_critic: critic updates per generator update (5 in the paper).
        seed: seed of the latent sampling and of the interpolation factors.

    Raises:
        ValueError: negative ``gp_weight``, ``n_critic < 1``, or a critic
            containing BatchNormalization.

    Example:
    ```python
    wgan = keras_gans.models.WGANGP(
        keras_gans.networks.mlp_generator(),
        keras_gans.networks.mlp_critic(normalization="layer"))
    wgan.compile()  # for both networks
    wgan.fit(keras_gans.data.load("grid25", batch_size=5 * 64), epochs=5)
    ```

    Reference: Gulrajani et al., "Improved Training of Wasserstein GANs", NeurIPS 2017.
    """

    loss_names = ("d_loss", "g_loss", "wasserstein", "gradient_penalty")

    def __init__(
        self, generator, discriminator, latent_dim=None, gp_weight=10.0, n_critic=5, seed=None,
        **kwargs,
    ):
        gp_weight = check_non_negative("gp_weight", gp_weight)
        n_critic = check_steps("n_critic", n_critic)
        batch_norms = [
            layer.name
            for layer in getattr(discriminator, "_flatten_layers", lambda: [])()
            if isinstance(layer, keras.layers.BatchNormalization)
        ]
        if batch_norms:
            raise ValueError(
                "The WGAN-GP critic must not use BatchNormalization (the gradient penalty is "
                "per example); use keras_gans.networks.mlp_critic/dcgan_critic. "
                f"Received a discriminator with BatchNormalization layers {batch_norms}"
            )
        super().__init__(generator, discriminator, latent_dim=latent_dim, seed=seed, **kwargs)
        self.gp_weight = gp_weight
        self.n_critic = n_critic

    g_adam = d_adam = {"learning_rate": 1e-4, "beta_1": 0.0, "beta_2": 0.9}  # Algorithm 1 of the paper

    def discriminator_losses(self, real, fake, condition=None):
        """The Wasserstein critic loss plus ``gp_weight`` times the gradient penalty."""
        w_loss = losses.wasserstein_discriminator_loss(
            self.discriminator(real, training=True), self.discriminator(fake, training=True)
        )
        penalty = losses.gradient_penalty(
            self.discriminator, real, fake, alpha=self.sample_interpolation(real)
        )
        return {
            "d_loss": w_loss + self.gp_weight * penalty, "wasserstein": -w_loss, "gradient_penalty": penalty,
        }

    def generator_losses(self, fake, condition=None):
        """``-E D(G(z))``."""
        return {"g_loss": losses.wasserstein_generator_loss(self.discriminator(fake, training=True))}
