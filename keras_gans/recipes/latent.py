"""Recipes of the latent generators: z (optionally with labels or codes) -> a sample.

Image data gets DCGAN-style networks, vector data (ring8, grid25) MLPs, so an
objective's default recipe also trains on ``--dataset=<the other kind>``.
The ``*_grid25`` recipes are the 2-D mode-collapse setup of
``benchmarks/mode_collapse.py`` (G: 3 x 128 Dense + BatchNorm + ReLU, latent
2; D: 3 x 128 ReLU; the paper's optimizer type at a common learning rate).
"""

import keras

from keras_gans import models
from keras_gans import networks
from keras_gans.recipes.recipe import LATENT
from keras_gans.recipes.recipe import Recipe
from keras_gans.recipes.recipe import register


def _vectors_only(objective, spec):
    if spec.is_image:
        raise ValueError(
            f"--model={objective} uses MLP networks for vector data (e.g. ring8, grid25). "
            f"Received data of shape {spec.shape}; use --model=dcgan for images."
        )
    if len(spec.shape) != 1:
        raise ValueError(f"Expected images (H, W, C) or vectors (D,). Received examples of shape {spec.shape}.")


def _latent(spec, hp, image_default=100, vector_default=2):
    return hp["latent_dim"] or (image_default if spec.is_image else vector_default)


def _augmented(discriminator, hp):
    """The image discriminator behind DiffAugment with policy ``hp["diff_augment"]`` (None: unchanged).

    ``--hparams=diff_augment=color,translation,cutout`` (any subset): every image the
    discriminator sees, real or generated, is augmented in ``train_step``; the exported
    generator never sees the layer (docs/training_aids.md).
    """
    policy, ada = hp.get("diff_augment"), hp.get("ada_target")
    if ada is not None and not policy:
        raise ValueError(
            "--hparams=ada_target steers the probability of a DiffAugment policy: pass diff_augment=<policy> "
            f"too, e.g. diff_augment=color,translation,cutout. Received: ada_target={ada}, diff_augment={policy!r}"
        )
    if not policy:
        return discriminator
    from keras_gans import layers

    # ADA starts at p = 0; the training CLI's AdaptiveAugmentation callback moves it (train_lib).
    augment = layers.DiffAugment(policy, probability=1.0 if ada is None else 0.0, seed=hp["seed"])
    return networks.augmented_discriminator(discriminator, augment)


# ---------------------------------------------------------------- image-or-vector unconditional objectives
def _networks(spec, hp, critic=False, spectral_norm=False):
    """DCGAN nets for images (a LayerNorm or spectral-norm critic where BatchNorm in D is wrong), MLPs for vectors."""
    latent_dim = _latent(spec, hp)
    if spec.is_image:
        base = hp["base_filters"]
        generator = networks.dcgan_generator(spec.shape, latent_dim, base_filters=base)
        if critic or spectral_norm:
            discriminator = networks.dcgan_critic(
                spec.shape, base_filters=base, normalization=None if spectral_norm else "layer",
                spectral_norm=spectral_norm,
            )
        else:
            discriminator = networks.dcgan_discriminator(spec.shape, base_filters=base)
        return generator, _augmented(discriminator, hp)
    if len(spec.shape) != 1:
        raise ValueError(f"Expected images (H, W, C) or vectors (D,). Received examples of shape {spec.shape}.")
    generator = networks.mlp_generator(spec.shape[0], latent_dim)
    return generator, networks.mlp_critic(spec.shape[0], spectral_norm=spectral_norm)


def _simple(cls, critic=False, spectral_norm=False, **fixed):
    def build(spec, hp):
        generator, discriminator = _networks(spec, hp, critic, spectral_norm)
        extra = {k: hp[k] for k in ("d_steps",) if k in hp}
        return cls(generator, discriminator, seed=hp["seed"], **fixed, **extra)

    return build


def _dcgan(spec, hp):
    if not spec.is_image:
        raise ValueError(
            f"--model=dcgan needs images (H, W, C). Received examples of shape {spec.shape}; "
            "use --model=gan for vector data such as ring8."
        )
    latent_dim = hp["latent_dim"] or 100
    base = hp["base_filters"]
    return models.DCGAN(
        image_shape=spec.shape, latent_dim=latent_dim, seed=hp["seed"],
        generator=networks.dcgan_generator(spec.shape, latent_dim, base_filters=base),
        discriminator=_augmented(networks.dcgan_discriminator(spec.shape, base_filters=base), hp),
    )


