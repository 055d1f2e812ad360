"""DCGAN-style networks conditioned on a class label (and InfoGAN codes).

The generator concatenates an encoding of the label (and optional continuous
codes) to z before the DCGAN projection; the discriminator either appends a
learned label map as an extra input channel (``conditioning="concat"``, as
Mirza & Osindero feed y to D's input) or uses a projection head (Miyato &
Koyama 2018). The auxiliary discriminator is the unconditional DCGAN body
with extra heads: class logits (ACGAN) and, for InfoGAN, continuous codes.
"""

import keras

from keras_gans.networks import conditioning as cond
from keras_gans.networks.dcgan import _check_image_shape
from keras_gans.networks.dcgan import _plan


def conditional_dcgan_generator(
    image_shape=(28, 28, 1),
    latent_dim=100,
    num_classes=10,
    num_continuous=0,
    label_encoding="embedding",
    embedding_dim=None,
    base_filters=64,
    dense_units=None,
    name="generator",
):
    """DCGAN generator ``[z, label(, continuous)] -> image`` with a tanh output.

    Args:
        image_shape: (28, 28, C), (32, 32, 3) or (64, 64, 3).
        latent_dim: size of z.
        num_classes: number of label values (InfoGAN: categories of its code).
        num_continuous: InfoGAN continuous codes; 0 for a plain label input.
        label_encoding: 'embedding' or 'one_hot'.
        embedding_dim: embedding width (default ``num_classes``).
        base_filters: filters of the last hidden layer; doubled per upsampling.
        dense_units: width of a Dense-BN-ReLU layer before the projection
            (InfoGAN's MNIST generator uses 1024); None: project directly.
        name: model name.

    Returns:
        A functional ``keras.Model`` with inputs ``z`` float32 (batch, latent_dim),
        ``label`` int32 (batch,) and, when ``num_continuous``, ``continuous``
        float32 (batch, num_continuous).

    Raises:
        ValueError: unsupported image shape, non-positive sizes, unknown encoding.

    Example:
    ```python
    g = conditional_dcgan_generator((28, 28, 1), latent_dim=64, num_classes=10)
    images = g([np.zeros((2, 64), "float32"), np.array([3, 7], "int32")])
    ```
    """
    _check_image_shape(image_shape)
    cond.check_num_classes(num_classes)
    cond.check_num_continuous(num_continuous)
    if latent_dim <= 0:
        raise ValueError(f"`latent_dim` must be positive. Received: latent_dim={latent_dim}")
    start, ups = _plan(image_shape[0])
    filters = base_filters * 2 ** (ups - 1)
    inputs, x = cond.generator_inputs(
        latent_dim, num_classes, num_continuous, label_encoding, embedding_dim
    )
    if dense_units:
        x = keras.layers.Dense(dense_units, use_bias=False)(x)
        x = keras.layers.BatchNormalization(momentum=0.9)(x)
        x = keras.layers.ReLU()(x)
    x = keras.layers.Dense(start * start * filters, use_bias=False)(x)
    x = keras.layers.BatchNormalization(momentum=0.9)(x)
    x = keras.layers.ReLU()(x)
    x = keras.layers.Reshape((start, start, filters))(x)
    for _ in range(ups - 1):
        filters //= 2
        x = keras.layers.Conv2DTranspose(filters, 4, strides=2, padding="same", use_bias=False)(x)
        x = keras.layers.BatchNormalization(momentum=0.9)(x)
        x = keras.layers.ReLU()(x)
    x = keras.layers.Conv2DTranspose(image_shape[-1], 4, strides=2, padding="same")(x)
    images = keras.layers.Activation("tanh", dtype="float32", name="images")(x)
    return keras.Model(inputs, images, name=name)


def _features(x, downs, base_filters):
    """The DCGAN discriminator body: strided convs, BN after the first, LeakyReLU."""
    filters = base_filters
    for i in range(downs):
        x = keras.layers.Conv2D(filters, 4, strides=2, padding="same", use_bias=i == 0)(x)
        if i > 0:
            x = keras.layers.BatchNormalization(momentum=0.9)(x)
        x = keras.layers.LeakyReLU(0.2)(x)
        filters *= 2
    return keras.layers.Flatten()(x)


