"""pix2pix: paired image-to-image translation with a conditional GAN and L1."""

import keras

from keras_gans import losses
from keras_gans import networks
from keras_gans.models import translation_io
from keras_gans.models.adversarial_model import BatchPart
from keras_gans.models.translator import Translator


@keras.saving.register_keras_serializable(package="keras_gans")
class Pix2Pix(Translator):
    """pix2pix: ``G: x -> y`` trained with a conditional PatchGAN and an L1 loss.

    The discriminator judges *pairs*: ``D([x, y])`` should say real and
    ``D([x, G(x)])`` fake, so G must produce an output that fits its input,
    not just any realistic image. G minimises
    ``gan_weight * L_cGAN + l1_weight * E|y - G(x)|`` (lambda = 100); the L1
    term gets the low frequencies right, the patch discriminator the high
    frequencies. D's loss is halved, as in the paper, to slow D relative to G.
    Setting ``gan_weight=0`` gives the paper's "L1 only" and ``l1_weight=0``
    its "cGAN only" ablations.

    There is no z (and no ``latent_dim``): pix2pix's noise is the generator's
    dropout, which the paper keeps on at test time
    (``translate(images, noise=True)``). Batches are
    ``(input_images, target_images)`` pairs.

    Args:
        generator: image -> image ``keras.Model`` (e.g. ``networks.unet_generator``).
        discriminator: ``[condition, image] -> logits`` (e.g. a conditional
            ``networks.patchgan_discriminator``).
        l1_weight: lambda of the L1 term (100).
        gan_weight: weight of the adversarial term (1).
        seed: seed of the model's random draws.

    Raises:
        ValueError: negative weights, both weights zero, or a discriminator
            that does not take two inputs.

    Example:
    ```python
    model = keras_gans.models.Pix2Pix(
        keras_gans.networks.unet_generator(1, 1, depth=5),
        keras_gans.networks.patchgan_discriminator(1, 1, num_downsampling=2))
    model.compile()  # Adam(2e-4, beta_1=0.5) for both
    model.fit(keras_gans.data.load_paired("edges2digits", batch_size=32), epochs=5)
    digits = model.translate(edges)
    ```

    Reference: Isola et al., "Image-to-Image Translation with Conditional
    Adversarial Networks", CVPR 2017.
    """

    loss_names = ("d_loss", "g_loss", "gan_loss", "l1_loss")

    def __init__(
        self, generator, discriminator, l1_weight=100.0, gan_weight=1.0, seed=None, **kwargs
    ):
        if float(l1_weight) < 0 or float(gan_weight) < 0 or float(l1_weight) + float(gan_weight) == 0:
            raise ValueError(
                "`l1_weight` and `gan_weight` must be >= 0 and not both 0. "
                f"Received: l1_weight={l1_weight}, gan_weight={gan_weight}"
            )
        if isinstance(discriminator, keras.Model) and len(getattr(discriminator, "inputs", []) or []) != 2:
            raise ValueError(
                "The pix2pix discriminator must take two inputs [condition, image]. "
                f"Received a discriminator with {len(discriminator.inputs or [])} input(s)."
            )
        super().__init__(generator, discriminator, seed=seed, **kwargs)
        self.l1_weight = float(l1_weight)
        self.gan_weight = float(gan_weight)

    def batch_parts(self):
        """``(input_images, target_images)``: the generator's input and output shapes."""
        return (
            BatchPart("input_images", tuple(self.generator.inputs[0].shape[1:])),
            BatchPart("target_images", tuple(self.generator.outputs[0].shape[1:])),
        )

    def adversarial_updates(self, inputs, targets):
        """D first, then G, on the same G forward pass (the paper's update order)."""

        def d_losses(fake):
            real_logits = self.discriminator([inputs, targets], training=True)
            fake_logits = self.discriminator([inputs, fake], training=True)
            return {"d_loss": 0.5 * losses.minimax_discriminator_loss(real_logits, fake_logits)}

        def g_losses(fake):
            gan_loss = losses.non_saturating_generator_loss(self.discriminator([inputs, fake], training=True))
            l1 = losses.l1_loss(targets, fake)
            return {"g_loss": self.gan_weight * gan_loss + self.l1_weight * l1, "gan_loss": gan_loss, "l1_loss": l1}

        return self.shared_forward_updates(lambda: self.generator(inputs, training=True), d_losses, g_losses)

    def translate(self, images, noise=False, batch_size=64):
        """Translates ``images`` (N, H, W, C) in [-1, 1]; H and W multiples of the stride.

        Args:
            images: input images.
            noise: keep dropout on (pix2pix's test-time noise) for varied outputs.
            batch_size: generator batch size.

        Returns:
            float32 numpy (N, H, W, C_out) in [-1, 1].

        Raises:
            ValueError: wrong rank or channels, out-of-range values, or a height
                or width that is not a multiple of the generator's stride
                (the message names the multiple).
        """
        images = translation_io.check_images(images, self.input_channels, self.spatial_multiple())
        return self.run_generator(images, training=bool(noise), batch_size=batch_size)

    def spatial_multiple(self):
        return networks.spatial_multiple(self.generator)
