"""The pix2pix U-Net generator: an encoder-decoder with skip connections."""

import functools

import keras

from keras_gans.networks.blocks import NORMS
from keras_gans.networks.blocks import check_positive
from keras_gans.networks.blocks import conv_block


def spatial_multiple(model):
    """The number that a network's input height and width must be a multiple of.

    The product of the strides of the model's (non-transposed) convolutions:
    ``2**depth`` for a U-Net, 4 for the CycleGAN ResNet generator.
    """
    multiple = 1
    for layer in model.layers:
        if isinstance(layer, keras.layers.Conv2D) and not isinstance(
            layer, keras.layers.Conv2DTranspose
        ):
            multiple *= int(layer.strides[0])
    return multiple


def unet_generator(
    input_channels=1,
    output_channels=1,
    depth=5,
    base_filters=64,
    max_filters=512,
    dropout=0.5,
    num_dropout_layers=3,
    norm="instance",
    image_size=None,
    name="unet_generator",
):
    """U-Net ``image -> image`` with a tanh output in [-1, 1].

    ``depth`` stride-2 4x4 convolutions (LeakyReLU 0.2) halve the image down to
    ``H / 2**depth``; as many stride-2 transposed convolutions (ReLU) bring it
    back, each concatenated with the encoder map of the same size, so low-level
    detail (edges, positions) skips the bottleneck. The first
    ``num_dropout_layers`` decoder blocks apply dropout: pix2pix keeps dropout
    on at test time as the generator's only source of noise (call the network
    with ``training=True``); with instance normalization (the default, which is
    what pix2pix's batch norm at batch size 1 amounts to) that flag changes
    nothing else. The outermost encoder block and the bottleneck are not
    normalized (a 1x1 bottleneck would be normalized to zero).

    Height and width are dynamic (None) unless ``image_size`` is given; they
    must be multiples of ``2**depth``.

    Args:
        input_channels: channels of the input image.
        output_channels: channels of the output image.
        depth: number of downsamplings (8 for 256x256 in the paper; 5 for 32x32).
        base_filters: filters of the first block, doubled per level up to ``max_filters``.
        max_filters: filter cap.
        dropout: dropout rate of the first decoder blocks.
        num_dropout_layers: how many decoder blocks (from the bottleneck) use dropout.
        norm: 'instance', 'batch' or 'none'.
        image_size: optional fixed ``(height, width)``.
        name: model name.

    Returns:
        A functional ``keras.Model`` with input ``image`` ``(batch, H, W, input_channels)``.

    Raises:
        ValueError: non-positive sizes, unknown ``norm``, or an ``image_size``
            that is not a multiple of ``2**depth``.

    Example:
    ```python
    g = unet_generator(1, 1, depth=5, base_filters=32)
    y = g(keras.ops.zeros((2, 32, 32, 1)))  # (2, 32, 32, 1)
    ```

    Reference: Isola et al., "Image-to-Image Translation with Conditional
    Adversarial Networks", CVPR 2017 (appendix 6.1.1); Ronneberger et al., U-Net, 2015.
    """
    check_positive(
        input_channels=input_channels,
        output_channels=output_channels,
        depth=depth,
        base_filters=base_filters,
        max_filters=max_filters,
    )
    if norm not in NORMS:
        raise ValueError(f"`norm` must be one of {NORMS}. Received: norm={norm!r}")
    if not 0.0 <= float(dropout) < 1.0:
        raise ValueError(f"`dropout` must be in [0, 1). Received: dropout={dropout}")
    multiple = 2**depth
    if image_size is not None and any(int(s) % multiple for s in image_size):
        raise ValueError(
            f"`image_size` must be a multiple of 2**depth = {multiple}. "
            f"Received: image_size={tuple(image_size)}"
        )
    height, width = (None, None) if image_size is None else image_size
    init = keras.initializers.RandomNormal(0.0, 0.02)
    inputs = keras.Input((height, width, input_channels), name="image")
    x = inputs
    skips = []
    # Every block is a stride-2 4x4 convolution with the DCGAN initializer.
    block = functools.partial(conv_block, kernel=4, init=init, strides=2)
    for level in range(depth):
        filters = min(base_filters * 2**level, max_filters)
        down_norm = norm if 0 < level < depth - 1 else None
        x = block(x, filters, name=f"down{level}_{{}}", norm=down_norm, activation="leaky_relu")
        skips.append(x)
    for level in reversed(range(depth - 1)):
        filters = min(base_filters * 2**level, max_filters)
        up_dropout = dropout if depth - 2 - level < num_dropout_layers else 0.0
        x = block(x, filters, name=f"up{level}_{{}}", transpose=True, norm=norm, dropout=up_dropout)
        x = keras.layers.Concatenate(name=f"up{level}_skip")([x, skips[level]])
    x = keras.layers.Conv2DTranspose(
        output_channels, 4, strides=2, padding="same", kernel_initializer=init, name="out_conv"
    )(x)
    outputs = keras.layers.Activation("tanh", dtype="float32", name="out")(x)
    return keras.Model(inputs, outputs, name=name)
