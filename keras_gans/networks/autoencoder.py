"""Autoencoder discriminators for energy-based GANs (EBGAN).

The discriminator of EBGAN is an autoencoder whose reconstruction error is
the energy. These networks return two outputs, ``[reconstruction, code]``:
the code is what the pulling-away term of EBGAN-PT is computed on.
"""

import keras

from keras_gans.networks.blocks import check_positive
from keras_gans.networks.mlp import hidden_layers


def mlp_autoencoder(data_dim=2, hidden_units=(128, 128), code_dim=16, name="discriminator"):
    """MLP autoencoder ``x -> [reconstruction, code]``.

    Args:
        data_dim: size of an example.
        hidden_units: ReLU widths of the encoder; the decoder mirrors them.
        code_dim: size of the (linear) code.
        name: model name.

    Returns:
        A functional ``keras.Model`` with outputs ``(batch, data_dim)`` and
        ``(batch, code_dim)``.

    Raises:
        ValueError: non-positive ``data_dim`` or ``code_dim``.

    Example:
    ```python
    ebgan = keras_gans.models.EBGAN(
        keras_gans.networks.mlp_generator(), keras_gans.networks.mlp_autoencoder())
    ```

    Reference: Zhao et al., "Energy-based Generative Adversarial Network", ICLR 2017.
    """
    check_positive(data_dim=data_dim, code_dim=code_dim)
    x_in = keras.Input((data_dim,), name="samples")
    h = hidden_layers(x_in, hidden_units)  # built first: layers draw their init seeds in order
    code = keras.layers.Dense(code_dim, dtype="float32", name="code")(h)
    x = hidden_layers(code, tuple(reversed(hidden_units)))
    reconstruction = keras.layers.Dense(data_dim, dtype="float32", name="reconstruction")(x)
    return keras.Model(x_in, [reconstruction, code], name=name)
