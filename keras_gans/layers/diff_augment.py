"""Differentiable augmentation of every discriminator input, real and generated alike."""

import keras
import tensorflow as tf

POLICIES = ("color", "translation", "cutout")


def adjust_color(x, brightness, saturation, contrast):
    """DiffAugment's colour ops with given per-example factors (each shaped (n, 1, 1, 1)).

    Brightness adds ``brightness - 0.5``; saturation scales the distance to the
    per-pixel channel mean by ``2 * saturation``; contrast scales the distance to
    the per-image mean by ``contrast + 0.5`` (factors uniform in [0, 1]).
    """
    x = x + (brightness - 0.5)
    mean = tf.reduce_mean(x, axis=3, keepdims=True)
    x = (x - mean) * (saturation * 2.0) + mean
    mean = tf.reduce_mean(x, axis=[1, 2, 3], keepdims=True)
    return (x - mean) * (contrast + 0.5) + mean


def translate(x, shift_rows, shift_cols):
    """Shifts each image by integer ``(shift_rows[i], shift_cols[i])`` pixels, zero-filling what enters.

    Output pixel (r, c) is input pixel (r - dy, c - dx) (zero when outside); a
    gather, so gradients reach the input.
    """
    height, width = tf.shape(x)[1], tf.shape(x)[2]
    rows = tf.range(height)[None, :] - shift_rows[:, None]  # (n, H): source row of each output row
    cols = tf.range(width)[None, :] - shift_cols[:, None]
    valid_rows = tf.cast((rows >= 0) & (rows < height), x.dtype)
    valid_cols = tf.cast((cols >= 0) & (cols < width), x.dtype)
    x = tf.gather(x, tf.clip_by_value(rows, 0, height - 1), axis=1, batch_dims=1)
    x = tf.gather(x, tf.clip_by_value(cols, 0, width - 1), axis=2, batch_dims=1)
    return x * valid_rows[:, :, None, None] * valid_cols[:, None, :, None]


def cut_out(x, centre_rows, centre_cols, size_rows, size_cols):
    """Zeroes a ``size_rows x size_cols`` rectangle centred at each image's ``(centre_rows[i], centre_cols[i])``."""
    height, width = tf.shape(x)[1], tf.shape(x)[2]
    top, left = centre_rows - size_rows // 2, centre_cols - size_cols // 2
    r = tf.range(height)[None, :]
    c = tf.range(width)[None, :]
    inside_rows = (r >= top[:, None]) & (r < top[:, None] + size_rows)
    inside_cols = (c >= left[:, None]) & (c < left[:, None] + size_cols)
    hole = tf.cast(inside_rows[:, :, None] & inside_cols[:, None, :], x.dtype)
    return x * (1.0 - hole[..., None])


