"""Globally and locally consistent image completion (Iizuka et al. 2017)."""

import keras
import numpy as np
import tensorflow as tf

from keras_gans import losses
from keras_gans.models import translation_io
from keras_gans.models.adversarial_model import BatchPart
from keras_gans.models.critic_steps import check_non_negative
from keras_gans.models.translator import Translator


def hole_windows(masks, size):
    """Top-left corners of ``size`` x ``size`` windows centred on each mask's hole.

    Args:
        masks: (N, H, W, 1) with 1 in the hole.
        size: window side (<= H, W).

    Returns:
        int32 (N, 2): (top, left), clamped inside the image.
    """
    masks = tf.cast(masks, tf.float32)

    def centre(profile):
        length = tf.shape(profile)[1]
        present = profile > 0
        first = tf.argmax(tf.cast(present, tf.int32), axis=1, output_type=tf.int32)
        last = length - 1 - tf.argmax(tf.cast(present[:, ::-1], tf.int32), axis=1, output_type=tf.int32)
        return tf.clip_by_value((first + last + 1) // 2 - size // 2, 0, length - size)

    rows = tf.reduce_max(masks, axis=[2, 3])
    cols = tf.reduce_max(masks, axis=[1, 3])
    return tf.stack([centre(rows), centre(cols)], axis=1)


def crop_windows(images, corners, size):
    """Crops (N, size, size, C) windows at ``corners`` (differentiable w.r.t. ``images``)."""
    offsets = tf.range(size, dtype=tf.int32)
    rows = corners[:, :1] + offsets[None]
    cols = corners[:, 1:] + offsets[None]
    images = tf.gather(images, rows, axis=1, batch_dims=1)
    return tf.gather(images, cols, axis=2, batch_dims=1)


@keras.saving.register_keras_serializable(package="keras_gans")
class ImageCompletion(Translator):
    """Image completion with global and local context discriminators (Iizuka et al. 2017).

    Batches are ``(images, masks)`` (masks (N, H, W, 1), 1 = hole). The
    completion network receives the masked image with the mask as an input
    channel and returns the image with only the hole filled. The local
    discriminator sees a window centred on the hole, of both the real
    image and the completed one.

    The paper trains in three phases (Section 3.3, T_C, T_D and the rest):

    - ``stage="reconstruction"``: the network alone minimises the masked MSE
      (the paper's first training phase; also the "reconstruction only" model).
    - ``stage="discriminator"``: the discriminator alone learns real vs
      completed against the fixed pre-trained network (the second phase), so
      the joint phase starts with a discriminator worth listening to.
    - ``stage="adversarial"``: the discriminator learns real vs completed, and
      the network minimises ``masked MSE + adversarial_weight * -log D(C(x, M))``
      (alpha = 4e-4 in the paper).

    There is no z: :meth:`translate` (alias ``generate``, ``complete``)
    fills the holes of images given their masks.

    Args:
        generator: ``[image, mask] -> image`` (``networks.completion_network``).
        discriminator: ``[image, local window] -> logit`` (``networks.completion_discriminator``).
        adversarial_weight: alpha.
        stage: 'reconstruction', 'discriminator' or 'adversarial'; switch with :meth:`set_stage`.
        seed: kept for the base-class contract (no sampling here).

    Example:
    ```python
    model = ImageCompletion(networks.completion_network(channels=1),
                            networks.completion_discriminator((28, 28, 1), local_size=14))
    model.compile()  # Adadelta as in the paper
    model.fit(data.masks.completion_dataset(digits), steps_per_epoch=500)
    model.set_stage("discriminator")
    model.fit(data.masks.completion_dataset(digits), steps_per_epoch=100)
    model.set_stage("adversarial")
    model.fit(data.masks.completion_dataset(digits), steps_per_epoch=500)
    ```

    Reference: Iizuka, Simo-Serra and Ishikawa, "Globally and Locally
    Consistent Image Completion", ACM TOG (SIGGRAPH) 2017.
    """

    loss_names = ("d_loss", "g_loss", "reconstruction_loss")

    stages = ("reconstruction", "discriminator", "adversarial")

    def __init__(self, generator, discriminator, adversarial_weight=4e-4, stage="reconstruction", seed=None, **kwargs):
        self.check_stage(stage)
        adversarial_weight = check_non_negative("adversarial_weight", adversarial_weight)
        d_inputs = getattr(discriminator, "inputs", None)
        if not d_inputs or len(d_inputs) != 2 or d_inputs[1].shape[1] is None:
            raise ValueError(
                "`discriminator` must take [image, local window] with a fixed window size. "
                f"Received inputs {[tuple(i.shape) for i in d_inputs or []]}."
            )
        g_inputs = getattr(generator, "inputs", None)
        if not g_inputs or len(g_inputs) != 2:
            raise ValueError(f"`generator` must take [image, mask]. Received {len(g_inputs or [])} input(s).")
        super().__init__(generator, discriminator, seed=seed, **kwargs)
        self.local_size = int(d_inputs[1].shape[1])
        self.adversarial_weight = adversarial_weight
        self.stage = stage

    # The paper used Adadelta; Adam converges faster on CPU budgets.
    g_adam = {"learning_rate": 1e-3, "beta_1": 0.5}
    d_adam = {"learning_rate": 2e-4, "beta_1": 0.5}

    def batch_parts(self):
        """``(images, masks)``: the generator's two inputs; masks 1 in the hole."""
        images, masks = (tuple(t.shape[1:]) for t in self.generator.inputs)
        return BatchPart("images", images), BatchPart("masks", masks, kind="number")

    def discriminator_step(self, images, masks):
        """One update of the global + local discriminator (stages 'discriminator' and 'adversarial')."""
        if self.stage == "reconstruction":
            return {"d_loss": tf.constant(0.0)}
        corners = hole_windows(masks, self.local_size)
        real_local = crop_windows(images, corners, self.local_size)
        # In stage 'discriminator' the network is fixed, its BatchNorm statistics included.
        completed = self.generator([images, masks], training=self.stage == "adversarial")
        fake_local = crop_windows(completed, corners, self.local_size)
        return self.minimize("discriminator", lambda: {"d_loss": losses.minimax_discriminator_loss(
            self.discriminator([images, real_local], training=True),
            self.discriminator([completed, fake_local], training=True),
        )})

    def generator_step(self, images, masks):
        """One update of the completion network: masked MSE, plus the GAN loss when adversarial.

        In stage 'discriminator' the network is fixed: its loss is reported, not minimised.
        """
        corners = hole_windows(masks, self.local_size)
        if self.stage == "discriminator":
            rec = losses.masked_mse(images, self.generator([images, masks], training=False), masks)
            return {"g_loss": rec, "reconstruction_loss": rec}

        def g_losses():
            completed = self.generator([images, masks], training=True)
            rec = losses.masked_mse(images, completed, masks)
            g_loss = rec
            if self.stage == "adversarial":
                fake_local = crop_windows(completed, corners, self.local_size)
                fake_logits = self.discriminator([completed, fake_local], training=True)
                g_loss = rec + self.adversarial_weight * losses.non_saturating_generator_loss(fake_logits)
            return {"g_loss": g_loss, "reconstruction_loss": rec}

        return self.minimize("generator", g_losses)

    def translate(self, images, masks, batch_size=64):
        """Fills the holes of numpy ``images`` given ``masks`` (N, H, W, 1); returns float32 numpy."""
        images, masks = np.asarray(images, "float32"), np.asarray(masks, "float32")
        if masks.shape != images.shape[:3] + (1,):
            raise ValueError(f"`masks` must have shape {images.shape[:3] + (1,)}. Received {masks.shape}.")
        return self.run_generator([images, masks], batch_size=batch_size)

    complete = translate

    def serving_specs(self):
        """``image`` float32 (N, H, W, C) and ``mask`` (N, H, W, 1), 1 in the hole; H, W multiples of 4."""
        return [translation_io.image_spec(self.input_channels), tf.TensorSpec([None, None, None, 1], tf.float32, name="mask")]

    def example_inputs(self):
        """Two images at the trained size (the global discriminator's input; 16x20 if it has none) with a hole.

        The export records its output shape from these, and the zoo's sampler reads that as the
        size to resize a user's ``--input`` to.
        """
        inputs = getattr(self.discriminator, "inputs", None) or []  # a functional D has them
        height, width = tuple(inputs[0].shape[1:3]) if inputs and len(inputs[0].shape) == 4 else (None, None)
        height, width = (height, width) if height and width else (16, 20)
        rng = np.random.default_rng(0)
        mask = np.zeros((2, height, width, 1), "float32")
        mask[:, height // 4 : height // 4 + height // 3, width // 4 : width // 4 + width // 3] = 1.0
        return {"image": rng.uniform(-1, 1, (2, height, width, self.input_channels)).astype("float32"), "mask": mask}
