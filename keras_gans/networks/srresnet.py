"""SRResNet generator and the SRGAN discriminator (Ledig et al. 2017).

The generator is fully convolutional, so one trained model super-resolves
images of any size: ``(N, h, w, C) -> (N, scale * h, scale * w, C)``.
Upsampling is sub-pixel (``depth_to_space``) in steps of x2.
"""

import keras

from keras_gans.layers.bicubic_upsampling import BicubicUpsampling
from keras_gans.layers.subpixel_upsampling import SubPixelUpsampling


def _check_positive(**values):
    for key, value in values.items():
        if int(value) <= 0:
            raise ValueError(f"`{key}` must be positive. Received: {key}={value}")


def _prelu():
    # One slope per channel, shared over space, so the net stays size-agnostic.
    return keras.layers.PReLU(alpha_initializer=keras.initializers.Constant(0.25), shared_axes=[1, 2])


def _batch_norm(x):
    return keras.layers.BatchNormalization(momentum=0.9)(x)


UPSAMPLINGS = ("progressive", "final")


def srresnet_generator(channels=3, scale=4, num_blocks=16, filters=64, bicubic_residual=False, batch_norm=True,
                       upsampling="progressive", name="srresnet"):
    """SRResNet: B residual blocks, a long skip, sub-pixel x2 upsamplings, tanh output.

    ``bicubic_residual=True`` (not in the paper; VDSR-style global residual)
    adds the network's output to a bicubic upsampling of the input instead of
    applying tanh, and zero-initialises the last convolution, so the untrained
    network is exactly bicubic (away from the border) and learns only the
    missing detail: training starts at bicubic quality instead of a blank
    image. The output is then unbounded (metrics clip to [-1, 1]).

    Args:
        channels: image channels (3 for RGB).
        scale: 2, 4 or 8 (a power of two: one sub-pixel x2 block per factor 2).
        num_blocks: residual blocks (16 in the paper).
        filters: feature maps (64 in the paper).
        bicubic_residual: predict a residual over bicubic upsampling (False: the paper).
        batch_norm: BatchNormalization in the residual blocks (True: the paper;
            False: EDSR's choice (Lim et al. 2017), which found BN hurts SR).
        upsampling: 'progressive' (the paper: per factor 2, a 3x3 conv to
            4 * filters maps, ``depth_to_space(2)`` and PReLU, then a 9x9 conv
            at high resolution) or 'final' (ESPCN, Shi et al. 2016: one 3x3
            conv at low resolution to ``channels * scale**2`` maps, then
            ``depth_to_space(scale)``; no layer runs at high resolution, so a
            x4 training step costs 4-8x less on CPU for the same held-out
            PSNR, see benchmarks/results/restoration_notes.md).
        name: model name.

    Returns:
        A functional ``keras.Model`` ``image (N, h, w, C) in [-1, 1] ->
        (N, scale*h, scale*w, C) in [-1, 1]`` with dynamic h and w.

    Raises:
        ValueError: non-positive sizes, a scale that is not a power of two, or
            an unknown ``upsampling``.

    Example:
    ```python
    net = srresnet_generator(scale=4, num_blocks=16, filters=64)
    hr = net(np.zeros((1, 24, 24, 3), "float32"))  # (1, 96, 96, 3)
    ```

    Reference: Ledig et al., "Photo-Realistic Single Image Super-Resolution
    Using a Generative Adversarial Network", CVPR 2017, Figure 4.
    """
    _check_positive(channels=channels, num_blocks=num_blocks, filters=filters)
    if scale not in (2, 4, 8):
        raise ValueError(f"`scale` must be 2, 4 or 8. Received: scale={scale}")
    if upsampling not in UPSAMPLINGS:
        raise ValueError(f"`upsampling` must be one of {UPSAMPLINGS}. Received: upsampling={upsampling!r}")
    image = keras.Input((None, None, channels), name="image")
    x = keras.layers.Conv2D(filters, 9, padding="same")(image)
    x = skip = _prelu()(x)
    for _ in range(num_blocks):
        y = keras.layers.Conv2D(filters, 3, padding="same")(x)
        y = _batch_norm(y) if batch_norm else y
        y = _prelu()(y)
        y = keras.layers.Conv2D(filters, 3, padding="same")(y)
        y = _batch_norm(y) if batch_norm else y
        x = keras.layers.Add()([x, y])
    x = keras.layers.Conv2D(filters, 3, padding="same")(x)
    x = _batch_norm(x) if batch_norm else x
    x = keras.layers.Add()([x, skip])
    last_init = "zeros" if bicubic_residual else "glorot_uniform"
    if upsampling == "final":
        x = keras.layers.Conv2D(channels * scale * scale, 3, padding="same", kernel_initializer=last_init)(x)
        x = SubPixelUpsampling(scale)(x)
    else:
        factor = 1
        while factor < scale:
            x = keras.layers.Conv2D(filters * 4, 3, padding="same")(x)
            x = SubPixelUpsampling(2)(x)
            x = _prelu()(x)
            factor *= 2
        x = keras.layers.Conv2D(channels, 9, padding="same", kernel_initializer=last_init)(x)
    if bicubic_residual:
        upsampled = BicubicUpsampling(scale)(image)
        output = keras.layers.Add(dtype="float32", name="hr_image")([upsampled, x])
    else:
        output = keras.layers.Activation("tanh", dtype="float32", name="hr_image")(x)
    return keras.Model(image, output, name=name)


def srgan_discriminator(channels=3, filters=64, num_blocks=4, dense_units=1024, name="srgan_discriminator"):
    """The SRGAN discriminator: pairs of 3x3 convs (stride 1, then 2), doubling filters.

    The paper flattens a fixed 96x96 input into ``Dense(1024)``; here a global
    average pool comes first, so the same discriminator accepts any patch
    size (the only deviation; it trains on fixed-size HR crops either way).

    Args:
        channels: image channels.
        filters: filters of the first block (64 in the paper: 64, 128, 256, 512).
        num_blocks: conv pairs (4 in the paper: 8 conv layers).
        dense_units: hidden dense width (1024 in the paper).
        name: model name.

    Returns:
        A functional ``keras.Model`` ``image -> logit (N, 1)``.

    Reference: Ledig et al. 2017, Figure 4 (bottom).
    """
    _check_positive(channels=channels, filters=filters, num_blocks=num_blocks, dense_units=dense_units)
    image = keras.Input((None, None, channels), name="image")
    x = image
    for block in range(num_blocks):
        width = filters * 2**block
        for stride in (1, 2):
            first = block == 0 and stride == 1
            x = keras.layers.Conv2D(width, 3, strides=stride, padding="same", use_bias=first)(x)
            if not first:
                x = keras.layers.BatchNormalization(momentum=0.9)(x)
            x = keras.layers.LeakyReLU(0.2)(x)
    x = keras.layers.GlobalAveragePooling2D()(x)
    x = keras.layers.Dense(dense_units)(x)
    x = keras.layers.LeakyReLU(0.2)(x)
    logit = keras.layers.Dense(1, dtype="float32", name="logit")(x)
    return keras.Model(image, logit, name=name)
