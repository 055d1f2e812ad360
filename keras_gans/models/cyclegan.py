"""CycleGAN: unpaired image-to-image translation with cycle consistency."""

import keras
import tensorflow as tf

from keras_gans import losses
from keras_gans import networks
from keras_gans.layers.image_pool import ImagePool
from keras_gans.models import translation_io
from keras_gans.models.adversarial_model import BatchPart
from keras_gans.models.translator import Translator

DIRECTIONS = ("a_to_b", "b_to_a")


@keras.saving.register_keras_serializable(package="keras_gans")
class CycleGAN(Translator):
    """CycleGAN: two generators ``G: A -> B``, ``F: B -> A`` and two discriminators.

    With no pairs, an adversarial loss alone lets G map A to *any* set of
    B images; the cycle loss ``E|F(G(a)) - a| + E|G(F(b)) - b|`` (lambda = 10)
    forces each translation to keep enough of its input to be undone. The
    identity loss ``E|F(a) - a| + E|G(b) - b|`` (weight 0.5 * lambda = 5) keeps
    colours and content a generator should not touch. Adversarial terms are
    least squares (LSGAN): D_B and D_A regress 1 on real and 0 on fake images,
    and are fed generated images from a 50-image history (:class:`ImagePool`).

    Each ``train_step`` updates both generators together (one optimizer, as
    in the reference code), then both discriminators (one optimizer).
    Batches are ``(images_a, images_b)`` from two independently shuffled
    domains, e.g. ``keras_gans.data.load_unpaired("thin2thick_digits")``.

    ``generator`` / ``discriminator`` are G (A -> B) and D_B (judges B), so the
    base class's export and round-trip machinery sees the A -> B direction;
    ``generator_ba`` / ``discriminator_a`` are F and D_A. There is no z.

    Args:
        generator: G, image A -> image B.
        discriminator: D_B, image B -> logits (a PatchGAN map).
        generator_ba: F, image B -> image A.
        discriminator_a: D_A, image A -> logits.
        cycle_weight: lambda of the cycle loss (10).
        identity_weight: weight of the identity loss (5 = 0.5 * lambda; 0 turns
            it off, required when A and B have different channels).
        pool_size: history images per discriminator (50; 0 disables the pool).
        image_size: ``(height, width)`` of training images, needed for the
            pool's buffer when the generators take dynamic sizes.
        seed: seed of the model's random draws (the pools).

    Raises:
        ValueError: missing networks, negative weights, identity loss across
            different channel counts, or no known image size for the pool.

    Example:
    ```python
    nets = dict(generator=keras_gans.networks.resnet_generator(1, num_blocks=6),
                discriminator=keras_gans.networks.patchgan_discriminator(1),
                generator_ba=keras_gans.networks.resnet_generator(1, num_blocks=6),
                discriminator_a=keras_gans.networks.patchgan_discriminator(1))
    model = keras_gans.models.CycleGAN(**nets, image_size=(32, 32))
    model.compile()  # Adam(2e-4, beta_1=0.5)
    model.fit(keras_gans.data.load_unpaired("thin2thick_digits", batch_size=16), epochs=5)
    thick = model.translate(thin, direction="a_to_b")
    ```

    Reference: Zhu et al., "Unpaired Image-to-Image Translation using
    Cycle-Consistent Adversarial Networks", ICCV 2017.
    """

    loss_names = ("d_loss", "g_loss", "adv_loss", "cycle_loss", "identity_loss")

    def __init__(
        self,
        generator,
        discriminator,
        generator_ba=None,
        discriminator_a=None,
        cycle_weight=10.0,
        identity_weight=5.0,
        pool_size=50,
        image_size=None,
        seed=None,
        **kwargs,
    ):
        for which, net in (("generator_ba", generator_ba), ("discriminator_a", discriminator_a)):
            if not isinstance(net, keras.layers.Layer):
                raise ValueError(
                    f"`{which}` must be a keras.Model. Received: {which}={type(net).__name__}"
                )
        if float(cycle_weight) < 0 or float(identity_weight) < 0:
            raise ValueError(
                "`cycle_weight` and `identity_weight` must be >= 0. "
                f"Received: cycle_weight={cycle_weight}, identity_weight={identity_weight}"
            )
        super().__init__(generator, discriminator, seed=seed, **kwargs)
        self.generator_ba = generator_ba
        self.discriminator_a = discriminator_a
        self.channels_a = self.input_channels
        self.channels_b = int(generator_ba.inputs[0].shape[-1])
        if float(identity_weight) > 0 and self.channels_a != self.channels_b:
            raise ValueError(
                "The identity loss needs domains with the same channels; pass identity_weight=0. "
                f"Received: channels A={self.channels_a}, B={self.channels_b}, "
                f"identity_weight={identity_weight}"
            )
        self.cycle_weight = float(cycle_weight)
        self.identity_weight = float(identity_weight)
        self.multiple = {
            "a_to_b": networks.spatial_multiple(generator),
            "b_to_a": networks.spatial_multiple(generator_ba),
        }
        if image_size is None:
            known = generator.inputs[0].shape[1:3]
            image_size = None if None in known else tuple(known)
        if image_size is None and int(pool_size) > 0:
            raise ValueError(
                "The image pool needs the training image size; pass image_size=(height, width) "
                "(or pool_size=0). Received: image_size=None"
            )
        self.image_size = None if image_size is None else tuple(int(s) for s in image_size)
        self.pool_size = int(pool_size)
        self.pool_a = ImagePool(self.pool_size, seed=seed, name="pool_a")
        self.pool_b = ImagePool(self.pool_size, seed=None if seed is None else seed + 1, name="pool_b")
        if self.pool_size > 0:
            self.pool_a.build((None, *self.image_size, self.channels_a))
            self.pool_b.build((None, *self.image_size, self.channels_b))

    def generator_variables(self):
        return self.generator.trainable_variables + self.generator_ba.trainable_variables

    def discriminator_variables(self):
        return self.discriminator.trainable_variables + self.discriminator_a.trainable_variables

    def batch_parts(self):
        """``(images_a, images_b)``: what G (A to B) and F (B to A) take."""
        return (
            BatchPart("images_a", tuple(self.generator.inputs[0].shape[1:])),
            BatchPart("images_b", tuple(self.generator_ba.inputs[0].shape[1:])),
        )

    def adversarial_updates(self, real_a, real_b):
        """Both generators on both directions, then both discriminators on pooled fakes."""
        g_logs, (fake_a, fake_b) = self.minimize("generator", lambda: self.generator_losses(real_a, real_b))
        return {**self.discriminator_update(real_a, real_b, fake_a, fake_b), **g_logs}

    def discriminator_update(self, real_a, real_b, fake_a, fake_b):
        """One update of D_A and D_B on real images and pooled fakes; returns ``{"d_loss": ...}``."""
        pooled_b = self.pool_b(tf.stop_gradient(fake_b))
        pooled_a = self.pool_a(tf.stop_gradient(fake_a))
        d_b, d_a = self.discriminator, self.discriminator_a
        # least_squares_discriminator_loss = 0.5 * (E(D(real)-1)^2 + E D(fake)^2),
        # the reference code's halved D objective.
        return self.minimize("discriminator", lambda: {"d_loss": losses.least_squares_discriminator_loss(
            d_b(real_b, training=True), d_b(pooled_b, training=True)
        ) + losses.least_squares_discriminator_loss(d_a(real_a, training=True), d_a(pooled_a, training=True))})

    def generator_losses(self, real_a, real_b):
        """G's and F's adversarial, cycle and identity losses; returns ``(logs, (fake_a, fake_b))``."""
        g_ab, g_ba = self.generator, self.generator_ba
        fake_b = g_ab(real_a, training=True)
        fake_a = g_ba(real_b, training=True)
        cycle = losses.cycle_consistency_loss(
            real_a, g_ba(fake_b, training=True), real_b, g_ab(fake_a, training=True)
        )
        # The shared LSGAN generator loss carries Mao et al.'s 1/2; Zhu et
        # al. use a plain mean squared error, hence the factor 2.
        adv = 2.0 * (
            losses.least_squares_generator_loss(self.discriminator(fake_b, training=True))
            + losses.least_squares_generator_loss(self.discriminator_a(fake_a, training=True))
        )
        if self.identity_weight > 0:
            identity = losses.identity_loss(real_a, g_ba(real_a, training=True), real_b, g_ab(real_b, training=True))
        else:
            identity = tf.constant(0.0)
        g_loss = adv + self.cycle_weight * cycle + self.identity_weight * identity
        logs = {"g_loss": g_loss, "adv_loss": adv, "cycle_loss": cycle, "identity_loss": identity}
        return logs, (fake_a, fake_b)

    def _check_direction(self, direction):
        if direction not in DIRECTIONS:
            raise ValueError(f"`direction` must be one of {DIRECTIONS}. Received: direction={direction!r}")
        if direction == "a_to_b":
            return self.generator, self.channels_a
        return self.generator_ba, self.channels_b

    def translate(self, images, direction="a_to_b", batch_size=64):
        """Translates ``images`` A -> B (``"a_to_b"``) or B -> A (``"b_to_a"``).

        Args:
            images: (N, H, W, C) in [-1, 1]; H and W multiples of the generator's stride.
            direction: 'a_to_b' or 'b_to_a'.
            batch_size: generator batch size.

        Returns:
            float32 numpy images in [-1, 1].

        Raises:
            ValueError: unknown direction, wrong rank or channels, out-of-range
                values, or a size that is not a multiple of the stride (named).
        """
        generator, channels = self._check_direction(direction)
        images = translation_io.check_images(images, channels, self.multiple[direction])
        return self.run_generator(images, generator, batch_size=batch_size)

    def spatial_multiple(self):
        return self.multiple["a_to_b"]

    def serving_endpoints(self):
        """``a_to_b`` and ``b_to_a``: ``{"image": float32[None, None, None, C]} -> {"image": ...}``.

        ``serving_default`` is ``a_to_b``. Batch, height and width are dynamic;
        height and width must be multiples of the generator's stride (the
        SavedModel raises an InvalidArgumentError naming the multiple otherwise).
        """
        a_to_b = (translation_io.serving_fn(self.generator), [translation_io.image_spec(self.channels_a)])
        b_to_a = (translation_io.serving_fn(self.generator_ba), [translation_io.image_spec(self.channels_b)])
        return {"serving_default": a_to_b, "a_to_b": a_to_b, "b_to_a": b_to_a}

    def extra_export_signatures(self):
        """``b_to_a`` in every format too: TFLite's signature and ``model_b_to_a.onnx``."""
        return {"b_to_a": {"image": translation_io.example_images(self.channels_b, self.multiple["b_to_a"])}}
