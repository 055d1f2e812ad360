"""Builds a model by name for the command line: ``--model=<name>``."""

from keras_gans import networks
from keras_gans.models.gan import DCGAN
from keras_gans.models.gan import GAN


def _dcgan(data_shape, latent_dim, seed):
    return DCGAN(image_shape=data_shape, latent_dim=latent_dim or 100, seed=seed)


def _gan(data_shape, latent_dim, seed):
    latent_dim = latent_dim or (2 if len(data_shape) == 1 else 100)
    if len(data_shape) != 1:
        raise ValueError(
            f"--model=gan uses MLP networks for vector data (e.g. ring8, grid25). "
            f"Received data of shape {data_shape}; use --model=dcgan for images."
        )
    return GAN(
        networks.mlp_generator(data_shape[0], latent_dim),
        networks.mlp_discriminator(data_shape[0]),
        seed=seed,
    )


BUILDERS = {"dcgan": _dcgan, "gan": _gan}


def build_model(name, data_shape, latent_dim=None, seed=None):
    """Returns an uncompiled model for ``name`` fitted to data of ``data_shape``."""
    if name not in BUILDERS:
        raise ValueError(f"Unknown model {name!r}. Expected one of {sorted(BUILDERS)}.")
    if latent_dim is not None and latent_dim <= 0:
        raise ValueError(f"`latent_dim` must be positive. Received: latent_dim={latent_dim}")
    return BUILDERS[name](tuple(data_shape), latent_dim, seed)
