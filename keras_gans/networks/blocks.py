"""Pieces the convolutional architectures share: size checks, normalization, conv-norm-activation."""

import keras

NORMS = ("instance", "batch", "none")


def check_positive(**values):
    """Raises the house ``ValueError`` for the first of ``values`` that is not positive."""
    for arg, value in values.items():
        if int(value) <= 0:
            raise ValueError(f"`{arg}` must be positive. Received: {arg}={value}")


def normalization(norm, name=None):
    """The normalization layer named by ``norm`` ('instance', 'batch' or 'none').

    Instance normalization is ``GroupNormalization(groups=-1)`` (one group per
    channel), the Keras replacement of TensorFlow Addons' InstanceNormalization.
    """
    if norm == "instance":
        return keras.layers.GroupNormalization(groups=-1, epsilon=1e-5, name=name)
    if norm == "batch":
        return keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-5, name=name)
    if norm == "none":
        return keras.layers.Identity(name=name)
    raise ValueError(f"`norm` must be one of {NORMS}. Received: norm={norm!r}")


def conv_block(
    x,
    filters,
    kernel,
    name,
    *,
    init,
    strides=1,
    padding="same",
    transpose=False,
    norm="instance",
    activation="relu",
    dropout=0.0,
):
    """Convolution, normalization, optional dropout and activation: the unit of pix2pix and CycleGAN nets.

    Args:
        x: the input tensor.
        filters, kernel, strides, padding: of the ``Conv2D`` (``Conv2DTranspose`` when ``transpose``).
        name: a format string; the layers are named ``name.format(part)`` for part in
            conv, norm, dropout, act (``"down0_{}"``: ``down0_conv`` ...), the names saved
            models and weight files rely on.
        init: the kernel initializer.
        norm: as for :func:`normalization`; None adds no normalization layer at all.
        activation: 'relu' or 'leaky_relu' (slope 0.2, as in the pix2pix encoder and PatchGAN).
        dropout: rate of a ``Dropout`` between normalization and activation; 0: none.

    Returns:
        The output tensor.
    """
    conv = keras.layers.Conv2DTranspose if transpose else keras.layers.Conv2D
    x = conv(
        filters,
        kernel,
        strides=strides,
        padding=padding,
        kernel_initializer=init,
        name=name.format("conv"),
    )(x)
    if norm is not None:
        x = normalization(norm, name=name.format("norm"))(x)
    if dropout > 0:
        x = keras.layers.Dropout(dropout, name=name.format("dropout"))(x)
    if activation == "leaky_relu":
        return keras.layers.LeakyReLU(0.2, name=name.format("act"))(x)
    return keras.layers.ReLU(name=name.format("act"))(x)
