"""pix2pixHD's networks: the coarse-to-fine generator and the multi-scale PatchGAN discriminator."""

import keras

from keras_gans.layers.reflection_padding import ReflectionPadding2D
from keras_gans.networks.blocks import check_positive
from keras_gans.networks.blocks import conv_block
from keras_gans.networks.patchgan import patchgan_discriminator
from keras_gans.networks.resnet import _residual_block
from keras_gans.networks.resnet import resnet_generator
from keras_gans.networks.unet import spatial_multiple
from keras_gans.networks.vgg_features import _caffe_preprocessing
from keras_gans.networks.vgg_features import local_vgg19

GLOBAL_FEATURES = "global_features"  # the nested global generator inside the full generator
# relu1_1 ... relu5_1 and their weights in pix2pixHD's VGGLoss (models/networks.py).
VGG_LAYERS = ("block1_conv1", "block2_conv1", "block3_conv1", "block4_conv1", "block5_conv1")
VGG_LAYER_WEIGHTS = (1.0 / 32, 1.0 / 16, 1.0 / 8, 1.0 / 4, 1.0)


def _half(name):
    # pix2pixHD's AvgPool2d(3, stride=2, padding=1, count_include_pad=False): TF's "same"
    # average pooling also leaves the padding out of the mean.
    return keras.layers.AveragePooling2D(3, strides=2, padding="same", name=name)


def downsample(images):
    """Images at half the height and width, as the generator and discriminators see them (3x3 average, stride 2)."""
    return keras.ops.average_pool(images, 3, strides=2, padding="same")


def pix2pixhd_generator(
    input_channels=3,
    output_channels=3,
    base_filters=32,
    global_downsampling=4,
    global_blocks=9,
    local_blocks=3,
    norm="instance",
    name="pix2pixhd_generator",
):
    """pix2pixHD's generator G = {G1, G2}: the global generator inside one local enhancer.

    G1 (the nested model ``global_features``) is the Johnson et al. ResNet of
    :func:`~keras_gans.networks.resnet_generator` with ``2 * base_filters``
    filters and ``global_downsampling`` stride-2 convolutions, run on the input
    pooled to half size, without its output layer. G2 (the local enhancer)
    encodes the full-size input (c7s1-``base_filters``, one stride-2
    convolution), adds G1's features, runs ``local_blocks`` residual blocks,
    upsamples once and ends in a 7x7 convolution with tanh. The second model
    returned is G1's output head (reflection-padded 7x7 convolution, tanh): with
    it G1 alone is a complete half-size generator, trained first (pix2pixHD's
    coarse-to-fine schedule; ``models.Pix2PixHD(stage="global")``).

    Height and width are dynamic and must be multiples of
    ``2**(global_downsampling + 1)`` (:func:`pix2pixhd_spatial_multiple`).

    Args:
        input_channels: channels of the input (label map, edges, ...).
        output_channels: channels of the output image.
        base_filters: ngf of the local enhancer (32 in pix2pixHD; G1 has twice as many).
        global_downsampling: G1's stride-2 convolutions (4).
        global_blocks: G1's residual blocks (9).
        local_blocks: the local enhancer's residual blocks (3).
        norm: 'instance', 'batch' or 'none'.
        name: model name.

    Returns:
        ``(generator, global_head)``: ``generator`` is ``image -> image`` in
        [-1, 1] at the input's size; ``global_head`` maps ``global_features``'
        output to a half-size image.

    Raises:
        ValueError: non-positive sizes or negative block counts.

    Example:
    ```python
    generator, head = pix2pixhd_generator(3, 3, base_filters=8, global_downsampling=2, global_blocks=2,
                                          local_blocks=1)
    y = generator(keras.ops.zeros((1, 64, 64, 3)))  # (1, 64, 64, 3)
    ```

    Reference: Wang et al., "High-Resolution Image Synthesis and Semantic
    Manipulation with Conditional GANs", CVPR 2018 (Section 3.2; NVIDIA/pix2pixHD ``LocalEnhancer``).
    """
    check_positive(input_channels=input_channels, output_channels=output_channels, base_filters=base_filters)
    if int(local_blocks) < 0:
        raise ValueError(f"`local_blocks` must be >= 0. Received: local_blocks={local_blocks}")
    global_filters = 2 * int(base_filters)
    full = resnet_generator(input_channels, output_channels, num_blocks=global_blocks, base_filters=global_filters,
                            num_downsampling=global_downsampling, norm=norm, name=f"{name}_global")
    last = f"up{int(global_downsampling) - 1}_act" if int(global_downsampling) > 0 else "in_act"
    global_features = keras.Model(full.input, full.get_layer(last).output, name=GLOBAL_FEATURES)

    init = keras.initializers.RandomNormal(0.0, 0.02)
    features = keras.Input((None, None, global_filters), name="features")
    x = ReflectionPadding2D(3, name="head_pad")(features)
    x = keras.layers.Conv2D(output_channels, 7, kernel_initializer=init, name="head_conv")(x)
    head = keras.Model(features, keras.layers.Activation("tanh", dtype="float32", name="head")(x),
                       name="global_head")

    image = keras.Input((None, None, input_channels), name="image")
    coarse = global_features(_half("half")(image))
    x = ReflectionPadding2D(3, name="local_in_pad")(image)
    x = conv_block(x, base_filters, 7, "local_in_{}", init=init, padding="valid", norm=norm)
    x = conv_block(x, global_filters, 3, "local_down_{}", init=init, strides=2, norm=norm)
    x = keras.layers.Add(name="local_plus_global")([x, coarse])
    for block in range(int(local_blocks)):
        x = _residual_block(x, global_filters, norm, init, name=f"local_res{block}")
    x = conv_block(x, base_filters, 3, "local_up_{}", init=init, strides=2, transpose=True, norm=norm)
    x = ReflectionPadding2D(3, name="local_out_pad")(x)
    x = keras.layers.Conv2D(output_channels, 7, kernel_initializer=init, name="local_out_conv")(x)
    outputs = keras.layers.Activation("tanh", dtype="float32", name="out")(x)
    return keras.Model(image, outputs, name=name), head