def conditional_dcgan_discriminator(
    image_shape=(28, 28, 1),
    num_classes=10,
    conditioning="concat",
    label_encoding="one_hot",
    base_filters=64,
    name="discriminator",
):
    """DCGAN discriminator ``[image, label] -> logit`` conditioned on the label.

    Args:
        image_shape: as for :func:`conditional_dcgan_generator`.
        num_classes: number of label values.
        conditioning: 'concat' (the label code broadcast over the image and
            appended as input channels) or 'projection' (Miyato & Koyama 2018: inner product of a
            class embedding with the penultimate features).
        label_encoding: for 'concat', 'one_hot' (K channels) or 'embedding'.
        base_filters: filters of the first convolution.
        name: model name.

    Returns:
        A functional ``keras.Model``: inputs ``images``, ``label``; output logits (batch, 1).
    """
    _check_image_shape(image_shape)
    cond.check_num_classes(num_classes)
    cond.check_conditioning(conditioning)
    height, width, _ = image_shape
    _, downs = _plan(height)
    images = keras.Input(image_shape, name="images")
    label = cond.label_input()
    if conditioning == "concat":
        # The label code broadcast over every pixel: K extra input channels, so
        # the first convolution sees (pixel, label) pairs everywhere.
        encoded = cond.encode_label(label, num_classes, label_encoding)
        label_map = keras.layers.Reshape((1, 1, encoded.shape[-1]))(encoded)
        label_map = keras.layers.UpSampling2D((height, width), name="label_map")(label_map)
        x = keras.layers.Concatenate()([images, label_map])
        logits = keras.layers.Dense(1, dtype="float32", name="logits")(
            _features(x, downs, base_filters)
        )
    else:
        features = _features(images, downs, base_filters)
        logits = cond.projection_logit(features, label, num_classes)
    return keras.Model([images, label], logits, name=name)


def auxiliary_dcgan_discriminator(
    image_shape=(28, 28, 1),
    num_classes=10,
    num_continuous=0,
    head_units=None,
    base_filters=64,
    dense_units=None,
    name="discriminator",
):
    """DCGAN discriminator with auxiliary heads sharing its convolutional body.

    Outputs ``[logits (batch, 1), class_logits (batch, num_classes)]`` for
    ACGAN; with ``num_continuous`` > 0 (InfoGAN's Q network) a third output
    ``continuous`` (batch, num_continuous) predicts the continuous codes' means.

    Args:
        image_shape: as for :func:`conditional_dcgan_generator`.
        num_classes: classes (ACGAN) or categories of the categorical code (InfoGAN).
        num_continuous: continuous codes predicted by the Q head.
        head_units: width of a hidden Dense-BN-LeakyReLU layer before the
            auxiliary heads (InfoGAN's Q uses 128); None: linear heads.
        base_filters: filters of the first convolution.
        dense_units: width of a Dense-BN-LeakyReLU layer on top of the
            convolutions, shared by every head (InfoGAN's MNIST D/Q body ends
            with 1024); None: the heads read the flattened convolutions.
        name: model name.
    """
    _check_image_shape(image_shape)
    cond.check_num_classes(num_classes)
    cond.check_num_continuous(num_continuous)
    _, downs = _plan(image_shape[0])
    images = keras.Input(image_shape, name="images")
    features = _features(images, downs, base_filters)
    if dense_units:
        features = keras.layers.Dense(dense_units, use_bias=False)(features)
        features = keras.layers.BatchNormalization(momentum=0.9)(features)
        features = keras.layers.LeakyReLU(0.2)(features)
    logits = keras.layers.Dense(1, dtype="float32", name="logits")(features)
    head = features
    if head_units:
        head = keras.layers.Dense(head_units, use_bias=False)(head)
        head = keras.layers.BatchNormalization(momentum=0.9)(head)
        head = keras.layers.LeakyReLU(0.2)(head)
    outputs = [logits, keras.layers.Dense(num_classes, dtype="float32", name="class_logits")(head)]
    if num_continuous:
        outputs.append(keras.layers.Dense(num_continuous, dtype="float32", name="continuous")(head))
    return keras.Model(images, outputs, name=name)