def _gan(spec, hp):
    if spec.is_image:
        raise ValueError(
            f"--model=gan uses MLP networks for vector data (e.g. ring8, grid25). "
            f"Received data of shape {spec.shape}; use --model=dcgan for images."
        )
    return _simple(models.GAN)(spec, hp)


# diff_augment: a DiffAugment policy for the discriminator (None: off); see _augmented.
# ada_target: ADA (Karras et al. 2020): the policy's probability starts at 0 and moves towards
# the overfitting target r_t (0.6 in the paper), by 1 per ada_adjustment_images real images.
# The paper's 500,000 suits its runs of millions of images; at the zoo's budgets (~150,000
# real images in 30 epochs of mnist_5k) p could reach 0.3 at most, so the default is 100,000
# (keras-io's gan_ada moves p by 1 in 1,000 steps of 128 = 128,000 images).
IMAGE = {"base_filters": 64, "diff_augment": None, "ada_target": None, "ada_adjustment_images": 100_000}
register(Recipe(
    "dcgan_mnist", "dcgan", LATENT, "samples", "mnist_5k", _dcgan, "Radford et al. 2016",
    "DCGAN on 5,000 real MNIST digits, z of 100, Adam(2e-4, 0.5)", hparams=dict(IMAGE),
), default=True)
register(Recipe(
    "gan_ring8", "gan", LATENT, "samples", "ring8", _gan, "Goodfellow et al. 2014",
    "non-saturating GAN, MLPs on the 8-mode ring", epochs=10, steps_per_epoch=200,
), default=True)
for _objective, _cls, _kwargs, _ref, _what in (
    ("lsgan", models.LSGAN, {}, "Mao et al. 2017", "least squares (a=0, b=c=1)"),
    ("wgan", models.WGAN, {"critic": True}, "Arjovsky et al. 2017", "weight clipping, 5 critic steps"),
    ("wgan_gp", models.WGANGP, {"critic": True}, "Gulrajani et al. 2017", "gradient penalty 10, 5 critic steps"),
    ("dragan", models.DRAGAN, {}, "Kodali et al. 2017", "penalty around the real data"),
    ("hinge", models.HingeGAN, {"spectral_norm": True}, "Miyato et al. 2018", "hinge loss, spectral-norm critic"),
):
    register(Recipe(
        f"{_objective}_mnist", _objective, LATENT, "samples", "mnist_5k", _simple(_cls, **_kwargs), _ref,
        f"{_what}; DCGAN-style networks on MNIST 5k", hparams=dict(IMAGE),
    ), default=True)


# ---------------------------------------------------------------- the 2-D mode-collapse setup
HIDDEN = (128, 128, 128)
# The learning rate decays to 0 along a cosine over lr_decay_steps (the recipes' 15 x 200
# steps), as in benchmarks/mode_collapse.py: the last steps sharpen the samples onto the
# modes (% high quality). lr_decay_steps=None keeps it constant. (GMMN's 2-D recipes too.)
MIXTURE = {"lr": 2e-3, "lr_decay_steps": 3000, "hidden_units": HIDDEN}


def learning_rate(hp):
    """``hp["lr"]``, decayed to 0 along a cosine over ``hp["lr_decay_steps"]`` when that is set."""
    lr, steps = hp["lr"], hp.get("lr_decay_steps")
    if steps is None or isinstance(lr, keras.optimizers.schedules.LearningRateSchedule):
        return lr
    if not isinstance(steps, int) or steps <= 0:
        raise ValueError(f"`lr_decay_steps` must be a positive integer or None. Received: lr_decay_steps={steps!r}")
    return keras.optimizers.schedules.CosineDecay(lr, steps)


def _mlp_generator(spec, hp, name="generator"):
    return networks.mlp_generator(spec.shape[0], _latent(spec, hp), hp["hidden_units"], batch_norm=True, name=name)


def _adam(beta_1=0.5, beta_2=0.999):
    def optimizers(hp):
        return tuple(keras.optimizers.Adam(learning_rate(hp), beta_1=beta_1, beta_2=beta_2) for _ in range(2))

    return optimizers


def _rmsprop(hp):
    return keras.optimizers.RMSprop(learning_rate(hp)), keras.optimizers.RMSprop(learning_rate(hp))


