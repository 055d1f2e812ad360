"""Critics: discriminators without BatchNorm, with LayerNorm or spectral norm options.

The gradient penalty of WGAN-GP is a per-example quantity, and BatchNorm makes
each output depend on the whole batch, so Gulrajani et al. (2017) drop it from
the critic and recommend layer normalization instead. Spectral normalization
(Miyato et al. 2018) bounds each layer's Lipschitz constant; it is offered here
as an option through ``keras.layers.SpectralNormalization``.

Both critics return one linear output per example (no sigmoid), which is what
the Wasserstein, hinge and least-squares losses take; the logistic losses take
it as a logit.
"""

import keras

from keras_gans.networks.dcgan import _check_image_shape
from keras_gans.networks.dcgan import _plan

NORMALIZATIONS = (None, "layer")


def _check_normalization(normalization):
    if normalization not in NORMALIZATIONS:
        raise ValueError(
            f"`normalization` must be one of {NORMALIZATIONS}. "
            f"Received: normalization={normalization!r}"
        )


def _maybe_spectral(layer, spectral_norm):
    return keras.layers.SpectralNormalization(layer) if spectral_norm else layer


def mlp_critic(
    data_dim=2,
    hidden_units=(128, 128, 128),
    normalization=None,
    spectral_norm=False,
    name="discriminator",
):
    """MLP critic ``x -> score`` for low-dimensional data.

    With ``normalization=None`` and ``spectral_norm=False`` it is the same
    network as :func:`keras_gans.networks.mlp_discriminator`.

    Args:
        data_dim: size of an example.
        hidden_units: ReLU layer widths.
        normalization: None or 'layer' (``LayerNormalization`` after each
            hidden Dense but the first, before the ReLU; the WGAN-GP
            recommendation).
        spectral_norm: wrap every Dense (output included) in
            ``keras.layers.SpectralNormalization`` (SNGAN).
        name: model name.

    Returns:
        A functional ``keras.Model`` mapping ``(batch, data_dim)`` to ``(batch, 1)``.

    Raises:
        ValueError: non-positive ``data_dim`` or unknown ``normalization``.

    Example:
    ```python
    critic = keras_gans.networks.mlp_critic(2, normalization="layer")
    ```

    Reference: Gulrajani et al., "Improved Training of Wasserstein GANs", 2017
    (Section 4); Miyato et al., "Spectral Normalization for GANs", ICLR 2018.
    """
    if data_dim <= 0:
        raise ValueError(f"`data_dim` must be positive. Received: data_dim={data_dim}")
    _check_normalization(normalization)
    x_in = keras.Input((data_dim,), name="samples")
    x = x_in
    for i, units in enumerate(hidden_units):
        x = _maybe_spectral(keras.layers.Dense(units), spectral_norm)(x)
        # Not after the first layer (as DCGAN leaves the input layer alone): on 2-D
        # data its features have a variance ~|x|^2, so normalising them makes the
        # input gradient blow up like 1/|x| near the origin and the penalty NaN.
        if i > 0 and normalization == "layer":
            x = keras.layers.LayerNormalization()(x)
        x = keras.layers.ReLU()(x)
    out = _maybe_spectral(keras.layers.Dense(1, dtype="float32"), spectral_norm)(x)
    out = keras.layers.Activation("linear", dtype="float32", name="logits")(out)
    return keras.Model(x_in, out, name=name)


def dcgan_critic(
    image_shape=(28, 28, 1),
    base_filters=64,
    normalization="layer",
    spectral_norm=False,
    name="discriminator",
):
    """DCGAN-style convolutional critic ``image -> score`` without BatchNorm.

    The DCGAN discriminator's layout (strided 4x4 convolutions, LeakyReLU(0.2),
    filters doubling per downsampling) with BatchNorm replaced by
    ``LayerNormalization`` over (H, W, C) of each example, or removed.

    Args:
        image_shape: (28, 28, C), (32, 32, 3) or (64, 64, 3).
        base_filters: filters of the first convolution.
        normalization: 'layer' (default, WGAN-GP) or None.
        spectral_norm: wrap every Conv2D/Dense in ``keras.layers.SpectralNormalization``.
        name: model name.

    Returns:
        A functional ``keras.Model`` mapping images to ``(batch, 1)`` scores.

    Raises:
        ValueError: unsupported ``image_shape`` or unknown ``normalization``.

    Example:
    ```python
    critic = keras_gans.networks.dcgan_critic((28, 28, 1))
    ```

    Reference: Gulrajani et al. 2017 (Section 4: "we use layer normalization
    as a drop-in replacement for batch normalization"); Radford et al. 2016.
    """
    _check_image_shape(image_shape)
    _check_normalization(normalization)
    _, downs = _plan(image_shape[0])
    images = keras.Input(tuple(image_shape), name="images")
    x = images
    filters = base_filters
    for i in range(downs):
        conv = keras.layers.Conv2D(filters, 4, strides=2, padding="same")
        x = _maybe_spectral(conv, spectral_norm)(x)
        if i > 0 and normalization == "layer":
            x = keras.layers.LayerNormalization(axis=(1, 2, 3))(x)
        x = keras.layers.LeakyReLU(0.2)(x)
        filters *= 2
    x = keras.layers.Flatten()(x)
    out = _maybe_spectral(keras.layers.Dense(1, dtype="float32"), spectral_norm)(x)
    out = keras.layers.Activation("linear", dtype="float32", name="logits")(out)
    return keras.Model(images, out, name=name)
