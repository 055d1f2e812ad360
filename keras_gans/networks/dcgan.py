"""DCGAN generator and discriminator (Radford et al. 2016).

Strided convolutions instead of pooling, BatchNorm in both nets (not on the
generator output nor the discriminator input), ReLU in the generator with a
tanh output, LeakyReLU(0.2) in the discriminator, no fully connected hidden
layers beyond the projection of z.
"""

import keras

from keras_gans.layers import PackSamples

SUPPORTED_SIZES = (28, 32, 64)


def _check_image_shape(image_shape):
    if len(image_shape) != 3:
        raise ValueError(
            f"`image_shape` must be (height, width, channels). Received: image_shape={image_shape}"
        )
    height, width, channels = image_shape
    if height != width or height not in SUPPORTED_SIZES:
        raise ValueError(
            "DCGAN networks support square images of size "
            f"{SUPPORTED_SIZES}. Received: image_shape={tuple(image_shape)}"
        )
    if channels not in (1, 3):
        raise ValueError(f"`channels` must be 1 or 3. Received: image_shape={tuple(image_shape)}")


def _batch_norm(synchronized):
    return keras.layers.BatchNormalization(momentum=0.9, synchronized=bool(synchronized))


def _plan(size):
    # (start size, number of stride-2 upsamplings)
    return {28: (7, 2), 32: (4, 3), 64: (4, 4)}[size]


def dcgan_generator(
    image_shape=(28, 28, 1), latent_dim=100, base_filters=64, synchronized_bn=False, name="generator"
):
    """DCGAN generator ``z -> image`` with a tanh output in [-1, 1].

    Args:
        image_shape: (28, 28, C), (32, 32, 3) or (64, 64, 3); C in {1, 3}.
        latent_dim: size of z.
        base_filters: filters of the last hidden layer; doubled per upsampling.
        synchronized_bn: compute BatchNorm statistics over the global batch
            (all replicas of a ``tf.distribute`` strategy) instead of each
            replica's slice; a no-op on one device.
        name: model name.

    Returns:
        A functional ``keras.Model``.
    """
    _check_image_shape(image_shape)
    if latent_dim <= 0:
        raise ValueError(f"`latent_dim` must be positive. Received: latent_dim={latent_dim}")
    start, ups = _plan(image_shape[0])
    filters = base_filters * 2 ** (ups - 1)
    z = keras.Input((latent_dim,), name="z")
    x = keras.layers.Dense(start * start * filters, use_bias=False)(z)
    x = _batch_norm(synchronized_bn)(x)
    x = keras.layers.ReLU()(x)
    x = keras.layers.Reshape((start, start, filters))(x)
    for _ in range(ups - 1):
        filters //= 2
        x = keras.layers.Conv2DTranspose(filters, 4, strides=2, padding="same", use_bias=False)(x)
        x = _batch_norm(synchronized_bn)(x)
        x = keras.layers.ReLU()(x)
    x = keras.layers.Conv2DTranspose(image_shape[-1], 4, strides=2, padding="same")(x)
    images = keras.layers.Activation("tanh", dtype="float32", name="images")(x)
    return keras.Model(z, images, name=name)


def dcgan_discriminator(
    image_shape=(28, 28, 1),
    base_filters=64,
    synchronized_bn=False,
    pack=1,
    name="discriminator",
):
    """DCGAN discriminator ``image -> logit`` (no sigmoid; losses take logits).

    Args:
        image_shape: as for :func:`dcgan_generator` (the shape of one sample).
        base_filters: filters of the first convolution; doubled per downsampling.
        synchronized_bn: as for :func:`dcgan_generator`.
        pack: m > 1 makes a PacGAN discriminator: a ``PackSamples(m)`` layer
            first stacks every m consecutive samples along channels, so the
            first convolution sees ``m * C`` channels and the net returns one
            logit per pack, (n / m, 1); n must be a multiple of m. Only the
            first convolution grows, as in PacGAN's packed DCGAN. Use it with
            ``models.PacGAN(..., pack=m)``.
        name: model name.

    Returns:
        A functional ``keras.Model``.

    Raises:
        ValueError: an unsupported ``image_shape`` or ``pack`` < 1.

    Example:
    ```python
    d = dcgan_discriminator((28, 28, 3), pack=2)  # (64, 28, 28, 3) -> (32, 1)
    ```

    Reference: Radford et al., ICLR 2016; packing: Lin et al., "PacGAN", NeurIPS 2018.
    """
    _check_image_shape(image_shape)
    if isinstance(pack, bool) or int(pack) != pack or int(pack) < 1:
        raise ValueError(f"`pack` must be an integer >= 1. Received: pack={pack!r}")
    _, downs = _plan(image_shape[0])
    images = keras.Input(image_shape, name="images")
    x = PackSamples(int(pack), name="pack_samples")(images) if pack > 1 else images
    filters = base_filters
    for i in range(downs):
        x = keras.layers.Conv2D(filters, 4, strides=2, padding="same", use_bias=i == 0)(x)
        if i > 0:
            x = _batch_norm(synchronized_bn)(x)
        x = keras.layers.LeakyReLU(0.2)(x)
        filters *= 2
    x = keras.layers.Flatten()(x)
    logits = keras.layers.Dense(1, dtype="float32", name="logits")(x)
    return keras.Model(images, logits, name=name)
