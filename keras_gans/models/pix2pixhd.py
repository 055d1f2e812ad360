"""pix2pixHD: coarse-to-fine generator, multi-scale discriminators, feature matching."""

import keras

from keras_gans import losses
from keras_gans.models import translation_io
from keras_gans.models.adversarial_model import check_arity
from keras_gans.models.critic_steps import check_non_negative
from keras_gans.models.pix2pix import Pix2Pix
from keras_gans.models.translator import Translator
from keras_gans.networks.pix2pixhd import GLOBAL_FEATURES
from keras_gans.networks.pix2pixhd import VGG_LAYER_WEIGHTS
from keras_gans.networks.pix2pixhd import downsample
from keras_gans.networks.pix2pixhd import pix2pixhd_spatial_multiple


@keras.saving.register_keras_serializable(package="keras_gans")
class Pix2PixHD(Translator):
    """pix2pixHD: ``G: x -> y`` with a multi-scale LSGAN, feature matching and an optional VGG loss.

    The discriminator is ``num_D`` conditional PatchGANs on the pair
    ``[x, y]`` at scales 1, 1/2, 1/4 (``networks.multiscale_discriminator``),
    each returning its activations and logits. G minimises
    ``sum_k LSGAN_k + feature_matching_weight * FM + perceptual_weight * VGG``
    (lambda = 10 for both), where FM is the L1 distance of every discriminator
    layer between real and generated pairs
    (``losses.multiscale_feature_matching_loss``); D minimises the halved
    least-squares loss summed over scales. The VGG term needs a
    ``feature_extractor`` returning a list of feature maps
    (``networks.vgg19_layers`` with ImageNet weights from a file); without
    one it is off.

    Coarse to fine, as NVIDIA/pix2pixHD trains: ``stage="global"`` trains the
    global generator G1 (the generator's nested ``global_features`` plus
    ``global_head``) on the pairs pooled to half size; then ``stage="local"``
    trains the whole generator (local enhancer G2 with G1 inside) at full
    size. Switch with :meth:`set_stage` between two ``fit`` calls. Only the
    full generator is exported (height and width dynamic, multiples of
    :meth:`spatial_multiple`).

    Batches are ``(input_images, target_images)`` pairs, as for pix2pix.

    Args:
        generator: image -> image ``keras.Model`` (``networks.pix2pixhd_generator``'s first model).
        discriminator: ``[condition, image] ->`` a list per scale of
            ``[activations..., logits]`` (``networks.multiscale_discriminator``).
        global_head: G1's output layer (``pix2pixhd_generator``'s second model),
            or None: then the generator is trained as a whole (stage 'local' only).
        feature_extractor: optional frozen ``keras.Model`` image -> list of feature maps for the VGG loss.
        feature_matching_weight: lambda_feat (10).
        perceptual_weight: lambda of the VGG loss (10; used only with a feature extractor).
        perceptual_layer_weights: one weight per feature map (pix2pixHD's 1/32 ... 1 by default).
        stage: 'global' or 'local'.
        seed: seed of the model's random draws.

    Raises:
        ValueError: negative weights, a discriminator without two inputs, stage
            'global' without a ``global_head`` or a generator without ``global_features``.

    Example:
    ```python
    generator, head = keras_gans.networks.pix2pixhd_generator(3, 3)
    model = keras_gans.models.Pix2PixHD(generator, keras_gans.networks.multiscale_discriminator(3, 3),
                                        global_head=head, stage="global")
    model.compile()  # Adam(2e-4, beta_1=0.5) for both
    model.fit(pairs, epochs=10)
    model.set_stage("local")
    model.fit(pairs, epochs=10)
    images = model.translate(label_maps)
    ```

    Reference: Wang et al., "High-Resolution Image Synthesis and Semantic
    Manipulation with Conditional GANs", CVPR 2018.
    """

    loss_names = ("d_loss", "g_loss", "gan_loss", "fm_loss", "vgg_loss", "l1_loss")
    stages = ("global", "local")
    batch_parts = Pix2Pix.batch_parts  # (input_images, target_images), as pix2pix

    def __init__(
        self,
        generator,
        discriminator,
        global_head=None,
        feature_extractor=None,
        feature_matching_weight=10.0,
        perceptual_weight=10.0,
        perceptual_layer_weights=None,
        stage="local",
        seed=None,
        **kwargs,
    ):
        self.check_stage(stage)
        for which, net in (("global_head", global_head), ("feature_extractor", feature_extractor)):
            if net is not None and not isinstance(net, keras.layers.Layer):
                raise ValueError(f"`{which}` must be a keras.Model or None. Received: {type(net).__name__}")
        check_arity(discriminator, "inputs", 2,
                    "The pix2pixHD discriminator must take two inputs [condition, image].")
        super().__init__(generator, discriminator, seed=seed, **kwargs)
        self.feature_matching_weight = check_non_negative("feature_matching_weight", feature_matching_weight)
        self.perceptual_weight = check_non_negative("perceptual_weight", perceptual_weight)
        self.global_head = global_head
        self.feature_extractor = feature_extractor
        if feature_extractor is not None:
            feature_extractor.trainable = False
            count = len(feature_extractor.outputs) if isinstance(feature_extractor.outputs, list) else 1
            if perceptual_layer_weights is None:
                perceptual_layer_weights = VGG_LAYER_WEIGHTS if count == len(VGG_LAYER_WEIGHTS) else (1.0,) * count
            if len(perceptual_layer_weights) != count:
                raise ValueError(
                    f"`perceptual_layer_weights` must have one weight per feature map ({count}). "
                    f"Received: perceptual_layer_weights={tuple(perceptual_layer_weights)}"
                )
        self.perceptual_layer_weights = (
            None if perceptual_layer_weights is None else [float(w) for w in perceptual_layer_weights]
        )
        self.stage = stage
        self._check_stage_networks(stage)

    def _check_stage_networks(self, stage):
        if stage != "global":
            return
        if self.global_head is None or GLOBAL_FEATURES not in [layer.name for layer in self.generator.layers]:
            raise ValueError(
                "stage='global' trains the global generator alone: it needs a `global_head` and a generator "
                f"with a nested '{GLOBAL_FEATURES}' model (networks.pix2pixhd_generator). Received: "
                f"global_head={'None' if self.global_head is None else self.global_head.name}, generator "
                f"{self.generator.name!r}"
            )

    def set_stage(self, stage):
        """Switches between 'global' (G1 at half size) and 'local' (G1 + G2 at full size)."""
        self.check_stage(stage)
        self._check_stage_networks(stage)
        super().set_stage(stage)

    # ------------------------------------------------------------------ training
    def global_generator(self, half_images, training=False):
        """G1 alone (``global_features`` then ``global_head``) on images already pooled to half size."""
        features = self.generator.get_layer(GLOBAL_FEATURES)(half_images, training=training)
        return self.global_head(features, training=training)

    def generator_variables(self):
        if self.stage == "global":
            return (self.generator.get_layer(GLOBAL_FEATURES).trainable_variables
                    + self.global_head.trainable_variables)
        return self.generator.trainable_variables

    def build_optimizers(self):
        # Both stages' variables, so one optimizer serves either stage (and saves the same slots).
        variables = list(self.generator.trainable_variables)
        if self.global_head is not None:
            variables += self.global_head.trainable_variables
        self.g_optimizer.build(variables)
        self.d_optimizer.build(self.discriminator_variables())

    def perceptual_loss(self, targets, outputs):
        """The weighted VGG feature L1 (0 without a feature extractor)."""
        if self.feature_extractor is None:
            return keras.ops.zeros(())
        real = self.feature_extractor(targets, training=False)
        fake = self.feature_extractor(outputs, training=False)
        real, fake = (real, fake) if isinstance(real, (list, tuple)) else ([real], [fake])
        return losses.weighted_feature_l1_loss(real, fake, self.perceptual_layer_weights)

    def adversarial_updates(self, inputs, targets):
        """D then G on one forward pass; stage 'global' works on the half-size pair through G1."""
        if self.stage == "global":
            inputs, targets = downsample(inputs), downsample(targets)

            def forward():
                return self.global_generator(inputs, training=True)
        else:

            def forward():
                return self.generator(inputs, training=True)

        def judge(images):
            outputs = self.discriminator([inputs, images], training=True)
            # Keras returns a one-scale discriminator's [[layers..., logits]] as [layers..., logits].
            return outputs if isinstance(outputs[0], (list, tuple)) else [outputs]

        def d_losses(fake):
            real_outputs, fake_outputs = judge(targets), judge(fake)
            return {"d_loss": losses.multiscale_least_squares_discriminator_loss(real_outputs, fake_outputs)}

        def g_losses(fake):
            fake_outputs, real_outputs = judge(fake), judge(targets)
            gan_loss = losses.multiscale_least_squares_generator_loss(fake_outputs)
            fm_loss = losses.multiscale_feature_matching_loss(real_outputs, fake_outputs)
            vgg_loss = self.perceptual_loss(targets, fake)
            g_loss = gan_loss + self.feature_matching_weight * fm_loss
            if self.feature_extractor is not None:
                g_loss = g_loss + self.perceptual_weight * vgg_loss
            return {"g_loss": g_loss, "gan_loss": gan_loss, "fm_loss": fm_loss, "vgg_loss": vgg_loss,
                    "l1_loss": losses.l1_loss(targets, fake)}  # l1 is reported, not trained on

        return self.shared_forward_updates(forward, d_losses, g_losses)

    # ------------------------------------------------------------------ inference
    def translate(self, images, batch_size=16):
        """Translates ``images`` (N, H, W, C) in [-1, 1] with the full generator.

        Raises:
            ValueError: wrong rank or channels, out-of-range values, or a height
                or width that is not a multiple of :meth:`spatial_multiple`.
        """
        images = translation_io.check_images(images, self.input_channels, self.spatial_multiple())
        return self.run_generator(images, batch_size=batch_size)

    def spatial_multiple(self):
        return pix2pixhd_spatial_multiple(self.generator)

    def serving_endpoints(self):
        return {"serving_default": (translation_io.serving_fn(self.generator, self.spatial_multiple()),
                                    self.serving_specs())}

    def objective_config(self):
        config = super().objective_config()
        config.pop("feature_extractor", None)
        config["perceptual_loss"] = "off" if self.feature_extractor is None else f"vgg:{self.feature_extractor.name}"
        return config
