"""Every objective: one update on 1 device == one update on 2 mirrored CPU replicas.

To cover a new objective, add a :class:`Case` to ``PARITY_CASES``: ``build()``
returns an uncompiled model (tiny nets, synchronized BatchNorm or none,
``d_steps=1``), ``batch()`` the global batch. Noise the model draws in
``train_step`` besides ``sample_latent`` goes in ``noise`` (see
``keras_gans.testing.distribution``); networks besides ``generator`` and
``discriminator`` in ``networks``.
"""

import dataclasses

import keras
import numpy as np
import pytest
import tensorflow as tf

from keras_gans import models
from keras_gans import networks
from keras_gans.testing.distribution import assert_mirrored_parity

LATENT = {"sample_latent": "normal"}
GAN_PAIR = ("generator", "discriminator")


@dataclasses.dataclass(frozen=True)
class Case:
    name: str
    build: object
    batch: object
    noise: dict = dataclasses.field(default_factory=lambda: dict(LATENT))
    networks: tuple = GAN_PAIR


# ---------------------------------------------------------------- batches
def _rng():
    return np.random.default_rng(0)


def _vectors(n=16, dim=2):
    return _rng().standard_normal((n, dim)).astype("float32")


def _images(n=8, shape=(28, 28, 1)):
    return _rng().uniform(-1, 1, (n, *shape)).astype("float32")


def _labelled(n=16, dim=2, classes=8):
    rng = _rng()
    return rng.standard_normal((n, dim)).astype("float32"), rng.integers(0, classes, n).astype("int32")


def _image_pairs(n=4, size=8, target_size=8):
    rng = _rng()
    return (
        rng.uniform(-1, 1, (n, size, size, 1)).astype("float32"),
        rng.uniform(-1, 1, (n, target_size, target_size, 1)).astype("float32"),
    )


def _sr_pairs():
    return _image_pairs(size=4, target_size=8)


def _domain_batch(n=4, domains=3):
    rng = _rng()
    images = rng.uniform(-1, 1, (n, 8, 8, 1)).astype("float32")
    return images, np.eye(domains, dtype="float32")[rng.integers(0, domains, n)]


def _masked_images(n=4):
    images = _rng().uniform(-1, 1, (n, 8, 8, 1)).astype("float32")
    masks = np.zeros((n, 8, 8, 1), "float32")
    for i in range(n):  # a 3x3 hole at a different place in every image
        masks[i, i : i + 3, 4 - i : 7 - i] = 1.0
    return images, masks


# ---------------------------------------------------------------- models
def _mlp_pair():
    return networks.mlp_generator(2, 2, (16,)), networks.mlp_discriminator(2, (16,))


def _gan():
    return models.GAN(networks.mlp_generator(2, 2, (16, 16)), networks.mlp_discriminator(2, (16, 16)), seed=0)


def _dcgan():
    shape = (28, 28, 1)
    return models.DCGAN(
        image_shape=shape, latent_dim=8,
        generator=networks.dcgan_generator(shape, 8, base_filters=4, synchronized_bn=True),
        discriminator=networks.dcgan_discriminator(shape, base_filters=4, synchronized_bn=True),
        seed=0,
    )


def _ebgan():
    return models.EBGAN(
        networks.mlp_generator(2, 2, (16,)), networks.mlp_autoencoder(2, code_dim=4, hidden_units=(16,)),
        seed=0,
    )


def _cgan():
    return models.ConditionalGAN(
        networks.conditional_mlp_generator(2, 2, num_classes=8, hidden_units=(16,)),
        networks.conditional_mlp_discriminator(2, num_classes=8, hidden_units=(16,)),
        num_classes=8, seed=0,
    )


def _acgan():
    return models.ACGAN(
        networks.conditional_mlp_generator(2, 2, num_classes=8, hidden_units=(16,)),
        networks.auxiliary_mlp_discriminator(2, num_classes=8, hidden_units=(16,)),
        num_classes=8, seed=0,
    )


def _infogan():
    return models.InfoGAN(
        networks.conditional_mlp_generator(2, 2, num_classes=4, num_continuous=2, hidden_units=(16,)),
        networks.auxiliary_mlp_discriminator(2, num_classes=4, num_continuous=2, hidden_units=(16,)),
        num_categories=4, num_continuous=2, seed=0,
    )


def _codes(shape, seed):
    return tf.random.stateless_uniform(shape, seed, minval=0, maxval=4, dtype=tf.int32)


def _pacgan():
    return models.PacGAN(
        networks.mlp_generator(2, 2, (16,)), networks.mlp_packed_discriminator(2, pack=2, hidden_units=(16,)),
        pack=2, seed=0,
    )


def _madgan():
    return models.MADGAN(
        [networks.mlp_generator(2, 2, (16,), name=f"g{i}") for i in range(2)],
        networks.mlp_multiclass_discriminator(2, num_generators=2, hidden_units=(16,)),
        seed=0,
    )


def _mrgan():
    return models.MRGAN(*_mlp_pair(), networks.mlp_encoder(2, 2, (16,)), seed=0)


def _pix2pix():
    # No dropout: it is pix2pix's only noise and a per-replica Keras draw.
    return models.Pix2Pix(
        networks.unet_generator(1, 1, depth=2, base_filters=4, dropout=0.0),
        networks.patchgan_discriminator(1, 1, num_downsampling=1, base_filters=4),
        seed=0,
    )