def _mixture_model(objective):
    """The benchmark's model of ``objective`` for vector data.

    Networks are made in the benchmark's order (a discriminator built before
    the generator draws its initial weights first), so a seed gives the
    weights the published runs started from.
    """

    def build(spec, hp):
        _vectors_only(objective, spec)
        dim, hidden, seed = spec.shape[0], hp["hidden_units"], hp["seed"]

        def g(name="generator"):
            return _mlp_generator(spec, hp, name)

        def d():
            return networks.mlp_discriminator(dim, hidden)

        if objective == "gan":
            return models.GAN(g(), d(), seed=seed)
        if objective == "improved":
            disc = networks.mlp_minibatch_discriminator(dim, hidden, num_kernels=16, kernel_dim=4)
            return models.ImprovedGAN(g(), disc, label_smoothing=hp["label_smoothing"], seed=seed)
        if objective == "unrolled":
            return models.UnrolledGAN(g(), d(), unroll_steps=hp["unroll_steps"], seed=seed)
        if objective == "pacgan":
            return models.PacGAN(g(), networks.mlp_packed_discriminator(dim, hp["pack"], hidden), pack=hp["pack"],
                                 seed=seed)
        if objective == "mad_gan":
            gens = [g(f"generator_{i}") for i in range(hp["num_generators"])]
            disc = networks.mlp_multiclass_discriminator(dim, hp["num_generators"], hidden)
            return models.MADGAN(gens, disc, seed=seed)
        if objective == "mrgan":
            encoder = networks.mlp_encoder(dim, _latent(spec, hp), hidden)
            return models.MRGAN(g(), d(), encoder, seed=seed)
        if objective == "lsgan":
            return models.LSGAN(g(), d(), seed=seed)
        if objective == "wgan":
            return models.WGAN(g(), networks.mlp_critic(dim, hidden), seed=seed)
        if objective == "wgan_gp":
            # LayerNorm, not BatchNorm, in the critic: the penalty is per example (Section 4).
            critic = networks.mlp_critic(dim, hidden, normalization="layer")
            return models.WGANGP(g(), critic, seed=seed)
        if objective == "dragan":
            return models.DRAGAN(g(), d(), seed=seed)
        if objective == "hinge":
            critic = networks.mlp_critic(dim, hidden, spectral_norm=True)
            return models.HingeGAN(g(), critic, d_steps=1, seed=seed)
        if objective == "ebgan":
            return models.EBGAN(g(), networks.mlp_autoencoder(dim, hidden[:2]), seed=seed)
        raise ValueError(f"No mode-collapse recipe for objective {objective!r}.")

    return build


# objective -> (optimizers, reference, what, extra hyper-parameters, is the objective's default recipe)
MIXTURE_RECIPES = {
    "gan": (_adam(), "Goodfellow et al. 2014", "non-saturating GAN", {}, False),
    "improved": (_adam(), "Salimans et al. 2016", "minibatch discrimination + one-sided label smoothing 0.1",
                 {"label_smoothing": 0.1}, True),
    "unrolled": (_adam(), "Metz et al. 2017", "5 unrolled discriminator steps", {"unroll_steps": 5}, True),
    "pacgan": (_adam(), "Lin et al. 2018", "PacGAN4: the discriminator sees packs of 4", {"pack": 4}, True),
    "mad_gan": (_adam(), "Ghosh et al. 2018", "5 generators, a (k+1)-way discriminator", {"num_generators": 5}, True),
    "mrgan": (_adam(), "Che et al. 2017", "geometric + mode regularizers through an encoder", {}, True),
    "lsgan": (_adam(), "Mao et al. 2017", "least squares", {}, False),
    "wgan": (_rmsprop, "Arjovsky et al. 2017", "RMSprop, clipping 0.01, 5 critic steps", {}, False),
    "wgan_gp": (_adam(0.0, 0.9), "Gulrajani et al. 2017", "Adam(0, 0.9), LayerNorm critic, 5 critic steps", {}, False),
    "dragan": (_adam(0.5, 0.9), "Kodali et al. 2017", "Adam(0.5, 0.9)", {}, False),
    "hinge": (_adam(0.0, 0.9), "Miyato et al. 2018", "Adam(0, 0.9), spectral-norm critic", {}, False),
    "ebgan": (_adam(), "Zhao et al. 2017", "autoencoder energy, margin 1", {}, True),
}
for _objective, (_optimizers, _ref, _what, _extra, _default) in MIXTURE_RECIPES.items():
    register(Recipe(
        f"{_objective}_grid25", _objective, LATENT, "samples", "grid25", _mixture_model(_objective), _ref,
        f"{_what}; MLPs on the 5x5 grid (mode-collapse benchmark)", hparams={**MIXTURE, **_extra},
        optimizers=_optimizers, batch_size=256, epochs=15, steps_per_epoch=200,
    ), default=_default)


