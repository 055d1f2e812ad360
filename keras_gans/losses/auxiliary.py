"""Auxiliary-classifier losses (ACGAN) as pure functions of logits and labels."""

import tensorflow as tf

from keras_gans.losses.adversarial import minimax_discriminator_loss
from keras_gans.losses.adversarial import non_saturating_generator_loss


def class_cross_entropy(class_logits, labels):
    """Mean softmax cross-entropy ``-log softmax(class_logits)[label]``.

    Args:
        class_logits: float (batch, K) unnormalised class scores.
        labels: int (batch,) class indices in [0, K).

    Returns:
        Scalar float32: the mean over the batch.
    """
    class_logits = tf.cast(class_logits, tf.float32)
    labels = tf.cast(labels, tf.int32)
    return tf.reduce_mean(
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=class_logits)
    )


def acgan_discriminator_loss(
    real_logits,
    fake_logits,
    real_class_logits,
    real_labels,
    fake_class_logits=None,
    fake_labels=None,
    class_weight=1.0,
):
    """ACGAN discriminator loss: ``-(L_S + class_weight * L_C)``.

    ``L_S`` is the log-likelihood of the correct source (the minimax GAN
    discriminator loss) and ``L_C`` the log-likelihood of the correct class on
    both real and generated images, as in Odena et al. 2017, Section 3.

    Args:
        real_logits, fake_logits: source logits on real and generated images.
        real_class_logits, fake_class_logits: class logits (batch, K).
        real_labels: the data's labels. fake_labels: the labels G was given.
            With ``fake_class_logits=None`` the class term covers real images
            only, so D's classifier is never trained on G's mistakes.
        class_weight: weight of the class term.

    Returns:
        Scalar float32.

    Reference: Odena, Olah & Shlens, "Conditional Image Synthesis with
    Auxiliary Classifier GANs", ICML 2017.
    """
    source = minimax_discriminator_loss(real_logits, fake_logits)
    classes = class_cross_entropy(real_class_logits, real_labels)
    if fake_class_logits is not None:
        classes = classes + class_cross_entropy(fake_class_logits, fake_labels)
    return source + class_weight * classes


def acgan_generator_loss(fake_logits, fake_class_logits, fake_labels, class_weight=1.0):
    """ACGAN generator loss: non-saturating source term plus class cross-entropy.

    G maximises ``L_C - L_S``; as for the plain GAN, the source term uses the
    non-saturating ``-log D(G(z, c))`` instead of ``log(1 - D(G(z, c)))``.

    Reference: Odena et al. 2017, Section 3.
    """
    return non_saturating_generator_loss(fake_logits) + class_weight * class_cross_entropy(
        fake_class_logits, fake_labels
    )
