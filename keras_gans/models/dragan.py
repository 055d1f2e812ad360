"""DRAGAN: the GAN with a gradient penalty around perturbed real data."""

import keras
import tensorflow as tf

from keras_gans import losses
from keras_gans.losses.penalties import interpolation_shape
from keras_gans.models.adversarial_model import global_std
from keras_gans.models.adversarial_model import replica_seed
from keras_gans.models.critic_steps import check_non_negative
from keras_gans.models.critic_steps import check_steps
from keras_gans.models.latent_generator import LatentGenerator


@keras.saving.register_keras_serializable(package="keras_gans")
class DRAGAN(LatentGenerator):
    """DRAGAN of Kodali et al. (2017).

    The discriminator minimises the usual GAN loss plus
    ``lambda * E (||grad D(x + delta)|| - 1)^2`` where ``x + delta`` lies in
    a neighbourhood of the real data
    (:func:`keras_gans.losses.perturbed_gradient_penalty`), which keeps D
    from forming sharp gradients around the real modes (the local
    equilibria associated with mode collapse). The generator uses the
    non-saturating loss.

    Args:
        generator, discriminator: ``keras.Model``s; D returns logits.
        latent_dim: size of z (inferred from the generator when None).
        gp_weight: lambda (10 in the paper).
        perturbation_scale: the neighbourhood size in units of the batch
            standard deviation (0.5 in the reference code).
        d_steps: discriminator updates per generator update (dataset batch
            split into slices, as in :class:`GAN`).
        seed: seed of the latent sampling and of the perturbations.

    Raises:
        ValueError: negative ``gp_weight``/``perturbation_scale`` or ``d_steps < 1``.

    Example:
    ```python
    dragan = keras_gans.models.DRAGAN(
        keras_gans.networks.mlp_generator(), keras_gans.networks.mlp_discriminator())
    dragan.compile()
    dragan.fit(keras_gans.data.load("ring8", batch_size=256), epochs=5)
    ```

    Reference: Kodali et al., "On Convergence and Stability of GANs", arXiv:1705.07215, 2017.
    """

    loss_names = ("d_loss", "g_loss", "gradient_penalty")

    def __init__(
        self, generator, discriminator, latent_dim=None, gp_weight=10.0, perturbation_scale=0.5,
        d_steps=1, seed=None, **kwargs,
    ):
        gp_weight = check_non_negative("gp_weight", gp_weight)
        perturbation_scale = check_non_negative("perturbation_scale", perturbation_scale)
        d_steps = check_steps("d_steps", d_steps)
        super().__init__(generator, discriminator, latent_dim=latent_dim, seed=seed, **kwargs)
        self.gp_weight = gp_weight
        self.perturbation_scale = perturbation_scale
        self.d_steps = d_steps

    g_adam = d_adam = {"learning_rate": 1e-4, "beta_1": 0.5, "beta_2": 0.9}  # as in the authors' code

    def sample_perturbation(self, real):
        """``alpha * U[0, 1)`` noise of the shape of ``real``, ``alpha ~ U[0, 1]`` per example.

        The penalty point is ``x + scale * std(x) * sample_perturbation(x)``.
        Folded with the replica id like ``sample_latent``; a method of its own
        so a distributed test can pin it.
        """
        noise = tf.random.stateless_uniform(tf.shape(real), seed=replica_seed(self.seed_generator))
        alpha = tf.random.stateless_uniform(
            interpolation_shape(real), seed=replica_seed(self.seed_generator)
        )
        return alpha * noise

    def discriminator_losses(self, real, fake, condition=None):
        """The GAN loss plus ``gp_weight`` times the penalty around perturbed real data."""
        gan_loss = losses.minimax_discriminator_loss(
            self.discriminator(real, training=True), self.discriminator(fake, training=True)
        )
        offsets = self.perturbation_scale * global_std(real) * self.sample_perturbation(real)
        penalty = losses.perturbed_gradient_penalty(self.discriminator, real, perturbation=offsets)
        return {"d_loss": gan_loss + self.gp_weight * penalty, "gradient_penalty": penalty}

    def generator_losses(self, fake, condition=None):
        """The non-saturating generator loss."""
        return {"g_loss": losses.non_saturating_generator_loss(self.discriminator(fake, training=True))}
