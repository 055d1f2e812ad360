"""The generators of generative moment matching networks: MLPs from z to data or to codes."""

import math

import keras

from keras_gans.networks.blocks import check_positive

# Li et al.'s MNIST data-space generator: 10 -> 64 -> 256 -> 256 -> 1024 ReLU -> 784.
PAPER_HIDDEN = (64, 256, 256, 1024)


def gmmn_generator(
    data_shape=(28, 28, 1),
    latent_dim=10,
    hidden_units=PAPER_HIDDEN,
    output_activation=None,
    name="generator",
):
    """MLP ``z -> x`` with ReLU hidden layers.

    Args:
        data_shape: shape of one example: (28, 28, 1) for MNIST, (2,) for the mixtures, (32,) for codes.
        latent_dim: size of z (10 in the paper).
        hidden_units: ReLU widths (the paper's 64, 256, 256, 1024 by default).
        output_activation: None picks ``tanh`` for images (data in [-1, 1]; the
            paper's sigmoid on [0, 1]) and linear for vectors; or any Keras activation name.
        name: model name.

    Returns:
        A functional ``keras.Model`` mapping ``(batch, latent_dim)`` to ``(batch, *data_shape)``.

    Raises:
        ValueError: a non-positive size.

    Example:
    ```python
    generator = keras_gans.networks.gmmn_generator((28, 28, 1))
    ```

    Reference: Li, Swersky & Zemel, "Generative Moment Matching Networks", ICML 2015, Section 4.
    """
    data_shape = tuple(int(d) for d in data_shape)
    check_positive(
        latent_dim=latent_dim, **{f"data_shape[{i}]": d for i, d in enumerate(data_shape)}
    )
    if output_activation is None:
        output_activation = "tanh" if len(data_shape) == 3 else "linear"
    z = keras.Input((latent_dim,), name="z")
    x = z
    for units in hidden_units:
        x = keras.layers.Dense(units, activation="relu")(x)
    x = keras.layers.Dense(
        math.prod(data_shape), activation=output_activation, dtype="float32", name="samples"
    )(x)
    if len(data_shape) > 1:
        x = keras.layers.Reshape(data_shape, dtype="float32")(x)
    return keras.Model(z, x, name=name)


def mlp_code_autoencoder(data_shape=(28, 28, 1), code_dim=32, hidden_units=(1024,)):
    """The GMMN+AE autoencoder: ``(encoder x -> code in [0, 1], decoder code -> x)``.

    Sigmoid hidden and code units as in Li et al. (1024-32); the decoder
    mirrors the encoder and ends in ``tanh`` for images in [-1, 1] (linear for vectors).

    Returns:
        ``(encoder, decoder)``, two functional ``keras.Model``s.
    """
    data_shape = tuple(int(d) for d in data_shape)
    check_positive(code_dim=code_dim, **{f"data_shape[{i}]": d for i, d in enumerate(data_shape)})
    x_in = keras.Input(data_shape, name="samples")
    h = keras.layers.Flatten()(x_in) if len(data_shape) > 1 else x_in
    for units in hidden_units:
        h = keras.layers.Dense(units, activation="sigmoid")(h)
    code = keras.layers.Dense(code_dim, activation="sigmoid", dtype="float32", name="code")(h)
    encoder = keras.Model(x_in, code, name="encoder")
    c_in = keras.Input((code_dim,), name="code")
    h = c_in
    for units in reversed(hidden_units):
        h = keras.layers.Dense(units, activation="sigmoid")(h)
    activation = "tanh" if len(data_shape) == 3 else "linear"
    x = keras.layers.Dense(
        math.prod(data_shape), activation=activation, dtype="float32", name="samples"
    )(h)
    if len(data_shape) > 1:
        x = keras.layers.Reshape(data_shape, dtype="float32")(x)
    return encoder, keras.Model(c_in, x, name="decoder")
