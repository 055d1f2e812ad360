"""The original GAN objective and DCGAN."""

import keras

from keras_gans import losses
from keras_gans import networks
from keras_gans.models.latent_generator import LatentGenerator

GENERATOR_LOSSES = {
    "non_saturating": losses.non_saturating_generator_loss,
    "minimax": losses.minimax_generator_loss,
}


@keras.saving.register_keras_serializable(package="keras_gans")
class GAN(LatentGenerator):
    """The GAN of Goodfellow et al. (2014), Algorithm 1.

    Each ``train_step`` performs ``d_steps`` discriminator updates and one
    generator update. The dataset batch is split into ``d_steps`` equal
    slices so every discriminator update sees a fresh real minibatch (as in
    Algorithm 1); a dataset batch of ``d_steps * m`` gives minibatches of m.

    Args:
        generator, discriminator: ``keras.Model``s; D returns logits.
        latent_dim: size of z (inferred from the generator when None).
        loss: 'non_saturating' (``-log D(G(z))``, the default used in practice)
            or 'minimax' (``log(1 - D(G(z)))``, the game's value function).
        d_steps: discriminator updates per generator update (k in Algorithm 1).
        label_smoothing: one-sided label smoothing of the real target.
        seed: seed of the latent sampling.

    Example:
    ```python
    gan = keras_gans.models.GAN(
        keras_gans.networks.mlp_generator(), keras_gans.networks.mlp_discriminator())
    gan.compile()
    gan.fit(keras_gans.data.load("ring8", batch_size=256), epochs=5, steps_per_epoch=100)
    ```

    Reference: Goodfellow et al., "Generative Adversarial Nets", NeurIPS 2014.
    """

    config_aliases = {"loss": "loss_name"}  # keras.Model owns `loss`

    def __init__(
        self,
        generator,
        discriminator,
        latent_dim=None,
        loss="non_saturating",
        d_steps=1,
        label_smoothing=0.0,
        seed=None,
        **kwargs,
    ):
        if loss not in GENERATOR_LOSSES:
            raise ValueError(
                f"`loss` must be one of {sorted(GENERATOR_LOSSES)}. Received: loss={loss!r}"
            )
        if int(d_steps) < 1:
            raise ValueError(f"`d_steps` must be >= 1. Received: d_steps={d_steps}")
        if not 0.0 <= float(label_smoothing) < 1.0:
            raise ValueError(
                f"`label_smoothing` must be in [0, 1). Received: label_smoothing={label_smoothing}"
            )
        super().__init__(generator, discriminator, latent_dim=latent_dim, seed=seed, **kwargs)
        self.loss_name = loss
        self.d_steps = int(d_steps)
        self.label_smoothing = float(label_smoothing)

    def discriminator_losses(self, real, fake, condition=None):
        """``-log D(x) - log(1 - D(G(z)))``, with the real target smoothed."""
        d_loss = losses.minimax_discriminator_loss(
            self.discriminator(real, training=True),
            self.discriminator(fake, training=True),
            label_smoothing=self.label_smoothing,
        )
        return {"d_loss": d_loss}

    def generator_losses(self, fake, condition=None):
        """The non-saturating or the minimax generator loss."""
        return {"g_loss": GENERATOR_LOSSES[self.loss_name](self.discriminator(fake, training=True))}


@keras.saving.register_keras_serializable(package="keras_gans")
class DCGAN(GAN):
    """DCGAN: the non-saturating GAN with the DCGAN networks.

    Builds both networks from ``image_shape`` when they are not given.

    Args:
        image_shape: (28, 28, 1|3), (32, 32, 3) or (64, 64, 3).
        latent_dim: size of z (100 in the paper).
        generator, discriminator: optional replacements for the DCGAN nets.
        **kwargs: passed to :class:`GAN` (``loss``, ``d_steps``, ``seed``, ...).

    Example:
    ```python
    gan = keras_gans.models.DCGAN(image_shape=(28, 28, 1), latent_dim=100)
    gan.compile()  # Adam(2e-4, beta_1=0.5) for both networks
    gan.fit(keras_gans.data.load("mnist_5k", batch_size=64), epochs=5)
    images = gan.generate(16, seed=0)
    ```

    Reference: Radford et al., "Unsupervised Representation Learning with
    Deep Convolutional Generative Adversarial Networks", ICLR 2016.
    """

    def __init__(self, image_shape=(28, 28, 1), latent_dim=100, generator=None, discriminator=None, **kwargs):
        image_shape = tuple(int(d) for d in image_shape)
        if generator is None:
            generator = networks.dcgan_generator(image_shape, latent_dim)
        if discriminator is None:
            discriminator = networks.dcgan_discriminator(image_shape)
        super().__init__(generator, discriminator, latent_dim=latent_dim, **kwargs)
        self.image_shape = image_shape
