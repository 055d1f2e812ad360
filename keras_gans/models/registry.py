"""Builds a model by name for the command line: ``--model=<name>``.

Image data (rank-3 examples) gets the DCGAN networks (a LayerNorm critic where
the objective forbids BatchNorm in D); vector data (e.g. ring8, grid25) gets
the MLP networks of the 2-D benchmarks.
"""

from keras_gans import networks
from keras_gans.models.dragan import DRAGAN
from keras_gans.models.gan import DCGAN
from keras_gans.models.gan import GAN
from keras_gans.models.hinge_gan import HingeGAN
from keras_gans.models.lsgan import LSGAN
from keras_gans.models.wgan import WGAN
from keras_gans.models.wgan_gp import WGANGP


def _is_image(data_shape):
    return len(data_shape) == 3


def _networks(data_shape, latent_dim, critic=False, spectral_norm=False):
    if _is_image(data_shape):
        generator = networks.dcgan_generator(data_shape, latent_dim)
        if critic or spectral_norm:
            discriminator = networks.dcgan_critic(
                data_shape, normalization=None if spectral_norm else "layer", spectral_norm=spectral_norm
            )
        else:
            discriminator = networks.dcgan_discriminator(data_shape)
        return generator, discriminator
    if len(data_shape) != 1:
        raise ValueError(
            f"Expected images (H, W, C) or vectors (D,). Received examples of shape {data_shape}."
        )
    generator = networks.mlp_generator(data_shape[0], latent_dim)
    discriminator = networks.mlp_critic(data_shape[0], spectral_norm=spectral_norm)
    return generator, discriminator


def _default_latent(data_shape, latent_dim):
    return latent_dim or (100 if _is_image(data_shape) else 2)


def _dcgan(data_shape, latent_dim, seed):
    if not _is_image(data_shape):
        raise ValueError(
            f"--model=dcgan needs images (H, W, C). Received examples of shape {data_shape}; "
            "use --model=gan for vector data such as ring8."
        )
    return DCGAN(image_shape=data_shape, latent_dim=latent_dim or 100, seed=seed)


def _simple(cls, critic=False, spectral_norm=False, **kwargs):
    def build(data_shape, latent_dim, seed):
        latent_dim = _default_latent(data_shape, latent_dim)
        generator, discriminator = _networks(data_shape, latent_dim, critic, spectral_norm)
        return cls(generator, discriminator, seed=seed, **kwargs)

    return build


def _gan(data_shape, latent_dim, seed):
    if _is_image(data_shape):
        raise ValueError(
            f"--model=gan uses MLP networks for vector data (e.g. ring8, grid25). "
            f"Received data of shape {data_shape}; use --model=dcgan for images."
        )
    return _simple(GAN)(data_shape, latent_dim, seed)


BUILDERS = {
    "dcgan": _dcgan,
    "gan": _gan,
    "lsgan": _simple(LSGAN),
    "wgan": _simple(WGAN, critic=True),
    "wgan_gp": _simple(WGANGP, critic=True),
    "dragan": _simple(DRAGAN),
    "hinge": _simple(HingeGAN, spectral_norm=True),
}


def build_model(name, data_shape, latent_dim=None, seed=None):
    """Returns an uncompiled model for ``name`` fitted to data of ``data_shape``."""
    if name not in BUILDERS:
        raise ValueError(f"Unknown model {name!r}. Expected one of {sorted(BUILDERS)}.")
    if latent_dim is not None and latent_dim <= 0:
        raise ValueError(f"`latent_dim` must be positive. Received: latent_dim={latent_dim}")
    return BUILDERS[name](tuple(data_shape), latent_dim, seed)
