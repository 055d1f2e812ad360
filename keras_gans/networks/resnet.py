"""The CycleGAN ResNet generator (Johnson et al.'s style-transfer network)."""

import keras

from keras_gans.layers.reflection_padding import ReflectionPadding2D
from keras_gans.networks.blocks import check_positive
from keras_gans.networks.blocks import conv_block
from keras_gans.networks.blocks import normalization


def _residual_block(x, filters, norm, init, name):
    y = ReflectionPadding2D(1, name=f"{name}_pad1")(x)
    y = keras.layers.Conv2D(filters, 3, kernel_initializer=init, name=f"{name}_conv1")(y)
    y = normalization(norm, name=f"{name}_norm1")(y)
    y = keras.layers.ReLU(name=f"{name}_act")(y)
    y = ReflectionPadding2D(1, name=f"{name}_pad2")(y)
    y = keras.layers.Conv2D(filters, 3, kernel_initializer=init, name=f"{name}_conv2")(y)
    y = normalization(norm, name=f"{name}_norm2")(y)
    return keras.layers.Add(name=f"{name}_add")([x, y])


def resnet_generator(
    input_channels=3,
    output_channels=None,
    num_blocks=9,
    base_filters=64,
    num_downsampling=2,
    norm="instance",
    image_size=None,
    name="resnet_generator",
):
    """c7s1-64, d128, d256, R256 x ``num_blocks``, u128, u64, c7s1-C with tanh.

    Reflection padding before every 7x7 and 3x3 convolution (no zero-padded
    frame), instance normalization (``GroupNormalization(groups=-1)``) and ReLU;
    stride-2 3x3 convolutions down and stride-2 transposed convolutions up.
    Height and width are dynamic and must be multiples of ``2**num_downsampling``
    (4 by default).

    Args:
        input_channels: channels of the input image.
        output_channels: channels of the output (default: ``input_channels``).
        num_blocks: residual blocks (9 for 256x256, 6 for 128x128 in the paper).
        base_filters: filters of the first layer (64).
        num_downsampling: stride-2 convolutions (2).
        norm: 'instance', 'batch' or 'none'.
        image_size: optional fixed ``(height, width)``.
        name: model name.

    Returns:
        A functional ``keras.Model`` ``image -> image`` in [-1, 1].

    Raises:
        ValueError: non-positive sizes, or negative ``num_blocks``.

    Example:
    ```python
    g = resnet_generator(1, num_blocks=2, base_filters=16)
    y = g(keras.ops.zeros((1, 32, 32, 1)))  # (1, 32, 32, 1)
    ```

    Reference: Zhu et al., "Unpaired Image-to-Image Translation using
    Cycle-Consistent Adversarial Networks", ICCV 2017 (appendix 7.2);
    Johnson et al., "Perceptual Losses for Real-Time Style Transfer", ECCV 2016.
    """
    output_channels = input_channels if output_channels is None else output_channels
    check_positive(
        input_channels=input_channels, output_channels=output_channels, base_filters=base_filters
    )
    if int(num_blocks) < 0 or int(num_downsampling) < 0:
        raise ValueError(
            "`num_blocks` and `num_downsampling` must be >= 0. "
            f"Received: num_blocks={num_blocks}, num_downsampling={num_downsampling}"
        )
    multiple = 2**num_downsampling
    if image_size is not None and any(int(s) % multiple for s in image_size):
        raise ValueError(
            f"`image_size` must be a multiple of {multiple}. Received: image_size={tuple(image_size)}"
        )
    height, width = (None, None) if image_size is None else image_size
    init = keras.initializers.RandomNormal(0.0, 0.02)
    inputs = keras.Input((height, width, input_channels), name="image")
    x = ReflectionPadding2D(3, name="in_pad")(inputs)
    x = conv_block(x, base_filters, 7, "in_{}", init=init, padding="valid", norm=norm)
    filters = base_filters
    for level in range(num_downsampling):
        filters *= 2
        x = conv_block(x, filters, 3, f"down{level}_{{}}", init=init, strides=2, norm=norm)
    for block in range(num_blocks):
        x = _residual_block(x, filters, norm, init, name=f"res{block}")
    for level in range(num_downsampling):
        filters //= 2
        x = conv_block(
            x, filters, 3, f"up{level}_{{}}", init=init, strides=2, transpose=True, norm=norm
        )
    x = ReflectionPadding2D(3, name="out_pad")(x)
    x = keras.layers.Conv2D(output_channels, 7, kernel_initializer=init, name="out_conv")(x)
    outputs = keras.layers.Activation("tanh", dtype="float32", name="out")(x)
    return keras.Model(inputs, outputs, name=name)
