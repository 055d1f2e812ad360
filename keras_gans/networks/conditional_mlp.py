"""Conditional MLPs for 2-D data (the label is e.g. the mode index of ``ring8``)."""

import keras

from keras_gans.networks import conditioning as cond
from keras_gans.networks.mlp import hidden_layers


def _check_sizes(**sizes):
    for key, value in sizes.items():
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise ValueError(f"`{key}` must be a positive integer. Received: {key}={value!r}")


def conditional_mlp_generator(
    data_dim=2,
    latent_dim=2,
    num_classes=8,
    num_continuous=0,
    hidden_units=(128, 128, 128),
    label_encoding="one_hot",
    embedding_dim=None,
    name="generator",
):
    """MLP generator ``[z, label(, continuous)] -> x`` with a linear output.

    Args:
        data_dim: size of a sample. latent_dim: size of z.
        num_classes: label values (InfoGAN: categories of its code).
        num_continuous: InfoGAN continuous codes (a third input) or 0.
        hidden_units: widths of the ReLU layers.
        label_encoding: 'one_hot' or 'embedding'.
        embedding_dim: embedding width (default ``num_classes``).
        name: model name.

    Example:
    ```python
    g = conditional_mlp_generator(num_classes=8)
    points = g([np.zeros((8, 2), "float32"), np.arange(8, dtype="int32")])
    ```
    """
    _check_sizes(data_dim=data_dim, latent_dim=latent_dim)
    cond.check_num_classes(num_classes)
    cond.check_num_continuous(num_continuous)
    inputs, x = cond.generator_inputs(
        latent_dim, num_classes, num_continuous, label_encoding, embedding_dim
    )
    x = hidden_layers(x, hidden_units)
    out = keras.layers.Dense(data_dim, dtype="float32", name="samples")(x)
    return keras.Model(inputs, out, name=name)


def conditional_mlp_discriminator(
    data_dim=2,
    num_classes=8,
    conditioning="concat",
    hidden_units=(128, 128, 128),
    label_encoding="one_hot",
    name="discriminator",
):
    """MLP discriminator ``[x, label] -> logit``.

    Args:
        conditioning: 'concat' (the label code is concatenated to x) or
            'projection' (Miyato & Koyama 2018, on the last hidden layer).
        Other arguments as for :func:`conditional_mlp_generator`.
    """
    _check_sizes(data_dim=data_dim)
    cond.check_num_classes(num_classes)
    cond.check_conditioning(conditioning)
    x_in = keras.Input((data_dim,), name="samples")
    label = cond.label_input()
    if conditioning == "concat":
        x = keras.layers.Concatenate()(
            [x_in, cond.encode_label(label, num_classes, label_encoding)]
        )
        logits = keras.layers.Dense(1, dtype="float32", name="logits")(hidden_layers(x, hidden_units))
    else:
        logits = cond.projection_logit(hidden_layers(x_in, hidden_units), label, num_classes)
    return keras.Model([x_in, label], logits, name=name)


def auxiliary_mlp_discriminator(
    data_dim=2,
    num_classes=8,
    num_continuous=0,
    hidden_units=(128, 128, 128),
    name="discriminator",
):
    """MLP discriminator ``x -> [logits, class_logits(, continuous)]`` (ACGAN / InfoGAN).

    The heads share every hidden layer; ``continuous`` predicts the means of
    InfoGAN's continuous codes when ``num_continuous`` > 0.
    """
    _check_sizes(data_dim=data_dim)
    cond.check_num_classes(num_classes)
    cond.check_num_continuous(num_continuous)
    x_in = keras.Input((data_dim,), name="samples")
    x = hidden_layers(x_in, hidden_units)
    outputs = [
        keras.layers.Dense(1, dtype="float32", name="logits")(x),
        keras.layers.Dense(num_classes, dtype="float32", name="class_logits")(x),
    ]
    if num_continuous:
        outputs.append(keras.layers.Dense(num_continuous, dtype="float32", name="continuous")(x))
    return keras.Model(x_in, outputs, name=name)
