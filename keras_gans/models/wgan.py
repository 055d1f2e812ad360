"""Wasserstein GAN with weight clipping."""

import keras
import tensorflow as tf

from keras_gans import losses
from keras_gans.models.critic_steps import check_steps
from keras_gans.models.latent_generator import LatentGenerator


@keras.saving.register_keras_serializable(package="keras_gans")
class WGAN(LatentGenerator):
    """The Wasserstein GAN of Arjovsky et al. (2017), Algorithm 1.

    The critic (no sigmoid) maximises ``E D(x) - E D(G(z))``; after every
    critic update all its weights are clipped to ``[-clip_value, clip_value]``
    so that it stays in a family of K-Lipschitz functions. Each ``train_step``
    runs ``n_critic`` critic updates, each on its own slice of the dataset
    batch (a batch of ``n_critic * m`` gives minibatches of m, as in
    :class:`GAN`), then one generator update.

    Args:
        generator, discriminator: ``keras.Model``s; the discriminator is the
            critic: a linear output, no sigmoid.
        latent_dim: size of z (inferred from the generator when None).
        clip_value: c, the weight-clipping bound (0.01 in the paper).
        n_critic: critic updates per generator update (5 in the paper).
        seed: seed of the latent sampling.

    Raises:
        ValueError: ``clip_value <= 0`` or ``n_critic < 1``.

    Example:
    ```python
    wgan = keras_gans.models.WGAN(
        keras_gans.networks.mlp_generator(), keras_gans.networks.mlp_discriminator())
    wgan.compile()  # RMSprop(5e-5) for both networks
    wgan.fit(keras_gans.data.load("ring8", batch_size=5 * 64), epochs=5)
    ```

    Reference: Arjovsky, Chintala & Bottou, "Wasserstein GAN", ICML 2017.
    """

    loss_names = ("d_loss", "g_loss", "wasserstein")

    def __init__(
        self, generator, discriminator, latent_dim=None, clip_value=0.01, n_critic=5, seed=None,
        **kwargs,
    ):
        if not float(clip_value) > 0.0:
            raise ValueError(f"`clip_value` must be positive. Received: clip_value={clip_value}")
        n_critic = check_steps("n_critic", n_critic)
        super().__init__(generator, discriminator, latent_dim=latent_dim, seed=seed, **kwargs)
        self.clip_value = float(clip_value)
        self.n_critic = n_critic

    def default_g_optimizer(self):
        """RMSprop(5e-5), Algorithm 1 of the paper (momentum-free on purpose)."""
        return keras.optimizers.RMSprop(5e-5)

    def default_d_optimizer(self):
        """RMSprop(5e-5), Algorithm 1 of the paper."""
        return keras.optimizers.RMSprop(5e-5)

    def clip_weights(self):
        """Clips every critic weight to ``[-clip_value, clip_value]``."""
        for variable in self.discriminator.trainable_variables:
            variable.assign(tf.clip_by_value(variable, -self.clip_value, self.clip_value))

    def discriminator_step(self, real, condition=None):
        """One critic update followed by weight clipping; returns its logs."""
        logs = super().discriminator_step(real, condition)
        self.clip_weights()
        return logs

    def discriminator_losses(self, real, fake, condition=None):
        """``E D(G(z)) - E D(x)``; its negative estimates the Wasserstein distance (up to K)."""
        d_loss = losses.wasserstein_discriminator_loss(
            self.discriminator(real, training=True), self.discriminator(fake, training=True)
        )
        return {"d_loss": d_loss, "wasserstein": -d_loss}

    def generator_losses(self, fake, condition=None):
        """``-E D(G(z))``."""
        return {"g_loss": losses.wasserstein_generator_loss(self.discriminator(fake, training=True))}
