"""Globally and locally consistent image completion (Iizuka et al. 2017).

The completion network takes the image and the hole mask as an input
channel, runs a dilated-convolution bottleneck, and pastes its prediction
into the hole only (pixels outside the hole are returned unchanged).
"""

import keras
import numpy as np


def _check_positive(**values):
    for key, value in values.items():
        if int(value) <= 0:
            raise ValueError(f"`{key}` must be positive. Received: {key}={value}")


def _conv(x, filters, kernel, strides=1, dilation=1):
    x = keras.layers.Conv2D(filters, kernel, strides=strides, dilation_rate=dilation, padding="same", use_bias=False)(x)
    x = keras.layers.BatchNormalization(momentum=0.9)(x)
    return keras.layers.ReLU()(x)


def completion_network(channels=3, filters=64, dilations=(2, 4, 8, 16), fill_value=0.0,
                       name="completion_network"):
    """The completion network: 2 down-samplings, dilated convs, 2 up-samplings.

    The masked image (hole pixels set to ``fill_value``) and the mask are
    stacked into ``C + 1`` input channels; the output is
    ``mask * prediction + (1 - mask) * image``.

    Args:
        channels: image channels.
        fill_value: what the hole holds at the input: the paper fills it with
            the training data's mean pixel value (a float, or one per channel);
            0 is the middle of the [-1, 1] range, not the mean of most data
            (mnist_5k's is -0.74), so recipes pass their data's mean.
        filters: width of the first layer (64 in the paper; 128 and 256 follow).
        dilations: dilation rates of the bottleneck 3x3 convs ((2, 4, 8, 16) in
            the paper); they widen the receptive field without down-sampling.
        name: model name.

    Returns:
        A functional ``keras.Model`` ``[image (N, H, W, C) in [-1, 1], mask (N, H, W, 1)
        in {0, 1}, 1 = hole] -> completed image (N, H, W, C)``; H, W divisible by 4.

    Raises:
        ValueError: non-positive sizes or dilations.

    Reference: Iizuka, Simo-Serra and Ishikawa, "Globally and Locally
    Consistent Image Completion", SIGGRAPH 2017, Table 1.
    """
    _check_positive(channels=channels, filters=filters)
    dilations = tuple(int(d) for d in dilations)
    if any(d <= 0 for d in dilations):
        raise ValueError(f"`dilations` must be positive. Received: dilations={dilations}")
    image = keras.Input((None, None, channels), name="image")
    mask = keras.Input((None, None, 1), name="mask")
    keep = keras.layers.Rescaling(-1.0, offset=1.0, name="keep")(mask)
    masked = keras.layers.Multiply(name="masked_image")([image, keep])
    fill = np.broadcast_to(np.asarray(fill_value, "float32"), (channels,))
    if np.any(fill != 0.0):
        hole = keras.layers.Rescaling([float(v) for v in fill], name="hole_fill")(mask)
        masked = keras.layers.Add(name="filled_image")([masked, hole])
    x = keras.layers.Concatenate()([masked, mask])
    x = _conv(x, filters, 5)
    x = _conv(x, 2 * filters, 3, strides=2)
    x = _conv(x, 2 * filters, 3)
    x = _conv(x, 4 * filters, 3, strides=2)
    x = _conv(x, 4 * filters, 3)
    x = _conv(x, 4 * filters, 3)
    for rate in dilations:
        x = _conv(x, 4 * filters, 3, dilation=rate)
    x = _conv(x, 4 * filters, 3)
    x = _conv(x, 4 * filters, 3)
    x = keras.layers.Conv2DTranspose(2 * filters, 4, strides=2, padding="same", use_bias=False)(x)
    x = keras.layers.ReLU()(keras.layers.BatchNormalization(momentum=0.9)(x))
    x = _conv(x, 2 * filters, 3)
    x = keras.layers.Conv2DTranspose(filters, 4, strides=2, padding="same", use_bias=False)(x)
    x = keras.layers.ReLU()(keras.layers.BatchNormalization(momentum=0.9)(x))
    x = _conv(x, max(filters // 2, 1), 3)
    # tanh keeps the prediction in the data range [-1, 1] (the paper: sigmoid on [0, 1]).
    prediction = keras.layers.Conv2D(channels, 3, padding="same", activation="tanh", name="prediction")(x)
    delta = keras.layers.Subtract()([prediction, image])
    completed = keras.layers.Add(dtype="float32", name="completed")(
        [image, keras.layers.Multiply()([mask, delta])]
    )
    return keras.Model([image, mask], completed, name=name)


def _discriminator_trunk(x, filters, num_layers):
    width = filters
    for i in range(num_layers):
        x = keras.layers.Conv2D(width, 5, strides=2, padding="same", use_bias=i == 0)(x)
        if i:
            x = keras.layers.BatchNormalization(momentum=0.9)(x)
        x = keras.layers.ReLU()(x)
        width = min(width * 2, 8 * filters)
    x = keras.layers.Flatten()(x)
    return keras.layers.Dense(1024)(x)


def completion_discriminator(image_shape=(64, 64, 3), local_size=32, filters=64, global_layers=None, local_layers=None, name="completion_discriminator"):
    """Global + local context discriminators joined by a final dense layer.

    The global branch sees the whole image, the local branch a
    ``local_size`` square window centred on the completed region; each ends
    in a 1024-unit layer, and the concatenation maps to one logit.

    Args:
        image_shape: (H, W, C) of the training images (fixed: the branches
            flatten, as in the paper).
        local_size: side of the local window (half the image in the paper: 128 of 256).
        filters: first-layer filters (64 in the paper), doubled up to 8x.
        global_layers, local_layers: stride-2 5x5 convs per branch; default:
            down to a 4x4 map (6 and 5 at 256/128 in the paper).
        name: model name.

    Returns:
        A functional ``keras.Model`` ``[image (N, H, W, C), local (N, s, s, C)] -> logit (N, 1)``.

    Reference: Iizuka et al. 2017, Table 2.
    """
    height, width, channels = (int(d) for d in image_shape)
    _check_positive(height=height, width=width, channels=channels, local_size=local_size, filters=filters)
    if local_size > min(height, width):
        raise ValueError(
            f"`local_size` must fit in the image {height}x{width}. Received: local_size={local_size}"
        )

    def layers_to_4(size):
        count = 0
        while size > 4:
            size = (size + 1) // 2
            count += 1
        return max(count, 1)

    global_layers = global_layers or layers_to_4(min(height, width))
    local_layers = local_layers or layers_to_4(local_size)
    image = keras.Input((height, width, channels), name="image")
    local = keras.Input((local_size, local_size, channels), name="local")
    features = keras.layers.Concatenate()(
        [_discriminator_trunk(image, filters, global_layers), _discriminator_trunk(local, filters, local_layers)]
    )
    logit = keras.layers.Dense(1, dtype="float32", name="logit")(features)
    return keras.Model([image, local], logit, name=name)
