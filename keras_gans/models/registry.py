"""``build_model(name, data_shape)``: the objectives' default recipes by ``--model`` name.

Kept for code written against it; the registry is :mod:`keras_gans.recipes`
(``recipe_for(name)``), where every objective, its networks and its data live.
Image data (rank-3 examples) gets DCGAN-style networks, vector data MLPs.
"""

from keras_gans.recipes import DataSpec
from keras_gans.recipes import recipe_for

# The objectives that built here before recipes existed (z -> x on images or vectors).
NAMES = ("dcgan", "gan", "lsgan", "wgan", "wgan_gp", "dragan", "hinge")


def _builder(objective):
    def build(data_shape, latent_dim, seed):
        recipe = recipe_for(objective)
        return recipe.build(DataSpec(tuple(data_shape)), recipe.resolve_hparams(None, latent_dim, seed))

    return build


BUILDERS = {name: _builder(name) for name in NAMES}


def build_model(name, data_shape, latent_dim=None, seed=None):
    """Returns an uncompiled model for ``name`` fitted to data of ``data_shape``."""
    if name not in BUILDERS:
        raise ValueError(f"Unknown model {name!r}. Expected one of {sorted(BUILDERS)}.")
    if latent_dim is not None and latent_dim <= 0:
        raise ValueError(f"`latent_dim` must be positive. Received: latent_dim={latent_dim}")
    return BUILDERS[name](tuple(data_shape), latent_dim, seed)
