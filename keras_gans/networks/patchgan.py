"""The PatchGAN discriminator: one real/fake logit per image patch."""

import keras

from keras_gans.networks.blocks import check_positive
from keras_gans.networks.blocks import conv_block


def receptive_field(model):
    """The receptive field (pixels per side) of one output of a convolutional chain.

    Walks the model's ``Conv2D`` layers from the output back to the input:
    ``r <- (r - 1) * stride + kernel``, starting from ``r = 1``. Valid for a
    plain chain of convolutions such as :func:`patchgan_discriminator`
    (concatenations of inputs at the start do not change it).
    """
    convs = [layer for layer in model.layers if isinstance(layer, keras.layers.Conv2D)]
    field = 1
    for layer in reversed(convs):
        field = (field - 1) * int(layer.strides[0]) + int(layer.kernel_size[0])
    return field


def patchgan_discriminator(
    input_channels=1,
    target_channels=None,
    num_downsampling=3,
    base_filters=64,
    max_filters=512,
    norm="instance",
    image_size=None,
    name="patchgan",
):
    """PatchGAN: classifies each overlapping patch of an image as real or fake.

    ``num_downsampling`` stride-2 4x4 convolutions (filters doubling from
    ``base_filters``), one stride-1 4x4 convolution and a stride-1 4x4
    convolution to one logit per patch. The receptive field of a logit is
    1 + 3 (two stride-1 4x4 convs: 4, then 7) grown by ``(r - 1) * 2 + 4`` per
    downsampling: 16, 34, 70 (the paper's 70x70 for 256-pixel images), 142
    for ``num_downsampling`` = 1, 2, 3, 4. For 32-pixel images 1 or 2 fits.

    With ``target_channels`` the discriminator is conditional (pix2pix): it
    takes ``[condition, image]`` and concatenates them along channels, so it
    judges whether the image is a plausible translation *of that input*.

    Args:
        input_channels: channels of the (condition) input.
        target_channels: channels of the judged image for a conditional D;
            None: an unconditional D on ``input_channels`` images (CycleGAN).
        num_downsampling: stride-2 layers (sets the receptive field).
        base_filters: filters of the first layer.
        max_filters: filter cap.
        norm: 'instance', 'batch' or 'none' (never on the first layer).
        image_size: optional fixed ``(height, width)``; None: dynamic.
        name: model name.

    Returns:
        A functional ``keras.Model`` returning logits ``(batch, h, w, 1)``.

    Raises:
        ValueError: non-positive sizes or negative ``num_downsampling``.

    Example:
    ```python
    d = patchgan_discriminator(1, 1, num_downsampling=2)
    receptive_field(d)  # 34
    ```

    Reference: Isola et al., "Image-to-Image Translation with Conditional
    Adversarial Networks", CVPR 2017 (section 3.2.2, appendix 6.1.2).
    """
    if int(num_downsampling) < 0:
        raise ValueError(
            f"`num_downsampling` must be >= 0. Received: num_downsampling={num_downsampling}"
        )
    check_positive(input_channels=input_channels, base_filters=base_filters, max_filters=max_filters)
    if target_channels is not None and int(target_channels) <= 0:
        raise ValueError(f"`target_channels` must be positive. Received: target_channels={target_channels}")
    height, width = (None, None) if image_size is None else image_size
    init = keras.initializers.RandomNormal(0.0, 0.02)
    if target_channels is None:
        image = keras.Input((height, width, input_channels), name="image")
        inputs, x = image, image
    else:
        condition = keras.Input((height, width, input_channels), name="condition")
        image = keras.Input((height, width, target_channels), name="image")
        inputs = [condition, image]
        x = keras.layers.Concatenate(name="pair")([condition, image])
    for level in range(num_downsampling + 1):
        filters = min(base_filters * 2**level, max_filters)
        x = conv_block(x, filters, 4, f"{{}}{level}", init=init, strides=2 if level < num_downsampling else 1,
                       norm=norm if level > 0 else None, activation="leaky_relu")
    logits = keras.layers.Conv2D(
        1, 4, padding="same", kernel_initializer=init, dtype="float32", name="logits"
    )(x)
    return keras.Model(inputs, logits, name=name)
