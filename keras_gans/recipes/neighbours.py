"""Recipes of the GANs' neighbours: the VAE and generative moment matching networks.

Both are latent generators (z -> sample, the zoo's ``z`` and ``sample``
signatures) without a discriminator. Defaults follow the papers
(``../shared/PROTOCOLS.md``): Kingma & Welling's MLP VAE (one hidden layer of
500 tanh units, batch 100, one sample of z) and Li et al.'s data-space GMMN
(10 -> 64 -> 256 -> 256 -> 1024 -> 784, sqrt(MMD²) over six bandwidths, SGD
learning rate 2 with momentum 0.9, batch 1,000).
"""

import keras

from keras_gans import models
from keras_gans import networks
from keras_gans.losses.moment_matching import PAPER_BANDWIDTHS
from keras_gans.recipes.latent import MIXTURE
from keras_gans.recipes.latent import learning_rate
from keras_gans.recipes.recipe import LATENT
from keras_gans.recipes.recipe import Recipe
from keras_gans.recipes.recipe import register

# The paper's widths are for pixels in [0, 1]; the zoo's images are in [-1, 1], where every
# distance is twice as long, so the same kernels have twice the widths.
IMAGE_BANDWIDTHS = tuple(2.0 * s for s in PAPER_BANDWIDTHS)
# The 2-D mixtures (ring8: radius 1, std 0.01; grid25: spacing 2, std 0.05): from the
# modes' own scale up to the whole mixture's.
MIXTURE_BANDWIDTHS = (0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0)


def _vae(spec, hp):
    latent_dim = hp["latent_dim"] or 20
    return models.VAE(
        networks.mlp_vae_encoder(spec.shape, latent_dim, hp["hidden_units"]),
        networks.mlp_vae_decoder(spec.shape, latent_dim, hp["hidden_units"]),
        likelihood=hp["likelihood"] or ("bernoulli" if spec.is_image else "gaussian"),
        output_std=hp["output_std"],
        seed=hp["seed"],
    )


def _bandwidths(spec, hp):
    return hp["bandwidths"] or (IMAGE_BANDWIDTHS if spec.is_image else MIXTURE_BANDWIDTHS)


def _gmmn(spec, hp):
    latent_dim = hp["latent_dim"] or (10 if spec.is_image else 2)
    generator = networks.gmmn_generator(spec.shape, latent_dim, hp["hidden_units"])
    return models.GMMN(generator, bandwidths=_bandwidths(spec, hp), seed=hp["seed"])


def _gmmn_ae(spec, hp):
    latent_dim = hp["latent_dim"] or 10
    encoder, decoder = networks.mlp_code_autoencoder(
        spec.shape, hp["code_dim"], hp["ae_hidden_units"]
    )
    code_generator = networks.gmmn_generator(
        (hp["code_dim"],),
        latent_dim,
        hp["hidden_units"],
        output_activation="sigmoid",
        name="code_generator",
    )
    return models.GMMNAE(
        code_generator,
        encoder,
        decoder,
        stage=hp["stage"],
        bandwidths=hp["bandwidths"],
        seed=hp["seed"],
    )


def _adam(hp):
    return keras.optimizers.Adam(learning_rate(hp)), None


register(
    Recipe(
        "vae_mnist",
        "vae",
        LATENT,
        "samples",
        "mnist_5k",
        _vae,
        "Kingma & Welling 2014",
        "MLP VAE, one hidden layer of 500 tanh units, z of 20, Bernoulli likelihood, Adam(1e-3), batch 100",
        hparams={"hidden_units": (500,), "likelihood": None, "output_std": 0.1},
        batch_size=100,
        epochs=50,
    ),
    default=True,
)
register(
    Recipe(
        "gmmn_mnist",
        "gmmn",
        LATENT,
        "samples",
        "mnist_5k",
        _gmmn,
        "Li et al. 2015",
        "data-space GMMN: 10 -> 64-256-256-1024 ReLU -> tanh 784, sqrt(MMD²) over sigma 2..80 (x2 on [-1, 1]), "
        "SGD(2, momentum 0.9), batch 1,000",
        hparams={"hidden_units": networks.gmmn.PAPER_HIDDEN, "bandwidths": None},
        batch_size=1000,
        epochs=400,
    ),
    default=True,
)
for _mixture in ("ring8", "grid25"):
    register(
        Recipe(
            f"gmmn_{_mixture}",
            "gmmn",
            LATENT,
            "samples",
            _mixture,
            _gmmn,
            "Li et al. 2015",
            "GMMN on the 2-D mixture: MLP 3 x 128 ReLU, z of 2, sqrt(MMD²) over sigma 0.02..2, Adam(2e-3) "
            "with cosine decay to 0, as the mode-collapse benchmark trains it",
            hparams={"hidden_units": (128, 128, 128), "bandwidths": None, **MIXTURE},
            optimizers=_adam,
            batch_size=256,
            epochs=15,
            steps_per_epoch=200,
        )
    )
register(
    Recipe(
        "gmmn_ae_mnist",
        "gmmn",
        LATENT,
        "samples",
        "mnist_5k",
        _gmmn_ae,
        "Li et al. 2015",
        "GMMN+AE: sigmoid autoencoder 1024-32, a GMMN (10 -> 64-256-256-1024 -> 32) on its codes, sigma 1; "
        "stage=both trains both in one fit (the paper: autoencoder first)",
        hparams={
            "hidden_units": networks.gmmn.PAPER_HIDDEN,
            "ae_hidden_units": (1024,),
            "code_dim": 32,
            "bandwidths": (1.0,),
            "stage": "both",
            "lr": 1e-3,
        },
        optimizers=_adam,
        batch_size=1000,
        epochs=400,
    )
)
