"""Least Squares GAN."""

import keras

from keras_gans import losses
from keras_gans.models.critic_steps import check_steps
from keras_gans.models.latent_generator import LatentGenerator


@keras.saving.register_keras_serializable(package="keras_gans")
class LSGAN(LatentGenerator):
    """The least-squares GAN of Mao et al. (2017).

    The discriminator has a linear output and is fitted by least squares to
    target ``b`` on real and ``a`` on generated data; the generator pulls
    ``D(G(z))`` towards ``c``. The defaults are the paper's 0-1 coding
    (Eq. 9: a=0, b=c=1, used in its experiments); ``a=-1, b=1, c=0`` (Eq. 8)
    makes the objective the Pearson chi-square divergence.

    Args:
        generator, discriminator: ``keras.Model``s; D has a linear output.
        latent_dim: size of z (inferred from the generator when None).
        a: target of D on generated data.
        b: target of D on real data.
        c: the value G wants D to give its samples.
        d_steps: discriminator updates per generator update; the dataset
            batch is split into ``d_steps`` slices, as in :class:`GAN`.
        seed: seed of the latent sampling.

    Raises:
        ValueError: ``a == b`` (D has nothing to separate) or ``d_steps < 1``.

    Example:
    ```python
    lsgan = keras_gans.models.LSGAN(
        keras_gans.networks.mlp_generator(), keras_gans.networks.mlp_discriminator())
    lsgan.compile()  # Adam(2e-4, beta_1=0.5) for both networks
    lsgan.fit(keras_gans.data.load("ring8", batch_size=256), epochs=5)
    ```

    Reference: Mao et al., "Least Squares Generative Adversarial Networks", ICCV 2017.
    """

    def __init__(
        self, generator, discriminator, latent_dim=None, a=0.0, b=1.0, c=1.0, d_steps=1,
        seed=None, **kwargs,
    ):
        if float(a) == float(b):
            raise ValueError(f"`a` and `b` must differ. Received: a={a}, b={b}")
        d_steps = check_steps("d_steps", d_steps)
        super().__init__(generator, discriminator, latent_dim=latent_dim, seed=seed, **kwargs)
        self.a, self.b, self.c = float(a), float(b), float(c)
        self.d_steps = d_steps

    def discriminator_losses(self, real, fake, condition=None):
        """Least squares to ``b`` on real and ``a`` on generated data."""
        d_loss = losses.least_squares_discriminator_loss(
            self.discriminator(real, training=True), self.discriminator(fake, training=True),
            a=self.a, b=self.b,
        )
        return {"d_loss": d_loss}

    def generator_losses(self, fake, condition=None):
        """Least squares of ``D(G(z))`` to ``c``."""
        return {"g_loss": losses.least_squares_generator_loss(self.discriminator(fake, training=True), c=self.c)}
