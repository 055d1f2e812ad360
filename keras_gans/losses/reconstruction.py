"""Pixel reconstruction losses of image-to-image translation (pix2pix, CycleGAN).

Pure functions of image tensors of any shape; each returns a float32 scalar.
The loss weights (pix2pix's lambda = 100, CycleGAN's lambda = 10 and 0.5 * lambda)
are applied by the models, so the functions stay comparable across objectives.
"""

import tensorflow as tf


def _f32(x):
    return tf.cast(tf.convert_to_tensor(x), tf.float32)


def l1_loss(target, output):
    """Mean absolute error ``E|target - output|`` over every element.

    pix2pix adds it to the cGAN loss: L1 rather than L2 because it blurs less.

    Raises:
        ValueError: the shapes differ (when both are known).

    Reference: Isola et al., "Image-to-Image Translation with Conditional
    Adversarial Networks", CVPR 2017, equation 3.
    """
    target, output = _f32(target), _f32(output)
    if target.shape.is_fully_defined() and output.shape.is_fully_defined():
        if target.shape != output.shape:
            raise ValueError(
                f"`target` and `output` must have the same shape. "
                f"Received: {target.shape} and {output.shape}"
            )
    return tf.reduce_mean(tf.abs(target - output))


def cycle_consistency_loss(real_a, cycled_a, real_b, cycled_b):
    """``E|F(G(a)) - a| + E|G(F(b)) - b|``: both directions of the cycle.

    Args:
        real_a: images of domain A.
        cycled_a: ``F(G(real_a))``, translated to B and back.
        real_b: images of domain B.
        cycled_b: ``G(F(real_b))``.

    Reference: Zhu et al., "Unpaired Image-to-Image Translation using
    Cycle-Consistent Adversarial Networks", ICCV 2017, equation 2.
    """
    return l1_loss(real_a, cycled_a) + l1_loss(real_b, cycled_b)


def identity_loss(real_a, same_a, real_b, same_b):
    """``E|F(a) - a| + E|G(b) - b|``: a generator fed its own target domain should not change it.

    Args:
        real_a: images of domain A.
        same_a: ``F(real_a)``, the B->A generator applied to A.
        real_b: images of domain B.
        same_b: ``G(real_b)``, the A->B generator applied to B.

    Reference: Zhu et al., CycleGAN, ICCV 2017, section 5.2 (from Taigman et al. 2017).
    """
    return l1_loss(real_a, same_a) + l1_loss(real_b, same_b)
