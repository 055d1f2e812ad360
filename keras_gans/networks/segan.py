"""SEGAN's networks: a 1-D strided-convolution encoder-decoder G and a pair discriminator D."""

import keras

from keras_gans.layers.virtual_batch_normalization import VirtualBatchNormalization

# The paper's encoder (Pascual et al. 2017, section 4): 11 strided convolutions, kernel 31.
PAPER_CHANNELS = (16, 32, 32, 64, 64, 128, 128, 256, 256, 512, 1024)
PAPER_WINDOW = 2**14


def _check(channels, kernel_size):
    channels = tuple(int(c) for c in channels)
    if not channels or min(channels) < 1:
        raise ValueError(f"`channels` must be a non-empty list of positive ints. Received: channels={channels}")
    if int(kernel_size) < 1:
        raise ValueError(f"`kernel_size` must be positive. Received: kernel_size={kernel_size}")
    return channels


def waveform_multiple(generator):
    """The input length a SEGAN generator needs a multiple of: ``2 ** (encoder layers)``."""
    multiple = 1
    for layer in generator.layers:
        if isinstance(layer, keras.layers.Conv1D) and not isinstance(layer, keras.layers.Conv1DTranspose):
            multiple *= int(layer.strides[0])
    return multiple


def segan_generator(channels=PAPER_CHANNELS, kernel_size=31, z_channels=None, use_bias=False, residual=False,
                    name="segan_generator"):
    """SEGAN's generator: ``[noisy (batch, time, 1), z (batch, time / 2**L, z_channels)] -> enhanced``.

    An encoder of ``L = len(channels)`` convolutions of stride 2 with PReLU
    halves the time axis at each layer; z is concatenated to the bottleneck;
    a decoder of transposed convolutions mirrors it, each layer's output
    concatenated with the encoder output of the same length (skip
    connections, which carry the fine waveform detail past the bottleneck),
    and a last transposed convolution with tanh returns one channel. Time is
    dynamic: any multiple of ``2**L`` works.

    Args:
        channels: encoder channels (the paper's 16 ... 1024 by default); the
            decoder uses them reversed.
        kernel_size: convolution width (31).
        z_channels: channels of z (default: the last encoder's, as in the paper).
        use_bias: biases in the convolutions. The reference code has none
            (``--bias_downconv`` and ``--bias_deconv`` default to False), so
            silence maps to silence and G has no constant offset, which
            de-emphasis (a gain of 20 at 0 Hz for 0.95) would amplify.
        residual: False (the paper's): the last transposed convolution's tanh
            is the output. True: the output is ``noisy`` plus that layer's
            linear output, zero-initialised, so G starts as the identity and
            learns a correction (a path for the top octave, which the
            paper's decoder must re-synthesise from half-rate features).
            Not the paper's, and not better here: on the held-out synthetic
            speech it read PESQ 1.710 against the paper-style G's 1.769 after
            the same 15,000 steps (``benchmarks/results/segan.md``).
        name: model name.

    Returns:
        A functional ``keras.Model`` with inputs ``[noisy, z]``.

    Reference: Pascual et al., "SEGAN: Speech Enhancement Generative
    Adversarial Network", Interspeech 2017.
    """
    channels = _check(channels, kernel_size)
    z_channels = int(z_channels or channels[-1])
    noisy = keras.Input((None, 1), name="noisy")
    z = keras.Input((None, z_channels), name="z")
    conv = dict(kernel_size=int(kernel_size), strides=2, padding="same", use_bias=bool(use_bias),
                kernel_initializer=keras.initializers.GlorotUniform())
    skips, h = [], noisy
    for i, c in enumerate(channels):
        h = keras.layers.Conv1D(c, name=f"enc_{i}", **conv)(h)
        h = keras.layers.PReLU(shared_axes=[1], name=f"enc_prelu_{i}")(h)
        skips.append(h)
    h = keras.layers.Concatenate(name="bottleneck_z")([h, z])
    for i, (c, skip) in enumerate(zip(channels[-2::-1], skips[-2::-1], strict=True)):
        h = keras.layers.Conv1DTranspose(c, name=f"dec_{i}", **conv)(h)
        h = keras.layers.PReLU(shared_axes=[1], name=f"dec_prelu_{i}")(h)
        h = keras.layers.Concatenate(name=f"skip_{i}")([h, skip])
    if not residual:
        out = keras.layers.Conv1DTranspose(1, activation="tanh", name="dec_out", **conv)(h)
        return keras.Model([noisy, z], out, name=name)
    correction = keras.layers.Conv1DTranspose(1, name="dec_out", **{**conv, "kernel_initializer": "zeros"})(h)
    return keras.Model([noisy, z], keras.layers.Add(name="residual")([noisy, correction]), name=name)


def segan_discriminator(window, channels=PAPER_CHANNELS, kernel_size=31, virtual_batch_norm=True,
                        name="segan_discriminator"):
    """SEGAN's discriminator: ``[noisy, clean or enhanced] -> one least-squares score`` per pair.

    The pair is stacked as two channels and goes through the generator's
    encoder shape (strided convolutions), each followed by virtual batch
    normalisation and LeakyReLU(0.3); a 1x1 convolution to one channel and a
    dense layer give the score. With ``virtual_batch_norm`` the batch must be
    ``[reference pairs; pairs to judge]`` (see
    :class:`~keras_gans.layers.VirtualBatchNormalization`); without it any batch works.

    Args:
        window: samples per window (static: the dense layer reads the whole window).
        channels, kernel_size: as the generator's encoder.
        virtual_batch_norm: VBN after each convolution (the paper's) or none.
        name: model name.

    Returns:
        A functional ``keras.Model`` ``[noisy (batch, window, 1), audio (batch, window, 1)] -> (batch, 1)``.

    Reference: Pascual et al. 2017, section 4.
    """
    channels = _check(channels, kernel_size)
    window = int(window)
    if window < 2 ** len(channels) or window % 2 ** len(channels):
        raise ValueError(
            f"`window` must be a positive multiple of 2**{len(channels)} (one per strided layer). Received: window={window}"
        )
    noisy = keras.Input((window, 1), name="noisy")
    audio = keras.Input((window, 1), name="audio")
    h = keras.layers.Concatenate(name="pair")([audio, noisy])
    for i, c in enumerate(channels):
        h = keras.layers.Conv1D(c, int(kernel_size), strides=2, padding="same", name=f"conv_{i}")(h)
        if virtual_batch_norm:
            h = VirtualBatchNormalization(name=f"vbn_{i}")(h)
        h = keras.layers.LeakyReLU(0.3, name=f"lrelu_{i}")(h)
    h = keras.layers.Conv1D(1, 1, name="logits_conv")(h)
    h = keras.layers.Flatten(name="flatten")(h)
    return keras.Model([noisy, audio], keras.layers.Dense(1, name="score")(h), name=name)
