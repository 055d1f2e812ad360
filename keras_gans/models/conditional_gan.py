"""The conditional GAN: the label is fed to both the generator and the discriminator."""

import keras

from keras_gans import losses
from keras_gans.models.adversarial_model import check_arity
from keras_gans.models.label_conditioned import LabelConditionedModel

# loss name -> (discriminator loss, generator loss); all take logits of D(x | y).
CONDITIONAL_LOSSES = {
    "non_saturating": (losses.minimax_discriminator_loss, losses.non_saturating_generator_loss),
    "minimax": (losses.minimax_discriminator_loss, losses.minimax_generator_loss),
    "hinge": (losses.hinge_discriminator_loss, losses.hinge_generator_loss),
}


@keras.saving.register_keras_serializable(package="keras_gans")
class ConditionalGAN(LabelConditionedModel):
    """Conditional GAN: ``min_G max_D E log D(x|y) + E log(1 - D(G(z|y)|y))``.

    The generator takes ``[z, label]`` and the discriminator ``[x, label]``;
    how the label enters D (concatenated to its input, or a projection head)
    is the network's business: see ``conditional_dcgan_discriminator`` and
    ``conditional_mlp_discriminator`` (``conditioning="concat" | "projection"``).
    Each step pairs the batch's real labels with fresh z, so generated
    labels follow the data's label distribution.

    Args:
        generator: ``[z, label] -> x``.
        discriminator: ``[x, label] -> logits``.
        num_classes: number of label values (labels are 0..K-1).
        latent_dim: size of z (inferred from the generator when None).
        loss: 'non_saturating' (default), 'minimax' or 'hinge' (the usual
            partner of the projection discriminator).
        seed: seed of the latent sampling.

    Raises:
        ValueError: unknown ``loss``, ``num_classes`` < 2, or networks that do not
            take ``[x, label]`` inputs.

    Example:
    ```python
    g = keras_gans.networks.conditional_mlp_generator(num_classes=8)
    d = keras_gans.networks.conditional_mlp_discriminator(num_classes=8)
    cgan = keras_gans.models.ConditionalGAN(g, d, num_classes=8)
    cgan.compile()
    cgan.fit(keras_gans.data.load("ring8", batch_size=256, with_labels=True), epochs=5)
    points = cgan.generate(100, labels=3, seed=0)  # all near mode 3
    ```

    Reference: Mirza & Osindero, "Conditional Generative Adversarial Nets",
    arXiv:1411.1784, 2014; Miyato & Koyama, "cGANs with Projection
    Discriminator", ICLR 2018 (the projection option).
    """

    config_aliases = {"loss": "loss_name"}  # keras.Model owns `loss`

    def __init__(
        self, generator, discriminator, num_classes=10, latent_dim=None, loss="non_saturating", seed=None, **kwargs
    ):
        if loss not in CONDITIONAL_LOSSES:
            raise ValueError(
                f"`loss` must be one of {sorted(CONDITIONAL_LOSSES)}. Received: loss={loss!r}"
            )
        check_arity(discriminator, "inputs", 2, "ConditionalGAN needs a discriminator with inputs [x, label].")
        super().__init__(generator, discriminator, num_classes, latent_dim=latent_dim, seed=seed, **kwargs)
        self.loss_name = loss

    def discriminator_losses(self, real, fake, labels):
        """The loss of ``D([x, y])`` on real and generated samples of the batch's labels."""
        d_loss_fn, _ = CONDITIONAL_LOSSES[self.loss_name]
        d_loss = d_loss_fn(
            self.discriminator([real, labels], training=True),
            self.discriminator([fake, labels], training=True),
        )
        return {"d_loss": d_loss}

    def generator_losses(self, fake, labels):
        """The generator loss of ``D([G(z, y), y])``."""
        _, g_loss_fn = CONDITIONAL_LOSSES[self.loss_name]
        return {"g_loss": g_loss_fn(self.discriminator([fake, labels], training=True))}
