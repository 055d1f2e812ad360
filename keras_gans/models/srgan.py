"""SRGAN super-resolution: SRResNet pre-training on MSE, then content + adversarial."""

import keras
import numpy as np
import tensorflow as tf

from keras_gans import losses
from keras_gans.models import translation_io
from keras_gans.models.adversarial_model import BatchPart
from keras_gans.models.critic_steps import check_non_negative
from keras_gans.models.translator import Translator


@keras.saving.register_keras_serializable(package="keras_gans")
class SRGAN(Translator):
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

    There is no z: :meth:`translate` (alias ``generate``, ``super_resolve``)
    maps low-resolution images of any size to high-resolution ones.

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
    model.compile()  # for both, as in the paper
    model.fit(data.sr_patches.load_sr("skimage"), epochs=10, steps_per_epoch=1000)
    model.set_stage("srgan")
    model.fit(data.sr_patches.load_sr("skimage"), epochs=10, steps_per_epoch=1000)
    hr = model.translate(lr_images)
    ```

    Reference: Ledig et al., "Photo-Realistic Single Image Super-Resolution
    Using a Generative Adversarial Network", CVPR 2017.
    """

    loss_names = ("d_loss", "g_loss", "content_loss")

    stages = ("srresnet", "srgan")

    def __init__(self, generator, discriminator, feature_extractor=None, feature_scale=1.0 / 12.75, adversarial_weight=1e-3, stage="srresnet", seed=None, **kwargs):
        self.check_stage(stage)
        adversarial_weight = check_non_negative("adversarial_weight", adversarial_weight)
        if feature_extractor is not None and not isinstance(feature_extractor, keras.layers.Layer):
            raise ValueError(
                f"`feature_extractor` must be a keras.Model or None. Received: {type(feature_extractor).__name__}"
            )
        super().__init__(generator, discriminator, seed=seed, **kwargs)
        self.feature_extractor = feature_extractor
        if feature_extractor is not None:
            feature_extractor.trainable = False
        self.feature_scale = float(feature_scale)
        self.adversarial_weight = adversarial_weight
        self.stage = stage

    g_adam = d_adam = {"learning_rate": 1e-4, "beta_1": 0.9}  # the paper's setting for both stages

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
        return self.minimize("discriminator", lambda: {"d_loss": losses.minimax_discriminator_loss(
            self.discriminator(hr, training=True), self.discriminator(sr, training=True))})

    def generator_step(self, lr, hr):
        """One generator update: content loss, plus the adversarial loss in stage 'srgan'."""

        def g_losses():
            sr = self.generator(lr, training=True)
            content = self.content_loss(hr, sr)
            g_loss = content
            if self.stage == "srgan":
                fake_logits = self.discriminator(sr, training=True)
                g_loss = content + self.adversarial_weight * losses.non_saturating_generator_loss(fake_logits)
            return {"g_loss": g_loss, "content_loss": content}

        return self.minimize("generator", g_losses)

    def translate(self, low_res, batch_size=8):
        """Super-resolves numpy LR images (N, h, w, C) in [-1, 1] of any size; returns float32 numpy (N, s*h, s*w, C)."""
        low_res = translation_io.check_images(low_res, self.input_channels, 1, name="low_res")
        return self.run_generator(low_res, batch_size=batch_size)

    super_resolve = translate

    def example_inputs(self):
        rng = np.random.default_rng(0)
        return {"image": rng.uniform(-1, 1, (2, 12, 10, self.input_channels)).astype("float32")}

    def objective_config(self):
        config = super().objective_config()
        config.pop("feature_extractor", None)
        config["content_loss"] = "pixel_mse" if self.feature_extractor is None else f"feature_mse:{self.feature_extractor.name}"
        return config
