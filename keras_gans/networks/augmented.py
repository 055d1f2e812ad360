"""A discriminator that augments its image input while training (DiffAugment / ADA)."""

import keras


def augmented_discriminator(discriminator, augment, name=None):
    """``discriminator`` with ``augment`` (e.g. :class:`~keras_gans.layers.DiffAugment`) applied to its image input.

    Every objective calls its discriminator on real, generated (and, for
    penalties, interpolated) images with ``training=True``, so all of them are
    augmented alike and the generator's gradient passes through the
    augmentation; with ``training=False`` the layer is the identity. For
    discriminators with several inputs (image and label, image and local
    window) only the first is augmented.

    Args:
        discriminator: a functional ``keras.Model``.
        augment: a Keras layer mapping images to images.
        name: model name (the discriminator's by default).

    Returns:
        A functional ``keras.Model`` with the discriminator's inputs and outputs.
    """
    inputs = [keras.Input(tuple(t.shape[1:]), name=t.name.split(":")[0]) for t in discriminator.inputs]
    first = augment(inputs[0])
    outputs = discriminator([first, *inputs[1:]] if len(inputs) > 1 else first)
    return keras.Model(inputs if len(inputs) > 1 else inputs[0], outputs, name=name or discriminator.name)
