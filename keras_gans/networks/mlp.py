"""Small fully connected networks for low-dimensional data (the 2-D mixtures).

The architecture of the VEEGAN/PacGAN 2-D experiments: a few ReLU layers of
a few hundred units, linear output for the generator, one logit for D.
"""

import keras


def mlp_generator(data_dim=2, latent_dim=2, hidden_units=(128, 128, 128), name="generator"):
    """MLP generator ``z -> x`` with a linear output."""
    if latent_dim <= 0 or data_dim <= 0:
        raise ValueError(
            "`latent_dim` and `data_dim` must be positive. "
            f"Received: latent_dim={latent_dim}, data_dim={data_dim}"
        )
    z = keras.Input((latent_dim,), name="z")
    x = z
    for units in hidden_units:
        x = keras.layers.Dense(units, activation="relu")(x)
    out = keras.layers.Dense(data_dim, dtype="float32", name="samples")(x)
    return keras.Model(z, out, name=name)


def mlp_discriminator(data_dim=2, hidden_units=(128, 128, 128), name="discriminator"):
    """MLP discriminator ``x -> logit``."""
    if data_dim <= 0:
        raise ValueError(f"`data_dim` must be positive. Received: data_dim={data_dim}")
    x_in = keras.Input((data_dim,), name="samples")
    x = x_in
    for units in hidden_units:
        x = keras.layers.Dense(units, activation="relu")(x)
    logits = keras.layers.Dense(1, dtype="float32", name="logits")(x)
    return keras.Model(x_in, logits, name=name)
