"""A VGG19 feature extractor for perceptual (content) losses on [-1, 1] images."""

import keras
import numpy as np

# ImageNet channel means in BGR order, as keras.applications.vgg19.preprocess_input uses.
_BGR_MEAN = np.array([103.939, 116.779, 123.68], dtype="float32")


def _caffe_preprocessing(name):
    """A frozen 1x1 conv doing VGG's caffe preprocessing on [-1, 1] RGB.

    ``[-1, 1] -> [0, 255]``, RGB -> BGR and mean subtraction are one affine
    map per pixel, so a fixed 1x1 convolution does all three and the model
    stays a plain functional network (no Lambda: it loads in safe mode).
    """
    kernel = np.zeros((1, 1, 3, 3), dtype="float32")
    for out_channel, in_channel in enumerate((2, 1, 0)):
        kernel[0, 0, in_channel, out_channel] = 127.5
    bias = 127.5 - _BGR_MEAN
    layer = keras.layers.Conv2D(3, 1, trainable=False, name=name)
    return layer, [kernel, bias]


def local_vgg19(weights=None):
    """``keras.applications.VGG19`` (no top) with weights from a local file, or random ones; never a download.

    Raises:
        ValueError: ``weights`` is 'imagenet' (a download) or not an existing file.
    """
    import os

    if weights is not None and (weights == "imagenet" or not os.path.isfile(str(weights))):
        raise ValueError(
            "`weights` must be None or the path of a local VGG19 weights file (no downloads). "
            f"Received: weights={weights!r}"
        )
    vgg = keras.applications.VGG19(include_top=False, weights=None, input_shape=(None, None, 3))
    if weights is not None:
        vgg.load_weights(weights)
    return vgg


def vgg19_features(weights=None, layer="block5_conv4", name="vgg19_features"):
    """VGG19 up to ``layer`` (the paper's VGG54 is ``block5_conv4``), frozen.

    The real ``keras.applications.VGG19`` builds the network; ``weights`` is a
    path to ImageNet weights (``vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5``)
    supplied by the user, or None for random weights (for tests only: random
    features are not a perceptual metric). Nothing is downloaded.

    Args:
        weights: None or a path to an existing ``.h5`` / ``.weights.h5`` file.
        layer: the VGG19 layer whose activations are the features.
        name: model name.

    Returns:
        A frozen functional ``keras.Model``: RGB images in [-1, 1] of any size
        ``-> features of `layer```.

    Raises:
        ValueError: ``weights`` is the string 'imagenet' (a download) or a
            missing file, or ``layer`` is not a VGG19 layer.

    Reference: Ledig et al. 2017, Section 2.2.2 (VGG loss); Simonyan &
    Zisserman, "Very Deep Convolutional Networks", ICLR 2015.
    """
    vgg = local_vgg19(weights)
    names = [lyr.name for lyr in vgg.layers]
    if layer not in names:
        raise ValueError(f"`layer` must be a VGG19 layer, one of {names[1:]}. Received: layer={layer!r}")
    image = keras.Input((None, None, 3), name="image")
    pre, pre_weights = _caffe_preprocessing(f"{name}_preprocess")
    x = pre(image)
    pre.set_weights(pre_weights)
    for lyr in vgg.layers[1 : names.index(layer) + 1]:
        x = lyr(x)
    model = keras.Model(image, x, name=name)
    model.trainable = False
    return model
