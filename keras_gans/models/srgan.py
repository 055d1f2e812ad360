"""SRGAN super-resolution: SRResNet pre-training on MSE, then content + adversarial."""

import keras
import numpy as np
import tensorflow as tf

from keras_gans import losses
from keras_gans.models.adversarial_model import AdversarialModel
from keras_gans.models.adversarial_model import BatchPart

STAGES = ("srresnet", "srgan")


def _image_channels(generator):
    """The channel count of an image generator's first input (AdversarialModel's ``latent_dim`` slot)."""
    inputs = getattr(generator, "inputs", None)
    return int(inputs[0].shape[-1]) if inputs else None


def no_latent_generate(model):
    raise ValueError(
        f"{type(model).__name__} maps images to images and samples no latent vectors; "
        "call `model.generator(inputs)` (or the model) on images instead of `generate()`."
    )


@keras.saving.register_keras_serializable(package="keras_gans")
class SRGAN(AdversarialModel):
    """Super-resolution GAN (Ledig et al. 2017) with its SRResNet pre-training stage.

    Batches are ``(lr, hr)`` pairs. Two stages share one model:

    - ``stage="srresnet"``: the generator alone minimises the content loss
      (SRResNet; the discriminator is not updated and ``d_loss`` reports 0).
    - ``stage="srgan"``: the discriminator minimises the GAN loss on HR vs SR
      images and the generator minimises ``content + adversarial_weight *
      -log D(G(lr))`` (1e-3 in the paper).

    Switch with :meth:`set_stage` between two ``fit`` calls.

    The content loss is the pixel MSE (the paper's SRResNet-MSE / SRGAN-MSE)
    unless a ``feature_extractor`` is given (e.g. ``networks.vgg19_features``
    with ImageNet weights: SRGAN-VGG54); then the MSE of its features.

    ``latent_dim`` (required by ``AdversarialModel``) holds the generator's
    input channel count and is otherwise unused: there is no z. ``generate()``
    raises; use ``model(lr_images)``.

    Args:
        generator: image ``(N, h, w, C) -> (N, s*h, s*w, C)`` (``networks.srresnet_generator``).
        discriminator: image -> logit (``networks.srgan_discriminator``).
        feature_extractor: optional frozen ``keras.Model`` for the content loss.
        feature_scale: multiplier of the features (1/12.75 in the paper for VGG).
        adversarial_weight: weight of the generator's adversarial loss (1e-3).
        stage: 'srresnet' or 'srgan'.
        seed: unused randomness seed (kept for the base-class contract).

    Example:
    ```python
    model = SRGAN(networks.srresnet_generator(), networks.srgan_discriminator())
    model.compile()  # Adam(1e-4, beta_1=0.9) for both, as in the paper
    model.fit(data.sr_patches.load_sr("skimage"), epochs=10, steps_per_epoch=1000)
    model.set_stage("srgan")
    model.fit(data.sr_patches.load_sr("skimage"), epochs=10, steps_per_epoch=1000)
    hr = model(lr_images)
    ```

    Reference: Ledig et al., "Photo-Realistic Single Image Super-Resolution
    Using a Generative Adversarial Network", CVPR 2017.
    """

    loss_names = ("d_loss", "g_loss", "content_loss")

    def __init__(self, generator, discriminator, feature_extractor=None, feature_scale=1.0 / 12.75, adversarial_weight=1e-3, stage="srresnet", latent_dim=None, seed=None, **kwargs):
        if stage not in STAGES:
            raise ValueError(f"`stage` must be one of {STAGES}. Received: stage={stage!r}")
        if float(adversarial_weight) < 0:
            raise ValueError(f"`adversarial_weight` must be >= 0. Received: adversarial_weight={adversarial_weight}")
        if feature_extractor is not None and not isinstance(feature_extractor, keras.layers.Layer):
            raise ValueError(
                f"`feature_extractor` must be a keras.Model or None. Received: {type(feature_extractor).__name__}"
            )
        super().__init__(generator, discriminator, latent_dim=latent_dim or _image_channels(generator), seed=seed, **kwargs)
        self.feature_extractor = feature_extractor
        if feature_extractor is not None:
            feature_extractor.trainable = False
        self.feature_scale = float(feature_scale)
        self.adversarial_weight = float(adversarial_weight)
        self.stage = stage

    def default_g_optimizer(self):
        """Adam(1e-4, beta_1=0.9), the paper's setting for both stages."""
        return keras.optimizers.Adam(1e-4, beta_1=0.9)

    def default_d_optimizer(self):
        """Adam(1e-4, beta_1=0.9)."""
        return keras.optimizers.Adam(1e-4, beta_1=0.9)

    def set_stage(self, stage):
        """Switches between 'srresnet' and 'srgan'; the next ``fit`` retraces its step."""
        if stage not in STAGES:
            raise ValueError(f"`stage` must be one of {STAGES}. Received: stage={stage!r}")
        self.stage = stage
        self.train_function = None

    def content_loss(self, hr, sr):
        """Pixel MSE, or the feature MSE when a feature extractor is set."""
        if self.feature_extractor is None:
            return losses.pixel_mse(hr, sr)
        return losses.feature_mse(
            lambda x: self.feature_extractor(x, training=False), hr, sr, feature_scale=self.feature_scale
        )

    def batch_parts(self):
        """``(lr_images, hr_images)``: the generator's input and output shapes."""
        return (
            BatchPart("lr_images", tuple(self.generator.inputs[0].shape[1:])),
            BatchPart("hr_images", tuple(self.generator.outputs[0].shape[1:])),
        )

    def discriminator_step(self, lr, hr):
        """One discriminator update on ``(hr, G(lr))`` (stage 'srgan' only); returns its logs."""
        if self.stage != "srgan":
            return {"d_loss": tf.constant(0.0)}
        sr = self.generator(lr, training=True)
        with tf.GradientTape() as tape:
            real_logits = self.discriminator(hr, training=True)
            fake_logits = self.discriminator(sr, training=True)
            d_loss = losses.minimax_discriminator_loss(real_logits, fake_logits)
        variables = self.discriminator.trainable_variables
        self.apply_loss_gradients(tape, d_loss, variables, self.d_optimizer)
        return {"d_loss": d_loss}

    def generator_step(self, lr, hr):
        """One generator update: content loss, plus the adversarial loss in stage 'srgan'."""
        with tf.GradientTape() as tape:
            sr = self.generator(lr, training=True)
            content = self.content_loss(hr, sr)
            g_loss = content
            if self.stage == "srgan":
                fake_logits = self.discriminator(sr, training=True)
                g_loss = content + self.adversarial_weight * losses.non_saturating_generator_loss(fake_logits)
        variables = self.generator.trainable_variables
        self.apply_loss_gradients(tape, g_loss, variables, self.g_optimizer)
        return {"g_loss": g_loss, "content_loss": content}

    def super_resolve(self, lr, batch_size=8):
        """Runs the generator in inference mode on numpy LR images; returns float32 numpy."""
        lr = np.asarray(lr, "float32")
        outs = [keras.ops.convert_to_numpy(self.generator(lr[i : i + batch_size], training=False)) for i in range(0, len(lr), batch_size)]
        return np.concatenate(outs).astype("float32")

    def generate(self, num, seed=None, batch_size=256):
        no_latent_generate(self)

    # ------------------------------------------------------------------ export
    def serving_endpoints(self):
        """``{"image": float32[None, None, None, C]} -> {"image": (N, s*h, s*w, C)}``, any h and w."""
        channels = self.latent_dim

        def serve(image):
            return {"image": self.generator(image, training=False)}

        return {"serving_default": (serve, [tf.TensorSpec([None, None, None, channels], tf.float32, name="image")])}

    def export_example_inputs(self):
        rng = np.random.default_rng(0)
        return {"image": rng.uniform(-1, 1, (2, 12, 10, self.latent_dim)).astype("float32")}

    # ------------------------------------------------------------------ config
    def get_config(self):
        config = super().get_config()
        config.update(
            feature_extractor=None if self.feature_extractor is None else keras.saving.serialize_keras_object(self.feature_extractor),
            feature_scale=self.feature_scale,
            adversarial_weight=self.adversarial_weight,
            stage=self.stage,
        )
        return config

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        if isinstance(config.get("feature_extractor"), dict):
            config["feature_extractor"] = keras.saving.deserialize_keras_object(config["feature_extractor"])
        return super().from_config(config)

    def objective_config(self):
        config = super().objective_config()
        config.pop("feature_extractor", None)
        config["content_loss"] = "pixel_mse" if self.feature_extractor is None else f"feature_mse:{self.feature_extractor.name}"
        return config
