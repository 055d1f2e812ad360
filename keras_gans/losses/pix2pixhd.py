"""pix2pixHD's losses over several discriminators: least squares, feature matching, VGG.

Each discriminator's output is a list: its intermediate activations, then its
logits (``networks.multiscale_discriminator`` returns one such list per scale).
Pure functions; every one returns a float32 scalar. The weights lambda = 10 of
the feature-matching and VGG terms are applied by ``models.Pix2PixHD``.
"""

import tensorflow as tf

from keras_gans.losses.adversarial import least_squares_discriminator_loss
from keras_gans.losses.adversarial import least_squares_generator_loss


def _f32(x):
    return tf.cast(tf.convert_to_tensor(x), tf.float32)


def _check_scales(real_outputs, fake_outputs):
    if len(real_outputs) != len(fake_outputs) or not real_outputs:
        raise ValueError(
            "`real_outputs` and `fake_outputs` must hold one list per discriminator, as many of each. "
            f"Received: {len(real_outputs)} and {len(fake_outputs)}"
        )
    for real, fake in zip(real_outputs, fake_outputs, strict=True):
        if len(real) != len(fake) or len(real) < 2:
            raise ValueError(
                "Every discriminator's outputs must be its intermediate layers then its logits "
                f"(at least 2), the same number for real and fake. Received: {len(real)} and {len(fake)}"
            )


def multiscale_least_squares_discriminator_loss(real_outputs, fake_outputs):
    """``sum_k 1/2 [E(D_k(x, y) - 1)^2 + E D_k(x, G(x))^2]`` over the discriminators' logits.

    Args:
        real_outputs: per discriminator, a list whose last entry is its logits on real pairs.
        fake_outputs: the same on generated pairs.

    Reference: Wang et al. 2018, Eq. 2 with the LSGAN loss (NVIDIA/pix2pixHD
    ``GANLoss(use_lsgan=True)``, ``loss_D = (loss_D_fake + loss_D_real) * 0.5``).
    """
    _check_scales(real_outputs, fake_outputs)
    return tf.add_n([
        least_squares_discriminator_loss(r[-1], f[-1]) for r, f in zip(real_outputs, fake_outputs, strict=True)
    ])


def multiscale_least_squares_generator_loss(fake_outputs):
    """``sum_k E(D_k(x, G(x)) - 1)^2`` over the discriminators' logits (pix2pixHD's ``loss_G_GAN``)."""
    if not fake_outputs:
        raise ValueError("`fake_outputs` must hold one list per discriminator. Received: []")
    # least_squares_generator_loss is half the squared error; pix2pixHD's G term is the whole MSE.
    return tf.add_n([2.0 * least_squares_generator_loss(f[-1]) for f in fake_outputs])


def multiscale_feature_matching_loss(real_outputs, fake_outputs):
    """pix2pixHD's feature-matching loss on every layer of every discriminator.

    ``sum_k sum_i (1 / num_D) (4 / (n_layers + 1)) E|D_k^(i)(x, y) - D_k^(i)(x, G(x))|``
    over each discriminator's intermediate activations (every output but the
    logits; ``n_layers + 1`` of them). The real features are constants (no
    gradient reaches the discriminator through this loss).

    Args:
        real_outputs: per discriminator, its activations then its logits on real pairs.
        fake_outputs: the same on generated pairs.

    Returns:
        Scalar float32 (without the weight lambda = 10).

    Raises:
        ValueError: different numbers of discriminators or of layers.

    Reference: Wang et al. 2018, Eq. 4 (NVIDIA/pix2pixHD ``pix2pixHD_model.py``:
    ``D_weights = 1 / num_D``, ``feat_weights = 4 / (n_layers_D + 1)``).
    """
    _check_scales(real_outputs, fake_outputs)
    total = []
    for real, fake in zip(real_outputs, fake_outputs, strict=True):
        scale = (1.0 / len(real_outputs)) * (4.0 / (len(real) - 1))
        for r, f in zip(real[:-1], fake[:-1], strict=True):
            total.append(scale * tf.reduce_mean(tf.abs(tf.stop_gradient(_f32(r)) - _f32(f))))
    return tf.add_n(total)


def weighted_feature_l1_loss(real_features, fake_features, weights):
    """``sum_i w_i E|F_i(y) - F_i(G(x))|``: pix2pixHD's VGG loss on a list of feature maps.

    Args:
        real_features: a list of feature maps of the targets (VGG relu1_1 ... relu5_1).
        fake_features: the same of the outputs.
        weights: one weight per map (pix2pixHD: 1/32, 1/16, 1/8, 1/4, 1).

    Raises:
        ValueError: lists of different lengths.

    Reference: Wang et al. 2018, Section 3.2 (perceptual loss, "Improving
    adversarial loss"); NVIDIA/pix2pixHD ``VGGLoss``.
    """
    if not (len(real_features) == len(fake_features) == len(weights)) or not weights:
        raise ValueError(
            "`real_features`, `fake_features` and `weights` must have the same length. "
            f"Received: {len(real_features)}, {len(fake_features)} and {len(weights)}"
        )
    return tf.add_n([
        float(w) * tf.reduce_mean(tf.abs(tf.stop_gradient(_f32(r)) - _f32(f)))
        for r, f, w in zip(real_features, fake_features, weights, strict=True)
    ])
