"""StarGAN generator (image + target domain -> image) and two-headed discriminator."""

import keras

from keras_gans.layers.tile_concatenate import TileConcatenate


def _check_positive(**values):
    for key, value in values.items():
        if int(value) <= 0:
            raise ValueError(f"`{key}` must be positive. Received: {key}={value}")


def _instance_norm():
    # Instance normalisation as the paper uses, without TensorFlow Addons.
    return keras.layers.GroupNormalization(groups=-1, epsilon=1e-5)


def stargan_generator(channels=3, num_domains=5, filters=64, num_downsamplings=2, num_residual=6,
                      skip_connections=False, name="stargan_generator"):
    """The StarGAN generator: down-sampling, residual blocks, up-sampling.

    The target-domain vector is tiled over the image and concatenated as
    extra input channels. Instance normalisation everywhere but the output.

    ``skip_connections=True`` (not in the paper) concatenates each encoder
    feature map onto the decoder map of the same resolution, U-Net style.
    The paper's generator must carry the input's shape through the
    bottleneck; on small CPU budgets it instead paints a per-domain template
    and hides what the cycle loss needs in it (digit identity at chance in
    ``benchmarks/results/restoration.md``). The skips hand the shape to the
    decoder directly, so only the domain change has to be learnt.

    Args:
        channels: image channels.
        num_domains: length of the domain vector (attributes or one-hot domains).
        filters: filters of the first 7x7 conv (64 in the paper), doubled per
            down-sampling.
        num_downsamplings: stride-2 convs (2 in the paper); H and W must be
            divisible by ``2 ** num_downsamplings``.
        num_residual: residual blocks at the bottleneck (6 in the paper).
        skip_connections: U-Net skips from encoder to decoder (False: the paper).
        name: model name.

    Returns:
        A functional ``keras.Model`` ``[image (N, H, W, C), target_domain (N, D)]
        -> image (N, H, W, C)`` in [-1, 1], with dynamic H and W.

    Reference: Choi et al., "StarGAN: Unified Generative Adversarial Networks
    for Multi-Domain Image-to-Image Translation", CVPR 2018, Table 4.
    """
    _check_positive(channels=channels, num_domains=num_domains, filters=filters, num_residual=num_residual)
    if int(num_downsamplings) < 0:
        raise ValueError(f"`num_downsamplings` must be >= 0. Received: num_downsamplings={num_downsamplings}")
    image = keras.Input((None, None, channels), name="image")
    domain = keras.Input((num_domains,), name="target_domain")
    x = TileConcatenate()([image, domain])
    x = keras.layers.Conv2D(filters, 7, padding="same", use_bias=False)(x)
    x = keras.layers.ReLU()(_instance_norm()(x))
    encoder = [x]
    width = filters
    for _ in range(num_downsamplings):
        width *= 2
        x = keras.layers.Conv2D(width, 4, strides=2, padding="same", use_bias=False)(x)
        x = keras.layers.ReLU()(_instance_norm()(x))
        encoder.append(x)
    for _ in range(num_residual):
        y = keras.layers.Conv2D(width, 3, padding="same", use_bias=False)(x)
        y = keras.layers.ReLU()(_instance_norm()(y))
        y = keras.layers.Conv2D(width, 3, padding="same", use_bias=False)(y)
        x = keras.layers.Add()([x, _instance_norm()(y)])
    for level in range(num_downsamplings):
        width //= 2
        x = keras.layers.Conv2DTranspose(width, 4, strides=2, padding="same", use_bias=False)(x)
        x = keras.layers.ReLU()(_instance_norm()(x))
        if skip_connections:
            x = keras.layers.Concatenate()([x, encoder[-2 - level]])
    if skip_connections and not num_downsamplings:
        x = keras.layers.Concatenate()([x, encoder[0]])
    x = keras.layers.Conv2D(channels, 7, padding="same")(x)
    output = keras.layers.Activation("tanh", dtype="float32", name="translated")(x)
    return keras.Model([image, domain], output, name=name)


def stargan_discriminator(channels=3, num_domains=5, filters=64, num_layers=6, name="stargan_discriminator"):
    """The StarGAN discriminator: a PatchGAN trunk with a source and a domain head.

    Args:
        channels: image channels.
        num_domains: number of domain logits.
        filters: filters of the first 4x4 stride-2 conv, doubled per layer.
        num_layers: stride-2 convs in the trunk (6 for 128x128 in the paper).
        name: model name.

    Returns:
        A functional ``keras.Model`` ``image -> [source (N, h, w, 1), domain_logits (N, D)]``.
        The source map is the WGAN critic output (one score a patch); the
        domain head is the paper's conv of the final size, replaced by a 3x3
        conv and a global average so any input size works.

    Reference: Choi et al. 2018, Table 5.
    """
    _check_positive(channels=channels, num_domains=num_domains, filters=filters, num_layers=num_layers)
    image = keras.Input((None, None, channels), name="image")
    x = image
    width = filters
    for i in range(num_layers):
        x = keras.layers.Conv2D(width if i == 0 else width * 2**i, 4, strides=2, padding="same")(x)
        x = keras.layers.LeakyReLU(0.01)(x)
    # No bias: a constant shifts E D(x) and E D(G(z)) alike and cancels in the WGAN loss (zero gradient).
    source = keras.layers.Conv2D(1, 3, padding="same", use_bias=False, dtype="float32", name="source")(x)
    domain = keras.layers.Conv2D(num_domains, 3, padding="same")(x)
    domain = keras.layers.GlobalAveragePooling2D(dtype="float32", name="domain_logits")(domain)
    return keras.Model(image, [source, domain], name=name)