def _translator(name):
    """A tiny image -> image net (CycleGAN's logic is under test, not the ResNet's)."""
    image = keras.Input((None, None, 1))
    x = keras.layers.Conv2D(4, 3, padding="same", activation="relu")(image)
    return keras.Model(image, keras.layers.Conv2D(1, 3, padding="same", activation="tanh")(x), name=name)


def _cyclegan():
    def critic():
        return _conv_discriminator([keras.Input((8, 8, 1))])

    # The pool (8 slots) is empty before the step, so it stores and returns
    # every generated image: deterministic for one step, and exercised.
    return models.CycleGAN(
        _translator("g_ab"), critic(), generator_ba=_translator("g_ba"), discriminator_a=critic(),
        pool_size=8, image_size=(8, 8), seed=0,
    )


def _conv_discriminator(inputs, name="discriminator"):
    """A tiny BatchNorm-free conv net ``inputs -> logit`` for models whose networks use BatchNorm."""
    features = [
        keras.layers.Flatten()(keras.layers.Conv2D(4, 3, strides=2, activation="relu")(x)) for x in inputs
    ]
    x = features[0] if len(features) == 1 else keras.layers.Concatenate()(features)
    return keras.Model(inputs, keras.layers.Dense(1)(x), name=name)


def _srgan(stage):
    def build():
        lr = keras.Input((None, None, 1))
        x = keras.layers.Conv2D(4, 3, padding="same", activation="relu")(lr)
        sr = keras.layers.Conv2D(1, 3, padding="same", activation="tanh")(keras.layers.UpSampling2D(2)(x))
        generator = keras.Model(lr, sr, name="generator")
        return models.SRGAN(generator, _conv_discriminator([keras.Input((8, 8, 1))]), stage=stage, seed=0)

    return build


def _completion():
    image, mask = keras.Input((None, None, 1)), keras.Input((None, None, 1))
    x = keras.layers.Conv2D(4, 3, padding="same", activation="relu")(keras.layers.Concatenate()([image, mask]))
    fill = keras.layers.Conv2D(1, 3, padding="same", activation="tanh")(x)
    # Only the hole is replaced, as networks.completion_network does.
    completed = keras.layers.Lambda(lambda t: t[0] * (1.0 - t[2]) + t[1] * t[2])([image, fill, mask])
    generator = keras.Model([image, mask], completed, name="generator")
    discriminator = _conv_discriminator([keras.Input((8, 8, 1)), keras.Input((4, 4, 1))])
    return models.ImageCompletion(generator, discriminator, stage="adversarial", seed=0)


def _stargan():
    return models.StarGAN(
        networks.stargan_generator(1, num_domains=3, filters=4, num_downsamplings=0, num_residual=1),
        networks.stargan_discriminator(1, num_domains=3, filters=4, num_layers=1),
        d_steps=1, seed=0,
    )


PARITY_CASES = [
    Case("gan", _gan, _vectors),
    Case("dcgan_sync_bn", _dcgan, _images),
    Case("lsgan", lambda: models.LSGAN(*_mlp_pair(), seed=0), _vectors),
    Case("hinge", lambda: models.HingeGAN(*_mlp_pair(), d_steps=1, seed=0), _vectors),
    Case("wgan", lambda: models.WGAN(*_mlp_pair(), n_critic=1, seed=0), _vectors),
    Case(
        "wgan_gp", lambda: models.WGANGP(*_mlp_pair(), n_critic=1, seed=0), _vectors,
        noise={**LATENT, "sample_interpolation": "uniform"},
    ),
    Case(
        "dragan", lambda: models.DRAGAN(*_mlp_pair(), seed=0), _vectors,
        noise={**LATENT, "sample_perturbation": "uniform"},
    ),
    Case("ebgan", _ebgan, _vectors),
    Case("cgan", _cgan, _labelled),
    Case("acgan", _acgan, _labelled),
    Case(
        "infogan", _infogan, _vectors,
        noise={**LATENT, "sample_code": _codes, "sample_continuous": "uniform"},
    ),
    Case("improved_gan", lambda: models.ImprovedGAN(*_mlp_pair(), historical_averaging=0.1, seed=0), _vectors),
    Case("pacgan2", _pacgan, _vectors),
    Case("unrolled_gan", lambda: models.UnrolledGAN(*_mlp_pair(), unroll_steps=2, seed=0), _vectors),
    Case("madgan", _madgan, _vectors),
    Case(
        "mrgan", _mrgan, _vectors,
        networks=(*GAN_PAIR, "encoder", "diffusion_discriminator"),
    ),
    Case("pix2pix", _pix2pix, _image_pairs, noise={}),
    Case(
        "cyclegan", _cyclegan, _image_pairs, noise={},
        networks=(*GAN_PAIR, "generator_ba", "discriminator_a"),
    ),
    Case("srresnet", _srgan("srresnet"), _sr_pairs, noise={}),
    Case("srgan", _srgan("srgan"), _sr_pairs, noise={}),
    Case("image_completion", _completion, _masked_images, noise={}),
    Case(
        "stargan", _stargan, _domain_batch,
        noise={"sample_targets": "uniform", "sample_interpolation": "uniform"},
    ),
]


@pytest.mark.parametrize("case", PARITY_CASES, ids=[c.name for c in PARITY_CASES])
def test_mirrored_update_matches_single_device(case):
    ratios = assert_mirrored_parity(
        case.build, case.batch(), replicas=2, random_methods=case.noise, networks=case.networks
    )
    # The update sizes agree too, not only within tolerance element-wise.
    moved = [r for r in ratios.values() if r != 1.0]
    assert moved and np.allclose(moved, 1.0, atol=1e-2), ratios
