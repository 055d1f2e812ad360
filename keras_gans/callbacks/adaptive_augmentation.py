"""ADA: the augmentation probability driven by the discriminator's overfitting signal."""

import keras
import numpy as np


class AdaptiveAugmentation(keras.callbacks.Callback):
    """Raises the augmentation probability when the discriminator overfits, lowers it when it does not.

    Every ``interval`` training batches it measures ADA's heuristic
    ``r_t = E[sign(D(x))]`` on ``num_samples`` real images drawn from
    ``real_images`` and augmented as in training (the discriminator itself in
    inference mode, so its BatchNorm statistics are left alone), and moves
    ``augment.probability`` by ``sign(r_t - target) * batch_size * interval /
    adjustment_images``, clipped to [0, 1]: with ADA's defaults it could go
    from 0 to 1 in 500k real images. ``r_t`` near 1 means D is certain that
    the training reals are real, the overfitting signature. The heuristic
    reads the sign of a logit, so it fits objectives whose discriminator
    returns a logit (GAN, DCGAN, conditional, hinge); it is not meaningful for
    an unbounded Wasserstein critic.

    Args:
        augment: the :class:`~keras_gans.layers.DiffAugment` in front of the discriminator.
        real_images: array of training images the heuristic is measured on.
        batch_size: the training batch size (images per step).
        target: ADA's target value of ``r_t`` (0.6).
        interval: batches between adjustments (ADA: 4).
        adjustment_images: images over which p can move by 1 (ADA: 500,000).
        num_samples: real images per measurement.
        seed: seed of the image draws.

    Raises:
        ValueError: a target outside (-1, 1) or non-positive sizes.

    Reference: Karras et al., "Training Generative Adversarial Networks with
    Limited Data", NeurIPS 2020, Section 3.
    """

    def __init__(self, augment, real_images, batch_size, target=0.6, interval=4, adjustment_images=500_000,
                 num_samples=64, seed=0):
        super().__init__()
        if not -1.0 < float(target) < 1.0:
            raise ValueError(f"`target` must be in (-1, 1). Received: target={target}")
        for name, value in (("batch_size", batch_size), ("interval", interval),
                            ("adjustment_images", adjustment_images), ("num_samples", num_samples)):
            if int(value) <= 0:
                raise ValueError(f"`{name}` must be positive. Received: {name}={value}")
        self.augment = augment
        self.real_images = np.asarray(real_images, "float32")
        self.step = float(batch_size) * int(interval) / float(adjustment_images)
        self.target, self.interval, self.num_samples = float(target), int(interval), int(num_samples)
        self.rng = np.random.default_rng(seed)
        self.history = []  # (batch, r_t, probability after the adjustment)
        self._batches = 0

    def overfitting(self):
        """``r_t``: the mean sign of D's output on augmented real images."""
        index = self.rng.choice(len(self.real_images), min(self.num_samples, len(self.real_images)), replace=False)
        images = self.augment(self.real_images[index], training=True)
        outputs = _body(self.model.discriminator, self.augment)(images, training=False)
        return float(np.mean(np.sign(np.asarray(outputs, "float32"))))

    def on_train_batch_end(self, batch, logs=None):
        self._batches += 1
        if self._batches % self.interval:
            return
        r_t = self.overfitting()
        p = float(np.clip(float(self.augment.probability.numpy()) + np.sign(r_t - self.target) * self.step, 0.0, 1.0))
        self.augment.probability.assign(p)
        self.history.append((self._batches, r_t, p))
        if logs is not None:
            logs["augment_p"] = p


def _body(discriminator, augment):
    """The discriminator behind ``augment`` (``networks.augmented_discriminator`` wraps it as one layer)."""
    inner = [layer for layer in getattr(discriminator, "layers", []) if isinstance(layer, keras.Model)]
    if any(layer is augment for layer in discriminator.layers) and len(inner) == 1:
        if len(discriminator.inputs) != 1:
            raise ValueError(
                "AdaptiveAugmentation measures D on real images alone. Received a discriminator with "
                f"{len(discriminator.inputs)} inputs."
            )
        return inner[0]
    raise ValueError(
        f"AdaptiveAugmentation expects the model's discriminator to be networks.augmented_discriminator(d, augment) "
        f"with this `augment` layer. Received discriminator {discriminator.name!r} without it."
    )
