"""Inputs and encodings shared by the conditional networks.

A class label enters a network as an int32 tensor of shape ``(batch,)``
named ``label``; it is turned into a dense vector either by a learned
``Embedding`` or by a fixed one-hot code (``CategoryEncoding``). Both are
plain Keras layers, so the networks save to ``.keras`` in safe mode and
convert to TFLite.
"""

import keras

LABEL_ENCODINGS = ("embedding", "one_hot")
DISCRIMINATOR_CONDITIONINGS = ("concat", "projection")


def check_num_classes(num_classes, name="num_classes"):
    """Raises a ValueError unless ``num_classes`` is an integer >= 2."""
    if isinstance(num_classes, bool) or not isinstance(num_classes, int) or num_classes < 2:
        raise ValueError(f"`{name}` must be an integer >= 2. Received: {name}={num_classes!r}")
    return num_classes


def check_num_continuous(num_continuous):
    """Raises a ValueError unless ``num_continuous`` is an integer >= 0."""
    if (
        isinstance(num_continuous, bool)
        or not isinstance(num_continuous, int)
        or num_continuous < 0
    ):
        raise ValueError(
            f"`num_continuous` must be a non-negative integer. Received: num_continuous={num_continuous!r}"
        )
    return num_continuous


def check_label_encoding(label_encoding):
    if label_encoding not in LABEL_ENCODINGS:
        raise ValueError(
            f"`label_encoding` must be one of {LABEL_ENCODINGS}. "
            f"Received: label_encoding={label_encoding!r}"
        )


def check_conditioning(conditioning):
    if conditioning not in DISCRIMINATOR_CONDITIONINGS:
        raise ValueError(
            f"`conditioning` must be one of {DISCRIMINATOR_CONDITIONINGS}. "
            f"Received: conditioning={conditioning!r}"
        )


def label_input(name="label"):
    """A ``keras.Input`` for integer class indices of shape ``(batch,)``."""
    return keras.Input((), dtype="int32", name=name)


def generator_inputs(
    latent_dim, num_classes, num_continuous=0, label_encoding="embedding", embedding_dim=None
):
    """The inputs of a conditional generator and what its body starts from.

    Returns:
        ``(inputs, x)``: ``inputs`` is ``[z, label]`` plus ``continuous``
        (batch, num_continuous) when ``num_continuous`` > 0 (InfoGAN's codes);
        ``x`` concatenates z, the label's encoding and the continuous codes.
    """
    z = keras.Input((latent_dim,), name="z")
    label = label_input()
    inputs = [z, label]
    parts = [z, encode_label(label, num_classes, label_encoding, embedding_dim)]
    if num_continuous:
        continuous = keras.Input((num_continuous,), name="continuous")
        inputs.append(continuous)
        parts.append(continuous)
    return inputs, keras.layers.Concatenate()(parts)


def encode_label(label, num_classes, label_encoding="embedding", embedding_dim=None, name="label"):
    """Maps int labels ``(batch,)`` to float vectors ``(batch, dim)``.

    Args:
        label: the symbolic int32 label tensor.
        num_classes: number of classes K.
        label_encoding: 'embedding' (learned, ``embedding_dim`` wide) or
            'one_hot' (fixed, K wide; the encoding of Mirza & Osindero 2014).
        embedding_dim: width of the learned embedding (default K).
        name: prefix of the layer names.
    """
    check_label_encoding(label_encoding)
    if label_encoding == "one_hot":
        return keras.layers.CategoryEncoding(
            num_classes, output_mode="one_hot", name=f"{name}_one_hot"
        )(label)
    return keras.layers.Embedding(
        num_classes, embedding_dim or num_classes, name=f"{name}_embedding"
    )(label)


def projection_logit(features, label, num_classes, name="projection"):
    """``psi(phi(x)) + <embed(y), phi(x)>``: the projection discriminator's output.

    ``features`` is ``phi(x)``, shape (batch, F). The unconditional term is a
    linear logit and the class term is the inner product of phi(x) with a
    learned class embedding of width F.

    Reference: Miyato & Koyama, "cGANs with Projection Discriminator", ICLR 2018.
    """
    width = features.shape[-1]
    unconditional = keras.layers.Dense(1, name=f"{name}_linear")(features)
    embedded = keras.layers.Embedding(num_classes, width, name=f"{name}_embedding")(label)
    conditional = keras.layers.Dot(axes=1, name=f"{name}_inner")([features, embedded])
    return keras.layers.Add(dtype="float32", name="logits")([unconditional, conditional])
