"""Losses of the restoration objectives (SRGAN, StarGAN, image completion).

Pure functions of tensors returning float32 scalars, like the adversarial
losses; feature networks are injected as callables.
"""

import tensorflow as tf


def _f32(x):
    return tf.cast(tf.convert_to_tensor(x), tf.float32)


def _same_shape(a, b, names):
    if a.shape.rank is not None and b.shape.rank is not None and not a.shape.is_compatible_with(b.shape):
        raise ValueError(f"`{names[0]}` and `{names[1]}` must have the same shape. Received: {a.shape} and {b.shape}")


def pixel_mse(target, prediction):
    """Pixel-wise MSE, the SRResNet / SRGAN-MSE content loss: ``mean((y - G(x))^2)``.

    Args:
        target: the high-resolution images, any shape.
        prediction: the generated images, same shape.

    Returns:
        Scalar float32.

    Reference: Ledig et al. 2017, Eq. 4.
    """
    target, prediction = _f32(target), _f32(prediction)
    _same_shape(target, prediction, ("target", "prediction"))
    return tf.reduce_mean(tf.square(prediction - target))


def feature_mse(feature_fn, target, prediction, feature_scale=1.0 / 12.75):
    """Content loss on features: ``mean((s * phi(y) - s * phi(G(x)))^2)``.

    Args:
        feature_fn: callable images -> feature maps (e.g. VGG19 up to
            ``block5_conv4``, the paper's VGG54), treated as fixed.
        target: the high-resolution images.
        prediction: the generated images.
        feature_scale: ``s``; the paper rescales VGG features by 1/12.75 so the
            loss is of the order of the pixel MSE.

    Returns:
        Scalar float32.

    Reference: Ledig et al. 2017, Eq. 5.
    """
    target, prediction = _f32(target), _f32(prediction)
    _same_shape(target, prediction, ("target", "prediction"))
    real_features = tf.stop_gradient(_f32(feature_fn(target)))
    fake_features = _f32(feature_fn(prediction))
    return tf.reduce_mean(tf.square(feature_scale * (fake_features - real_features)))


def masked_mse(target, prediction, mask, epsilon=1e-8):
    """MSE inside the hole: ``sum(M * (C(x) - x)^2) / (sum(M) * channels)``.

    Normalised by the hole area, so the loss does not shrink with small holes.

    Args:
        target: original images (N, H, W, C).
        prediction: completed images (N, H, W, C).
        mask: (N, H, W, 1) or (N, H, W, C); 1 inside the hole, 0 outside.
        epsilon: guards an all-zero mask (the loss is then 0).

    Returns:
        Scalar float32.

    Reference: Iizuka et al. 2017, Eq. 1 (the weighted MSE loss).
    """
    target, prediction, mask = _f32(target), _f32(prediction), _f32(mask)
    _same_shape(target, prediction, ("target", "prediction"))
    mask = tf.broadcast_to(mask, tf.shape(target))
    return tf.reduce_sum(mask * tf.square(prediction - target)) / (tf.reduce_sum(mask) + epsilon)


def domain_classification_loss(target_domains, logits, multilabel=True):
    """The StarGAN domain classification loss.

    Args:
        target_domains: (N, D) float labels: binary attributes (multilabel) or one-hot.
        logits: (N, D) domain logits of the discriminator's auxiliary head.
        multilabel: True: sigmoid cross-entropy summed over the D attributes
            (CelebA in the paper); False: softmax cross-entropy over D exclusive
            domains (RaFD).

    Returns:
        Scalar float32: the mean over the batch.

    Reference: Choi et al. 2018, Eqs. 2-3.
    """
    target_domains, logits = _f32(target_domains), _f32(logits)
    _same_shape(target_domains, logits, ("target_domains", "logits"))
    if multilabel:
        per_attribute = tf.nn.sigmoid_cross_entropy_with_logits(labels=target_domains, logits=logits)
        return tf.reduce_mean(tf.reduce_sum(per_attribute, axis=-1))
    return tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=target_domains, logits=logits))


def cycle_l1(images, reconstructed):
    """StarGAN's reconstruction loss ``mean |x - G(G(x, c), c')|`` (L1).

    Reference: Choi et al. 2018, Eq. 4.
    """
    images, reconstructed = _f32(images), _f32(reconstructed)
    _same_shape(images, reconstructed, ("images", "reconstructed"))
    return tf.reduce_mean(tf.abs(images - reconstructed))
