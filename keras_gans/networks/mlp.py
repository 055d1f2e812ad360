"""Small fully connected networks for low-dimensional data (the 2-D mixtures).

The architecture of the VEEGAN/PacGAN 2-D experiments: a few ReLU layers of
a few hundred units, linear output for the generator, one logit for D.
"""

import keras

from keras_gans.networks.blocks import check_positive


def hidden_layers(x, hidden_units):
    """The ReLU ``Dense`` layers of widths ``hidden_units`` applied to ``x`` (the shared MLP body)."""
    for units in hidden_units:
        x = keras.layers.Dense(units, activation="relu")(x)
    return x


def mlp_generator(
    data_dim=2, latent_dim=2, hidden_units=(128, 128, 128), batch_norm=False, name="generator"
):
    """MLP generator ``z -> x`` with a linear output.

    Args:
        data_dim: size of a sample.
        latent_dim: size of z.
        hidden_units: ReLU layer widths.
        batch_norm: put ``BatchNormalization`` (momentum 0.95) between each
            hidden Dense (then without bias) and its ReLU, as PacGAN's 2-D
            generator does; it speeds up GAN training on the 2-D mixtures.
        name: model name.

    Returns:
        A functional ``keras.Model`` mapping ``(batch, latent_dim)`` to ``(batch, data_dim)``.

    Raises:
        ValueError: non-positive ``latent_dim`` or ``data_dim``.

    Example:
    ```python
    generator = keras_gans.networks.mlp_generator(2, 2, (128, 128, 128), batch_norm=True)
    ```

    Reference: Lin et al., "PacGAN", NeurIPS 2018 (2-D experiments: BatchNorm + ReLU generator).
    """
    check_positive(latent_dim=latent_dim, data_dim=data_dim)
    z = keras.Input((latent_dim,), name="z")
    x = z
    for units in hidden_units:
        if batch_norm:
            # The BatchNorm shift replaces the Dense bias; 0.95 is PacGAN's population-update rate.
            x = keras.layers.Dense(units, use_bias=False)(x)
            x = keras.layers.BatchNormalization(momentum=0.95)(x)
            x = keras.layers.ReLU()(x)
        else:
            x = keras.layers.Dense(units, activation="relu")(x)
    out = keras.layers.Dense(data_dim, dtype="float32", name="samples")(x)
    return keras.Model(z, out, name=name)


def mlp_discriminator(data_dim=2, hidden_units=(128, 128, 128), name="discriminator"):
    """MLP discriminator ``x -> logit``."""
    check_positive(data_dim=data_dim)
    x_in = keras.Input((data_dim,), name="samples")
    h = hidden_layers(x_in, hidden_units)  # built first: layers draw their init seeds in order
    logits = keras.layers.Dense(1, dtype="float32", name="logits")(h)
    return keras.Model(x_in, logits, name=name)
