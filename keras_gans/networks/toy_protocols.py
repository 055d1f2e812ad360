"""The 2-D networks of the papers' own reference code (PacGAN, Unrolled GAN, WGAN-GP, VEEGAN).

The shared mode-collapse setup (``networks.mlp_generator`` and friends, 3 x 128)
is one network for every objective; these follow each paper's reference script
so an objective can be run as its paper runs it (``../shared/PROTOCOLS.md``).
"""

import keras

from keras_gans.layers import Maxout
from keras_gans.layers import PackSamples
from keras_gans.networks.blocks import check_positive


def toy_mlp(
    input_dim, output_dim, hidden_units, activation="relu", batch_norm=False, batch_norm_momentum=0.95,
    use_bias=True, kernel_initializer="glorot_uniform", maxout_pieces=None, pack=1, input_name="z",
    output_name="samples", name="mlp",
):
    """An MLP ``(batch, input_dim) -> (batch, output_dim)`` with a linear output, in any paper's variant.

    Args:
        input_dim, output_dim: sizes of the input and the output.
        hidden_units: widths of the hidden layers.
        activation: of the hidden layers (``"relu"``, ``"tanh"``, ...); ignored with maxout.
        batch_norm: Dense (no bias) -> BatchNormalization -> activation, as PacGAN's generator.
        batch_norm_momentum: BatchNorm population-update momentum.
        use_bias: biases of the hidden Dense layers (without BatchNorm).
        kernel_initializer: of every Dense (PacGAN: N(0, 0.02); Unrolled GAN: orthogonal, gain 1.4).
        maxout_pieces: hidden layers are ``Maxout(units, maxout_pieces)`` (PacGAN's discriminator).
        pack: PacGAN packing: ``pack`` consecutive samples are concatenated first (1 = none).
        input_name, output_name, name: Keras names.

    Returns:
        A functional ``keras.Model``.

    Raises:
        ValueError: non-positive sizes.
    """
    check_positive(input_dim=input_dim, output_dim=output_dim, pack=pack)
    init = keras.initializers.get(kernel_initializer)

    def initializer():
        return init.__class__.from_config(init.get_config())  # a fresh one per layer

    inputs = keras.Input((input_dim,), name=input_name)
    x = PackSamples(pack, name="pack_samples")(inputs) if pack > 1 else inputs
    for units in hidden_units:
        if maxout_pieces:
            x = Maxout(units, maxout_pieces, kernel_initializer=initializer())(x)
        elif batch_norm:
            x = keras.layers.Dense(units, use_bias=False, kernel_initializer=initializer())(x)
            x = keras.layers.BatchNormalization(momentum=batch_norm_momentum)(x)
            x = keras.layers.Activation(activation)(x)
        else:
            x = keras.layers.Dense(units, activation=activation, use_bias=use_bias, kernel_initializer=initializer())(x)
    outputs = keras.layers.Dense(output_dim, kernel_initializer=initializer(), dtype="float32", name=output_name)(x)
    return keras.Model(inputs, outputs, name=name)


def _normal(stddev):
    return keras.initializers.RandomNormal(stddev=stddev)


def pacgan_toy_networks(pack, data_dim=2, latent_dim=2):
    """PacGAN's 2-D networks: G 4 x 400 (BatchNorm + ReLU, no bias); D 3 x 200 maxout (5 pieces) on ``pack`` samples.

    Both initialised N(0, 0.02) (fjxmlzn/PacGAN ``synthetic_data_experiments``).
    """
    generator = toy_mlp(latent_dim, data_dim, (400,) * 4, batch_norm=True, kernel_initializer=_normal(0.02),
                        name="generator")
    discriminator = toy_mlp(data_dim, 1, (200,) * 3, maxout_pieces=5, pack=pack, kernel_initializer=_normal(0.02),
                            input_name="samples", output_name="logit", name="discriminator")
    return generator, discriminator


def unrolled_toy_networks(data_dim=2, latent_dim=256):
    """Unrolled GAN's 2-D networks: G and D 2 x 128 tanh, orthogonal initialisation with gain 1.4; z 256-d.

    (poolio/unrolled_gan demo notebook.)
    """
    init = keras.initializers.Orthogonal(gain=1.4)
    generator = toy_mlp(latent_dim, data_dim, (128, 128), activation="tanh", kernel_initializer=init, name="generator")
    discriminator = toy_mlp(data_dim, 1, (128, 128), activation="tanh", kernel_initializer=init, input_name="samples",
                            output_name="logit", name="discriminator")
    return generator, discriminator


def wgan_gp_toy_networks(data_dim=2, latent_dim=2):
    """WGAN-GP's toy networks: G and critic 3 x 512 ReLU (igul222/improved_wgan_training ``gan_toy.py``, DIM 512)."""
    generator = toy_mlp(latent_dim, data_dim, (512,) * 3, name="generator")
    critic = toy_mlp(data_dim, 1, (512,) * 3, input_name="samples", output_name="critic", name="critic")
    return generator, critic


def veegan_toy_networks(data_dim=2, latent_dim=2):
    """VEEGAN's GAN baseline on the 2-D mixtures: G 2 x 128 ReLU, D one hidden layer of 128 (akashgit/VEEGAN)."""
    generator = toy_mlp(latent_dim, data_dim, (128, 128), name="generator")
    discriminator = toy_mlp(data_dim, 1, (128,), input_name="samples", output_name="logit", name="discriminator")
    return generator, discriminator