def pix2pixhd_spatial_multiple(generator):
    """What input height and width must be multiples of: 2 x G1's stride, or the plain chain's stride."""
    try:
        nested = generator.get_layer(GLOBAL_FEATURES)
    except ValueError:
        return spatial_multiple(generator)
    return max(2, 2 * spatial_multiple(nested))


def multiscale_discriminator(
    input_channels=3,
    target_channels=3,
    num_discriminators=2,
    num_downsampling=3,
    base_filters=64,
    max_filters=512,
    norm="instance",
    name="multiscale_patchgan",
):
    """``num_discriminators`` conditional PatchGANs on the pair at scales 1, 1/2, 1/4, ...

    Each is :func:`~keras_gans.networks.patchgan_discriminator` (``n_layers_D``
    = ``num_downsampling``), exposing every layer for the feature-matching loss.
    The pair is average-pooled (3x3, stride 2) between scales.

    Args:
        input_channels: channels of the condition. target_channels: of the judged image.
        num_discriminators: ``num_D`` (2 in NVIDIA/pix2pixHD's options, 3 in the paper).
        num_downsampling: stride-2 layers of each PatchGAN (3).
        base_filters, max_filters, norm: as for ``patchgan_discriminator`` (ndf 64).
        name: model name.

    Returns:
        A functional ``keras.Model`` ``[condition, image] ->`` a list (one per
        scale, full size first) of lists: the ``num_downsampling + 1``
        activations of that PatchGAN, then its logits ``(batch, h, w, 1)``.

    Raises:
        ValueError: ``num_discriminators`` < 1, or the errors of ``patchgan_discriminator``.

    Reference: Wang et al. 2018, Section 3.2 (multi-scale discriminators).
    """
    if int(num_discriminators) < 1:
        raise ValueError(f"`num_discriminators` must be >= 1. Received: num_discriminators={num_discriminators}")
    condition = keras.Input((None, None, input_channels), name="condition")
    image = keras.Input((None, None, target_channels), name="image")
    outputs, pair = [], [condition, image]
    for scale in range(int(num_discriminators)):
        if scale:
            pair = [_half(f"{part}_half{scale}")(x) for part, x in zip(("condition", "image"), pair, strict=True)]
        d = patchgan_discriminator(input_channels, target_channels, num_downsampling=num_downsampling,
                                   base_filters=base_filters, max_filters=max_filters, norm=norm)
        layers = [d.get_layer(f"act{level}").output for level in range(int(num_downsampling) + 1)]
        outputs.append(keras.Model(d.inputs, [*layers, d.output], name=f"scale{scale}")(pair))
    return keras.Model([condition, image], outputs, name=name)


def vgg19_layers(weights=None, layers=VGG_LAYERS, name="vgg19_layers"):
    """Frozen VGG19 returning several layers' activations, for pix2pixHD's VGG loss.

    Like :func:`~keras_gans.networks.vgg19_features` (RGB in [-1, 1], caffe
    preprocessing, weights from a local file only), but returning a list: by
    default relu1_1 ... relu5_1, pix2pixHD's layers.

    Raises:
        ValueError: as ``vgg19_features``: 'imagenet' or a missing file, or an unknown layer.
    """
    vgg = local_vgg19(weights)
    names = [lyr.name for lyr in vgg.layers]
    unknown = [layer for layer in layers if layer not in names]
    if unknown or not layers:
        raise ValueError(f"`layers` must be VGG19 layers, some of {names[1:]}. Received: layers={tuple(layers)}")
    image = keras.Input((None, None, 3), name="image")
    pre, pre_weights = _caffe_preprocessing(f"{name}_preprocess")
    x = pre(image)
    pre.set_weights(pre_weights)
    found = {}
    for lyr in vgg.layers[1 : max(names.index(layer) for layer in layers) + 1]:
        x = lyr(x)
        found[lyr.name] = x
    model = keras.Model(image, [found[layer] for layer in layers], name=name)
    model.trainable = False
    return model