# ---------------------------------------------------------------- conditional: labels or codes
def _conditional(objective):
    """ConditionalGAN / ACGAN / InfoGAN with DCGAN-style (images) or MLP (vectors) networks."""

    def build(spec, hp):
        k, seed = spec.num_classes or hp["num_classes"], hp["seed"]
        continuous = hp.get("num_continuous", 0)
        latent_dim = _latent(spec, hp, image_default=hp["default_latent_dim"])
        if spec.is_image:
            conv = {"base_filters": hp["base_filters"]}
            # The InfoGAN paper's nets: a one-hot code and an FC layer shared by D and Q.
            dense = {"dense_units": hp["dense_units"]} if hp.get("dense_units") else {}
            encoding = {"label_encoding": hp["label_encoding"]} if hp.get("label_encoding") else {}
            g = networks.conditional_dcgan_generator(spec.shape, latent_dim, k, num_continuous=continuous, **encoding,
                                                     **conv, **dense)
            if objective == "cgan":
                d = networks.conditional_dcgan_discriminator(spec.shape, k, conditioning=hp["conditioning"], **conv)
            else:
                head = {"head_units": hp["head_units"]} if objective == "infogan" else {}
                d = networks.auxiliary_dcgan_discriminator(spec.shape, k, num_continuous=continuous, **head, **conv,
                                                           **dense)
            d = _augmented(d, hp)
        else:
            dim = spec.shape[0]
            g = networks.conditional_mlp_generator(dim, latent_dim, k, num_continuous=continuous)
            if objective == "cgan":
                d = networks.conditional_mlp_discriminator(dim, k, conditioning=hp["conditioning"])
            else:
                d = networks.auxiliary_mlp_discriminator(dim, k, num_continuous=continuous)
        if objective == "cgan":
            return models.ConditionalGAN(g, d, num_classes=k, loss=hp["loss"], seed=seed)
        if objective == "acgan":
            return models.ACGAN(g, d, num_classes=k, classify_fakes=hp["classify_fakes"], seed=seed)
        return models.InfoGAN(g, d, num_categories=k, num_continuous=continuous, seed=seed)

    return build


CONDITIONAL = {"num_classes": 10, "base_filters": 32, "default_latent_dim": 64, "diff_augment": None}
register(Recipe(
    "cgan_mnist", "cgan", LATENT, "labelled", "mnist_5k", _conditional("cgan"), "Mirza & Osindero 2014",
    "label concatenated in G and D, non-saturating loss; 10x10 grid: row = label",
    hparams={**CONDITIONAL, "conditioning": "concat", "loss": "non_saturating"}, steps_per_epoch=200,
), default=True)
register(Recipe(
    "cgan_projection_mnist", "cgan", LATENT, "labelled", "mnist_5k", _conditional("cgan"),
    "Miyato & Koyama 2018", "projection discriminator, hinge loss",
    hparams={**CONDITIONAL, "conditioning": "projection", "loss": "hinge"}, steps_per_epoch=200,
))
register(Recipe(
    "acgan_mnist", "acgan", LATENT, "labelled", "mnist_5k", _conditional("acgan"), "Odena et al. 2017",
    "auxiliary classifier on real and fake images", hparams={**CONDITIONAL, "classify_fakes": True},
    steps_per_epoch=200,
), default=True)
register(Recipe(
    "infogan_mnist", "infogan", LATENT, "samples", "mnist_5k", _conditional("infogan"), "Chen et al. 2016",
    "10-way categorical code + 2 continuous codes, z of 62",
    hparams={**CONDITIONAL, "default_latent_dim": 62, "num_continuous": 2, "head_units": 128}, steps_per_epoch=200,
), default=True)
register(Recipe(
    "infogan_grid25", "infogan", LATENT, "samples", "grid25", _conditional("infogan"), "Chen et al. 2016",
    "one categorical code per mode (25), z of 2, MLPs 3x128, Adam(1e-3, 0.5) annealed to 0 over 20,000 steps; "
    "with --ema_decay=0.999 it is the InfoGAN protocol of benchmarks/results/mode_collapse_protocols.md",
    hparams={"num_classes": 25, "default_latent_dim": 2, "lr": 1e-3, "lr_decay_steps": 20_000},
    optimizers=_adam(), batch_size=256, epochs=20, steps_per_epoch=1000,
))
register(Recipe(
    "infogan_paper_mnist", "infogan", LATENT, "samples", "mnist_5k", _conditional("infogan"), "Chen et al. 2016",
    "the paper's MNIST nets (Appendix C): one-hot code, FC 1024 in G and shared by D and Q",
    hparams={**CONDITIONAL, "default_latent_dim": 62, "num_continuous": 2, "head_units": 128,
             "label_encoding": "one_hot", "dense_units": 1024}, steps_per_epoch=200,
))