@keras.saving.register_keras_serializable(package="keras_gans")
class DiffAugment(keras.layers.Layer):
    """DiffAugment: the same random, differentiable augmentations on real and generated images.

    Put in front of the discriminator (``networks.augmented_discriminator``),
    so every objective augments every image its discriminator sees (real,
    generated, interpolated) while training, and the generator's gradient
    flows back through the augmentation. In inference mode (``training=False``)
    it is the identity. Each augmentation in ``policy`` is applied to each
    example with probability ``probability`` (1 = DiffAugment; lower, or driven
    by :class:`~keras_gans.callbacks.AdaptiveAugmentation`, = ADA's adaptive
    probability). ``probability`` is a variable, saved with the model.

    The ops are DiffAugment's reference ones for images in [-1, 1]:
    colour (brightness +-0.5, saturation x[0, 2], contrast x[0.5, 1.5]),
    translation by up to ``translation_ratio`` of the size (zero padding),
    cutout of a ``cutout_ratio``-sized square at a random centre.

    Args:
        policy: comma-separated subset of ``"color,translation,cutout"``.
        probability: initial per-example probability of each augmentation, in [0, 1].
        translation_ratio: largest shift, as a fraction of height and width.
        cutout_ratio: side of the cut-out rectangle, as a fraction of height and width.
        seed: seed of the augmentation draws.

    Input shape: (batch, H, W, C). Output shape: the same.

    Raises:
        ValueError: an unknown policy, a probability outside [0, 1], a ratio
            outside (0, 1], or an input that is not rank 4.

    Example:
    ```python
    d = keras_gans.networks.augmented_discriminator(
        keras_gans.networks.dcgan_discriminator((28, 28, 1)), DiffAugment("color,translation,cutout"))
    ```

    Reference: Zhao et al., "Differentiable Augmentation for Data-Efficient GAN
    Training", NeurIPS 2020 (mit-han-lab/data-efficient-gans ``DiffAugment_tf.py``);
    Karras et al., "Training Generative Adversarial Networks with Limited Data", NeurIPS 2020 (ADA).
    """

    def __init__(self, policy="color,translation,cutout", probability=1.0, translation_ratio=0.125,
                 cutout_ratio=0.5, seed=None, **kwargs):
        super().__init__(**kwargs)
        names = [p.strip() for p in policy.split(",") if p.strip()] if isinstance(policy, str) else list(policy)
        unknown = [p for p in names if p not in POLICIES]
        if not names or unknown:
            raise ValueError(
                f"`policy` must be a comma-separated subset of {','.join(POLICIES)}. Received: policy={policy!r}"
            )
        if not 0.0 <= float(probability) <= 1.0:
            raise ValueError(f"`probability` must be in [0, 1]. Received: probability={probability}")
        for name, value in (("translation_ratio", translation_ratio), ("cutout_ratio", cutout_ratio)):
            if not 0.0 < float(value) <= 1.0:
                raise ValueError(f"`{name}` must be in (0, 1]. Received: {name}={value}")
        self.policy = ",".join(names)
        self.initial_probability = float(probability)
        self.translation_ratio = float(translation_ratio)
        self.cutout_ratio = float(cutout_ratio)
        self.seed = seed
        self.seed_generator = keras.random.SeedGenerator(seed)
        self.probability = self.add_weight(
            name="probability", shape=(), initializer=keras.initializers.Constant(self.initial_probability),
            trainable=False,
        )

    def build(self, input_shape):
        if len(input_shape) != 4:
            raise ValueError(
                f"DiffAugment expects images (batch, H, W, C). Received: input_shape={tuple(input_shape)}"
            )

    def _seed(self):
        from keras_gans.models.adversarial_model import replica_seed  # models import layers

        return replica_seed(self.seed_generator)

    def _uniform(self, shape, minval=0.0, maxval=1.0, dtype=tf.float32):
        return tf.random.stateless_uniform(shape, self._seed(), minval=minval, maxval=maxval, dtype=dtype)

    def _maybe(self, x, augmented):
        """Per example: the augmented image with probability ``probability``, else the input."""
        keep = tf.cast(self._uniform([tf.shape(x)[0], 1, 1, 1]) < tf.cast(self.probability, tf.float32), x.dtype)
        return keep * augmented + (1.0 - keep) * x

    def call(self, inputs, training=False):
        if not training:
            return inputs
        x = tf.cast(inputs, tf.float32)
        n = tf.shape(x)[0]
        height, width = tf.shape(x)[1], tf.shape(x)[2]
        for name in self.policy.split(","):
            if name == "color":
                factors = [self._uniform([n, 1, 1, 1]) for _ in range(3)]
                augmented = adjust_color(x, *factors)
            elif name == "translation":
                max_rows = tf.cast(tf.cast(height, tf.float32) * self.translation_ratio + 0.5, tf.int32)
                max_cols = tf.cast(tf.cast(width, tf.float32) * self.translation_ratio + 0.5, tf.int32)
                augmented = translate(
                    x, self._uniform([n], -max_rows, max_rows + 1, tf.int32),
                    self._uniform([n], -max_cols, max_cols + 1, tf.int32),
                )
            else:
                size_rows = tf.cast(tf.cast(height, tf.float32) * self.cutout_ratio + 0.5, tf.int32)
                size_cols = tf.cast(tf.cast(width, tf.float32) * self.cutout_ratio + 0.5, tf.int32)
                augmented = cut_out(
                    x, self._uniform([n], 0, height + (1 - size_rows % 2), tf.int32),
                    self._uniform([n], 0, width + (1 - size_cols % 2), tf.int32), size_rows, size_cols,
                )
            x = self._maybe(x, augmented)
        return tf.cast(x, inputs.dtype)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        config = super().get_config()
        config.update(policy=self.policy, probability=self.initial_probability,
                      translation_ratio=self.translation_ratio, cutout_ratio=self.cutout_ratio, seed=self.seed)
        return config
