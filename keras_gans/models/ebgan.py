"""Energy-based GAN with an autoencoder discriminator."""

import keras
import tensorflow as tf

from keras_gans import losses
from keras_gans.models.critic_steps import check_non_negative
from keras_gans.models.critic_steps import check_steps
from keras_gans.models.latent_generator import LatentGenerator


@keras.saving.register_keras_serializable(package="keras_gans")
class EBGAN(LatentGenerator):
    """The energy-based GAN of Zhao et al. (2017).

    The discriminator is an autoencoder; the energy of an example is its
    reconstruction error (:func:`keras_gans.losses.reconstruction_energy`).
    D lowers the energy of real data and raises that of generated data up to
    the margin m: ``E D(x) + E max(0, m - D(G(z)))``; G lowers the energy of
    its samples, ``E D(G(z))``, plus ``pt_weight`` times the pulling-away
    term on the autoencoder codes of a generated batch (EBGAN-PT).

    Args:
        generator: ``keras.Model`` ``z -> x``.
        discriminator: an autoencoder ``x -> reconstruction`` or
            ``x -> [reconstruction, code]`` (e.g.
            :func:`keras_gans.networks.mlp_autoencoder`); the code is needed
            when ``pt_weight > 0``.
        latent_dim: size of z (inferred from the generator when None).
        margin: m > 0, in units of the per-example mean squared error.
        pt_weight: weight of the pulling-away term (0.1 in the paper's
            EBGAN-PT; 0 turns it off).
        d_steps: discriminator updates per generator update (dataset batch
            split into slices, as in :class:`GAN`).
        seed: seed of the latent sampling.

    Raises:
        ValueError: non-positive ``margin``, negative ``pt_weight``,
            ``d_steps < 1``, or ``pt_weight > 0`` with a discriminator that
            has no code output.

    Example:
    ```python
    ebgan = keras_gans.models.EBGAN(
        keras_gans.networks.mlp_generator(), keras_gans.networks.mlp_autoencoder(),
        margin=1.0, pt_weight=0.1)
    ebgan.compile()  # Adam(2e-4, beta_1=0.5)
    ebgan.fit(keras_gans.data.load("ring8", batch_size=256), epochs=5)
    ```

    Reference: Zhao, Mathieu & LeCun, "Energy-based Generative Adversarial
    Network", ICLR 2017.
    """

    loss_names = ("d_loss", "g_loss", "real_energy", "fake_energy")

    def __init__(
        self, generator, discriminator, latent_dim=None, margin=1.0, pt_weight=0.0, d_steps=1,
        seed=None, **kwargs,
    ):
        if not float(margin) > 0.0:
            raise ValueError(f"`margin` must be positive. Received: margin={margin}")
        pt_weight = check_non_negative("pt_weight", pt_weight)
        d_steps = check_steps("d_steps", d_steps)
        num_outputs = len(getattr(discriminator, "outputs", None) or [None])
        if num_outputs not in (1, 2):
            raise ValueError(
                "The EBGAN discriminator must output a reconstruction or [reconstruction, code]. "
                f"Received a discriminator with {num_outputs} outputs."
            )
        if pt_weight > 0 and num_outputs != 2:
            raise ValueError(
                "`pt_weight` > 0 needs a discriminator returning [reconstruction, code] "
                f"(e.g. keras_gans.networks.mlp_autoencoder). Received: pt_weight={pt_weight} "
                "with a single-output discriminator."
            )
        super().__init__(generator, discriminator, latent_dim=latent_dim, seed=seed, **kwargs)
        self.margin = float(margin)
        self.pt_weight = pt_weight
        self.d_steps = d_steps

    def autoencode(self, x, training):
        """Returns ``(energy, code or None)`` of a batch."""
        outputs = self.discriminator(x, training=training)
        if isinstance(outputs, (list, tuple)):
            reconstruction, code = outputs
        else:
            reconstruction, code = outputs, None
        return losses.reconstruction_energy(x, reconstruction), code

    def discriminator_losses(self, real, fake, condition=None):
        """``E D(x) + E max(0, m - D(G(z)))``, with both mean energies for the logs."""
        real_energy, _ = self.autoencode(real, training=True)
        fake_energy, _ = self.autoencode(fake, training=True)
        return {
            "d_loss": losses.energy_discriminator_loss(real_energy, fake_energy, self.margin),
            "real_energy": tf.reduce_mean(real_energy),
            "fake_energy": tf.reduce_mean(fake_energy),
        }

    def generator_losses(self, fake, condition=None):
        """``E D(G(z))``, plus ``pt_weight`` times the pulling-away term of the codes."""
        fake_energy, code = self.autoencode(fake, training=True)
        g_loss = losses.energy_generator_loss(fake_energy)
        if self.pt_weight > 0:
            g_loss += self.pt_weight * losses.pulling_away_term(code)
        return {"g_loss": g_loss}
