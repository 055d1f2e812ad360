"""ACGAN: a conditional generator against a discriminator with an auxiliary classifier."""

import keras

from keras_gans import losses
from keras_gans.models.adversarial_model import check_arity
from keras_gans.models.label_conditioned import LabelConditionedModel


@keras.saving.register_keras_serializable(package="keras_gans")
class ACGAN(LabelConditionedModel):
    """Auxiliary Classifier GAN (Odena et al. 2017).

    The generator takes ``[z, label]``; the discriminator sees only the image
    and returns ``[source_logits, class_logits]``. D maximises
    ``L_S + L_C`` (correct source, correct class on real and fake) and G
    maximises ``L_C - L_S`` (with the non-saturating source term), see
    :func:`keras_gans.losses.acgan_discriminator_loss`.

    Args:
        generator: ``[z, label] -> x``.
        discriminator: ``x -> [logits (batch, 1), class_logits (batch, K)]``,
            e.g. ``auxiliary_dcgan_discriminator`` or ``auxiliary_mlp_discriminator``.
        num_classes: K.
        latent_dim: size of z (inferred from the generator when None).
        class_weight: weight of the class log-likelihood in both losses.
        classify_fakes: train D's classifier on generated images too (the
            paper's ``L_C``). With False it learns from real images only, so
            it cannot learn to accept G's wrong digits as the requested class.
        seed: seed of the latent sampling.

    Raises:
        ValueError: ``class_weight`` < 0, ``num_classes`` < 2, or a discriminator
            without two outputs.

    Example:
    ```python
    acgan = keras_gans.models.ACGAN(
        keras_gans.networks.conditional_dcgan_generator(num_classes=10),
        keras_gans.networks.auxiliary_dcgan_discriminator(num_classes=10), num_classes=10)
    acgan.compile()
    acgan.fit(keras_gans.data.load("mnist_5k", with_labels=True), epochs=5)
    sevens = acgan.generate(16, labels=7, seed=0)
    ```

    Reference: Odena, Olah & Shlens, "Conditional Image Synthesis with
    Auxiliary Classifier GANs", ICML 2017.
    """

    # real_class_loss: how well D classifies real data (the signal G learns labels from).
    loss_names = ("d_loss", "g_loss", "real_class_loss")

    def __init__(
        self, generator, discriminator, num_classes=10, latent_dim=None, class_weight=1.0, classify_fakes=True,
        seed=None, **kwargs,
    ):
        if float(class_weight) < 0:
            raise ValueError(f"`class_weight` must be >= 0. Received: class_weight={class_weight}")
        check_arity(discriminator, "outputs", 2, "ACGAN needs a discriminator with two outputs [logits, class_logits].")
        super().__init__(generator, discriminator, num_classes, latent_dim=latent_dim, seed=seed, **kwargs)
        self.class_weight = float(class_weight)
        self.classify_fakes = bool(classify_fakes)

    def discriminator_losses(self, real, fake, labels):
        """The source and class losses of D; reports the class loss on real data too."""
        real_logits, real_class_logits = self.discriminator(real, training=True)
        fake_logits, fake_class_logits = self.discriminator(fake, training=True)
        d_loss = losses.acgan_discriminator_loss(
            real_logits,
            fake_logits,
            real_class_logits,
            labels,
            fake_class_logits if self.classify_fakes else None,
            labels,
            class_weight=self.class_weight,
        )
        return {"d_loss": d_loss, "real_class_loss": losses.class_cross_entropy(real_class_logits, labels)}

    def generator_losses(self, fake, labels):
        """The source loss of the fakes plus ``class_weight`` times their class loss."""
        fake_logits, fake_class_logits = self.discriminator(fake, training=True)
        g_loss = losses.acgan_generator_loss(
            fake_logits, fake_class_logits, labels, class_weight=self.class_weight
        )
        return {"g_loss": g_loss}
