"""The VAE's networks: an MLP encoder to (mean, log-variance) and an MLP decoder.

Kingma & Welling's MNIST setting: one hidden layer of 500 tanh units in each.
Examples of any shape (vectors or images) are flattened by the encoder and
reshaped by the decoder.
"""

import math

import keras

from keras_gans.networks.blocks import check_positive


def _shape(data_shape):
    data_shape = tuple(
        int(d) for d in (data_shape if isinstance(data_shape, (tuple, list)) else (data_shape,))
    )
    check_positive(**{f"data_shape[{i}]": d for i, d in enumerate(data_shape)})
    return data_shape


def mlp_vae_encoder(
    data_shape=(28, 28, 1), latent_dim=20, hidden_units=(500,), activation="tanh", name="encoder"
):
    """MLP ``x -> [mean, log_variance]`` of the Gaussian posterior ``q(z | x)``.

    Args:
        data_shape: shape of one example, e.g. (28, 28, 1) or (2,).
        latent_dim: size of z.
        hidden_units: widths of the hidden layers.
        activation: their activation (tanh in Kingma & Welling).
        name: model name.

    Returns:
        A functional ``keras.Model`` with outputs ``(batch, latent_dim)`` twice.

    Raises:
        ValueError: a non-positive size.

    Example:
    ```python
    encoder = keras_gans.networks.mlp_vae_encoder((28, 28, 1), latent_dim=20)
    ```

    Reference: Kingma & Welling, "Auto-Encoding Variational Bayes", ICLR 2014, Appendix C.
    """
    data_shape = _shape(data_shape)
    check_positive(latent_dim=latent_dim)
    x_in = keras.Input(data_shape, name="samples")
    h = keras.layers.Flatten()(x_in) if len(data_shape) > 1 else x_in
    for units in hidden_units:
        h = keras.layers.Dense(units, activation=activation)(h)
    mean = keras.layers.Dense(latent_dim, dtype="float32", name="mean")(h)
    log_variance = keras.layers.Dense(latent_dim, dtype="float32", name="log_variance")(h)
    return keras.Model(x_in, [mean, log_variance], name=name)


def mlp_vae_decoder(
    data_shape=(28, 28, 1), latent_dim=20, hidden_units=(500,), activation="tanh", name="decoder"
):
    """MLP ``z -> parameters of p(x | z)``, shaped like an example, with a linear output.

    The VAE reads the output as Bernoulli logits or as a Gaussian mean (see
    :class:`~keras_gans.models.VAE`); its ``generator`` adds the map to the
    [-1, 1] mean of the data.

    Returns:
        A functional ``keras.Model`` mapping ``(batch, latent_dim)`` to ``(batch, *data_shape)``.

    Reference: Kingma & Welling, ICLR 2014, Appendix C.
    """
    data_shape = _shape(data_shape)
    check_positive(latent_dim=latent_dim)
    z = keras.Input((latent_dim,), name="z")
    h = z
    for units in hidden_units:
        h = keras.layers.Dense(units, activation=activation)(h)
    out = keras.layers.Dense(math.prod(data_shape), dtype="float32", name="parameters")(h)
    if len(data_shape) > 1:
        out = keras.layers.Reshape(data_shape, dtype="float32")(out)
    return keras.Model(z, out, name=name)
