"""MLP variants for the mode-collapse remedies on low-dimensional data.

Same hidden layers as ``mlp.py`` (so the 2-D benchmark compares objectives,
not architectures), with the one change each remedy needs: a minibatch
discrimination layer, packed inputs, k + 1 outputs, or an encoder.
"""

import keras

from keras_gans.layers import MinibatchDiscrimination
from keras_gans.layers import PackSamples
from keras_gans.networks.blocks import check_positive
from keras_gans.networks.mlp import hidden_layers


def mlp_minibatch_discriminator(
    data_dim=2, hidden_units=(128, 128, 128), num_kernels=16, kernel_dim=4, name="discriminator"
):
    """MLP discriminator with minibatch discrimination before the logit.

    Reference: Salimans et al., "Improved Techniques for Training GANs", 2016.
    """
    check_positive(data_dim=data_dim)
    x_in = keras.Input((data_dim,), name="samples")
    h = hidden_layers(x_in, hidden_units)
    h = MinibatchDiscrimination(num_kernels, kernel_dim, name="minibatch_discrimination")(h)
    logits = keras.layers.Dense(1, dtype="float32", name="logits")(h)
    return keras.Model(x_in, logits, name=name)


def mlp_packed_discriminator(
    data_dim=2, pack=4, hidden_units=(128, 128, 128), name="discriminator"
):
    """PacGAN discriminator: packs ``pack`` samples, then the usual MLP (one logit per pack).

    Takes (n, data_dim) like any discriminator; n must be a multiple of ``pack``.

    Reference: Lin et al., "PacGAN", NeurIPS 2018.
    """
    check_positive(data_dim=data_dim, pack=pack)
    x_in = keras.Input((data_dim,), name="samples")
    h = hidden_layers(PackSamples(pack, name="pack_samples")(x_in), hidden_units)
    logits = keras.layers.Dense(1, dtype="float32", name="logits")(h)
    return keras.Model(x_in, logits, name=name)


def mlp_multiclass_discriminator(
    data_dim=2, num_generators=4, hidden_units=(128, 128, 128), name="discriminator"
):
    """MAD-GAN discriminator: ``num_generators + 1`` logits (generator i, or real last).

    Reference: Ghosh et al., "Multi-Agent Diverse GANs", CVPR 2018.
    """
    check_positive(data_dim=data_dim, num_generators=num_generators)
    x_in = keras.Input((data_dim,), name="samples")
    h = hidden_layers(x_in, hidden_units)
    logits = keras.layers.Dense(num_generators + 1, dtype="float32", name="logits")(h)
    return keras.Model(x_in, logits, name=name)


def mlp_encoder(data_dim=2, latent_dim=2, hidden_units=(128, 128, 128), name="encoder"):
    """MLP encoder ``x -> z`` (linear output), for MRGAN.

    Reference: Che et al., "Mode Regularized GANs", ICLR 2017.
    """
    check_positive(data_dim=data_dim, latent_dim=latent_dim)
    x_in = keras.Input((data_dim,), name="samples")
    z = keras.layers.Dense(latent_dim, dtype="float32", name="latent")(hidden_layers(x_in, hidden_units))
    return keras.Model(x_in, z, name=name)
