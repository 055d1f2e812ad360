"""The contract table: every objective with its smallest networks and a batch it trains on.

Each :class:`~keras_gans.testing.contract.ContractCase` goes through every check
of ``tests/contract/test_contract.py``: a two-step fit changes every player, a
``.keras`` round trip keeps outputs and state, the export answers the same through
``tf.saved_model.load``, ``saved_model_cli run`` and LiteRT, and one update on 2
mirrored replicas equals one on 1 device. To cover a new objective, add a case
to ``CASES``: ``build()`` returns an uncompiled model (tiny nets, synchronized
BatchNorm or none, ``d_steps=1``, or a separate ``parity_build``), ``batch()``
the global batch. Noise the model draws in ``train_step`` besides
``sample_latent`` goes in ``noise`` (see ``keras_gans.testing.distribution``);
networks besides ``generator`` and ``discriminator`` in ``networks``.
"""

import keras
import numpy as np
import tensorflow as tf

from keras_gans import models
from keras_gans import networks
from keras_gans.data import masks as mk
from keras_gans.testing.contract import GAN_PAIR
from keras_gans.testing.contract import ContractCase as Case

LATENT = {"sample_latent": "normal"}


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


def _label_conditioned(model_class, discriminator, conditioning=None, **options):
    """A builder of ``model_class`` (8 classes) over tiny label-conditioned MLPs."""
    d_options = {} if conditioning is None else {"conditioning": conditioning}

    def build():
        return model_class(
            networks.conditional_mlp_generator(2, 2, num_classes=8, hidden_units=(16,)),
            discriminator(2, num_classes=8, hidden_units=(16,), **d_options),
            num_classes=8, seed=0, **options,
        )

    return build


_cgan = _label_conditioned(models.ConditionalGAN, networks.conditional_mlp_discriminator)
_cgan_projection = _label_conditioned(
    models.ConditionalGAN, networks.conditional_mlp_discriminator, conditioning="projection", loss="hinge"
)
_acgan = _label_conditioned(models.ACGAN, networks.auxiliary_mlp_discriminator)


def _infogan():
    return models.InfoGAN(
        networks.conditional_mlp_generator(2, 2, num_classes=4, num_continuous=2, hidden_units=(16,)),
        networks.auxiliary_mlp_discriminator(2, num_classes=4, num_continuous=2, hidden_units=(16,)),
        num_categories=4, num_continuous=2, seed=0,
    )


def _infogan_categorical():
    return models.InfoGAN(
        networks.conditional_mlp_generator(2, 2, num_classes=4, hidden_units=(16,)),
        networks.auxiliary_mlp_discriminator(2, num_classes=4, hidden_units=(16,)),
        num_categories=4, num_continuous=0, seed=0,
    )


def _hinge_spectral_norm():
    critic = networks.mlp_critic(2, (16,), spectral_norm=True)
    return models.HingeGAN(networks.mlp_generator(2, 2, (16,)), critic, d_steps=1, seed=0)


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


def _library_cyclegan():
    """The library's ResNet generators and PatchGANs (instance norm), as small as they go."""

    def g():
        return networks.resnet_generator(1, num_blocks=1, base_filters=4, num_downsampling=1)

    def d():
        return networks.patchgan_discriminator(1, num_downsampling=1, base_filters=4)

    return models.CycleGAN(g(), d(), g(), d(), pool_size=8, image_size=(8, 8), seed=0)


def _library_srgan(stage, discriminator=None, **generator_options):
    """The library's SRResNet (x2 unless told) and SRGAN discriminator, as small as they go."""

    def build():
        options = {"scale": 2, **generator_options}
        generator = networks.srresnet_generator(channels=1, num_blocks=1, filters=4, **options)
        critic = (discriminator or (lambda: networks.srgan_discriminator(
            channels=1, filters=4, num_blocks=1, dense_units=8)))()
        return models.SRGAN(generator, critic, stage=stage, seed=0)

    return build


def _library_completion():
    return models.ImageCompletion(
        networks.completion_network(channels=1, filters=4, dilations=(2,)),
        networks.completion_discriminator((8, 8, 1), local_size=4, filters=4),
        stage="adversarial", seed=0,
    )


def _x4_pairs():
    rng = _rng()
    return (rng.uniform(-1, 1, (4, 2, 2, 1)).astype("float32"),
            rng.uniform(-1, 1, (4, 8, 8, 1)).astype("float32"))


# ---------------------------------------------------------------- serving inputs
def _labelled_inputs(model):
    return [("serving_default", {"z": model.latent_vectors(5, seed=1), "label": np.array([7, 0, 3, 3, 1], "int32")})]


def _labelled_generator_inputs(model):
    return [model.latent_vectors(8, seed=0), np.arange(8, dtype="int32")]


def _code_inputs(model):
    return [("serving_default", {
        "z": model.latent_vectors(4, seed=2),
        "code": np.array([3, 0, 2, 2], "int32"),
        "continuous": np.array([[-1.0, 0.5], [0.0, 0.0], [0.5, -0.5], [1.0, 1.0]], "float32"),
    })]


def _categorical_inputs(model):
    return [("serving_default", {"z": model.latent_vectors(4, seed=2), "code": np.array([3, 0, 2, 2], "int32")})]


def _code_generator_inputs(model):
    return [model.latent_vectors(8, seed=0), *(c for c in model.code_arrays(8, seed=0) if c is not None)]


def _indexed_inputs(model):
    z = model.latent_vectors(6, seed=0)
    return [("serving_default", {"z": z}), ("with_index", {"z": z, "index": np.array([0, 1, 1, 0, 1, 0], "int32")})]


def _uniform(*shape, seed=0):
    return np.random.default_rng(seed).uniform(-1, 1, shape).astype("float32")


def _image_inputs(*shapes, signatures=("serving_default",)):
    """``{"image"}`` at each of ``shapes`` (a second, non-square size shows H and W are dynamic)."""

    def inputs(model):
        return [(sig, {"image": _uniform(*shape, seed=i)}) for sig in signatures for i, shape in enumerate(shapes)]

    return inputs


def _first_image(model, case_inputs):
    return case_inputs(model)[0][1]["image"]


def _masked_inputs(model):
    return [
        ("serving_default", {"image": _uniform(n, h, w, 1, seed=n), "mask": mk.random_rectangle_masks(n, h, w, 2, 4, seed=n)})
        for n, h, w in ((3, 8, 8), (2, 8, 12))
    ]


def _domain_inputs(model):
    return [
        ("serving_default", {"image": _uniform(n, h, w, 1, seed=n), "target_domain": np.eye(3, dtype="float32")[:n]})
        for n, h, w in ((2, 8, 8), (1, 6, 10))
    ]


_PIX2PIX_INPUTS = _image_inputs((2, 16, 16, 1), (3, 8, 12, 1))


def _pix2pixhd(stage):
    def build():
        generator, head = networks.pix2pixhd_generator(1, 1, base_filters=2, global_downsampling=1, global_blocks=1,
                                                       local_blocks=1)
        discriminator = networks.multiscale_discriminator(1, 1, num_discriminators=2, num_downsampling=1,
                                                          base_filters=4)
        return models.Pix2PixHD(generator, discriminator, global_head=head, stage=stage, seed=0)

    return build
_CYCLEGAN_INPUTS = _image_inputs((2, 8, 8, 1), (1, 6, 10, 1), signatures=("serving_default", "a_to_b", "b_to_a"))
_SR_INPUTS = _image_inputs((2, 4, 4, 1), (1, 5, 3, 1))
PLAIN_LOGS = frozenset({"d_loss", "g_loss"})
# A Wasserstein or hinge critic's output bias gets no gradient (see assert_weights_changed).
WGAN_CRITIC = ("discriminator",)


# ---------------------------------------------------------------- SEGAN (waveforms)
def _segan(virtual_batch_norm=True):
    def build():
        return models.SEGAN(
            networks.segan_generator((4, 8), kernel_size=5),
            networks.segan_discriminator(16, (4, 8), kernel_size=5, virtual_batch_norm=virtual_batch_norm),
            seed=0,
        )

    return build


def _waveform_pairs(n=4, window=16):
    rng = _rng()
    clean = 0.3 * np.sin(np.arange(window) / 2.0 + rng.uniform(0, 6, (n, 1)))
    return (clean + 0.1 * rng.standard_normal((n, window))).astype("float32")[..., None], clean.astype("float32")[..., None]


def _segan_inputs(model):
    # One window, a partial one (padded inside the graph) and several windows.
    return [("serving_default", {"waveform": 0.1 * _uniform(n, t, seed=t)}) for n, t in ((2, 16), (1, 23), (3, 40))]


CASES = [
    Case("gan", _gan, _vectors, logs=PLAIN_LOGS),
    Case("dcgan_sync_bn", _dcgan, _images),
    Case("lsgan", lambda: models.LSGAN(*_mlp_pair(), seed=0), _vectors),
    Case("hinge", lambda: models.HingeGAN(*_mlp_pair(), d_steps=1, seed=0), _vectors, kernels_only=WGAN_CRITIC),
    Case(
        # The critic the hinge loss is used with: SpectralNormalization must train, save and export.
        "hinge_spectral_norm", _hinge_spectral_norm, _vectors, kernels_only=WGAN_CRITIC,
    ),
    Case("wgan", lambda: models.WGAN(*_mlp_pair(), n_critic=1, seed=0), _vectors, kernels_only=WGAN_CRITIC),
    Case(
        "wgan_gp", lambda: models.WGANGP(*_mlp_pair(), n_critic=1, seed=0), _vectors,
        noise={**LATENT, "sample_interpolation": "uniform"}, kernels_only=WGAN_CRITIC,
    ),
    Case(
        "dragan", lambda: models.DRAGAN(*_mlp_pair(), seed=0), _vectors,
        noise={**LATENT, "sample_perturbation": "uniform"},
    ),
    Case("ebgan", _ebgan, _vectors),
    Case("cgan", _cgan, _labelled, _labelled_inputs, _labelled_generator_inputs),
    Case(
        "cgan_projection", _cgan_projection, _labelled, _labelled_inputs, _labelled_generator_inputs,
        kernels_only=WGAN_CRITIC,
    ),
    Case(
        "acgan", _acgan, _labelled, _labelled_inputs, _labelled_generator_inputs,
        logs={*PLAIN_LOGS, "real_class_loss"},
    ),
    Case(
        "infogan", _infogan, _vectors, _code_inputs, _code_generator_inputs,
        noise={**LATENT, "sample_code": _codes, "sample_continuous": "uniform"}, logs={*PLAIN_LOGS, "info_loss"},
    ),
    Case(
        # No continuous code: a two-input generator and a signature without "continuous".
        "infogan_categorical", _infogan_categorical, _vectors, _categorical_inputs, _code_generator_inputs,
        noise={**LATENT, "sample_code": _codes}, logs={*PLAIN_LOGS, "info_loss"},
    ),
    Case("improved_gan", lambda: models.ImprovedGAN(*_mlp_pair(), historical_averaging=0.1, seed=0), _vectors),
    Case("pacgan2", _pacgan, _vectors),
    Case("unrolled_gan", lambda: models.UnrolledGAN(*_mlp_pair(), unroll_steps=2, seed=0), _vectors),
    Case("madgan", _madgan, _vectors, _indexed_inputs),
    Case(
        "mrgan", _mrgan, _vectors, networks=(*GAN_PAIR, "encoder", "diffusion_discriminator"),
        logs={*PLAIN_LOGS, "geometric", "mode"},
    ),
    Case(
        "pix2pix", _pix2pix, _image_pairs, _PIX2PIX_INPUTS, lambda m: _first_image(m, _PIX2PIX_INPUTS), noise={},
        logs={*PLAIN_LOGS, "gan_loss", "l1_loss"},
        serving_rejects=(("serving_default", {"image": np.zeros((1, 10, 12, 1), "float32")}, "multiples of 4", True),),
    ),
    Case(
        # G1 + local enhancer at full size; G1's own output head is not used in this stage.
        "pix2pixhd", _pix2pixhd("local"), _image_pairs, _PIX2PIX_INPUTS, lambda m: _first_image(m, _PIX2PIX_INPUTS),
        noise={}, frozen=("global_head",), logs={*PLAIN_LOGS, "gan_loss", "fm_loss", "vgg_loss", "l1_loss"},
        serving_rejects=(("serving_default", {"image": np.zeros((1, 10, 12, 1), "float32")}, "multiples of 4", True),),
    ),
    Case(
        "cyclegan", _library_cyclegan, _image_pairs, _CYCLEGAN_INPUTS,
        lambda m: _first_image(m, _CYCLEGAN_INPUTS), noise={},
        networks=(*GAN_PAIR, "generator_ba", "discriminator_a"), parity_build=_cyclegan,
        logs={*PLAIN_LOGS, "adv_loss", "cycle_loss", "identity_loss"},
        serving_rejects=(("b_to_a", {"image": np.zeros((1, 7, 8, 1), "float32")}, "multiples of 2", False),),
    ),
    Case(
        "srresnet", _library_srgan("srresnet"), _sr_pairs, _SR_INPUTS, lambda m: _first_image(m, _SR_INPUTS),
        noise={}, parity_build=_srgan("srresnet"), networks=("generator",),
        frozen=("discriminator",),
    ),
    Case(
        "srgan", _library_srgan("srgan"), _sr_pairs, _SR_INPUTS, lambda m: _first_image(m, _SR_INPUTS),
        noise={}, parity_build=_srgan("srgan"),
    ),
    Case(
        # x4 as two sub-pixel x2 stages (the published layout), BatchNorm-free so it serves the Mirrored check.
        "srresnet_x4",
        _library_srgan("srresnet", lambda: _conv_discriminator([keras.Input((8, 8, 1))]), scale=4, batch_norm=False),
        _x4_pairs, _SR_INPUTS, lambda m: _first_image(m, _SR_INPUTS), noise={}, networks=("generator",),
        frozen=("discriminator",),
    ),
    Case(
        # The CPU recipe's generator: a fixed bicubic residual and one x4 DEPTH_TO_SPACE at the end.
        # BatchNorm-free throughout, so one build serves the Mirrored check too.
        "srgan_residual_espcn",
        _library_srgan("srgan", lambda: _conv_discriminator([keras.Input((8, 8, 1))]), scale=4,
                       bicubic_residual=True, batch_norm=False, upsampling="final"),
        _x4_pairs, _SR_INPUTS, lambda m: _first_image(m, _SR_INPUTS), noise={},
    ),
    Case(
        "image_completion", _library_completion, _masked_images, _masked_inputs,
        lambda m: list(_masked_inputs(m)[0][1].values()), noise={}, parity_build=_completion,
    ),
    Case(
        "stargan", _stargan, _domain_batch, _domain_inputs, lambda m: list(_domain_inputs(m)[0][1].values()),
        noise={"sample_targets": "uniform", "sample_interpolation": "uniform"},
    ),
    Case(
        # VBN normalises against each replica's own real pairs, so the Mirrored check uses a VBN-free D.
        "segan", _segan(), _waveform_pairs, _segan_inputs, lambda m: m.generator_example_inputs(),
        noise={"sample_z": "normal"}, parity_build=_segan(virtual_batch_norm=False),
        logs={*PLAIN_LOGS, "gan_loss", "l1_loss"},
    ),
]


# ---------------------------------------------------------------- SeqGAN (token sequences)
_SEQ_VOCAB, _SEQ_LENGTH = 12, 6


def _seqgan():
    # No dropout in D: it is a per-replica Keras draw. The adversarial phase trains both players.
    # A vocabulary, so the .keras round trip and the export carry it.
    return models.SeqGAN(
        networks.lstm_generator(_SEQ_VOCAB, 4, 4),
        networks.text_cnn_discriminator(_SEQ_VOCAB, _SEQ_LENGTH, 4, (2, 3), (3, 3), dropout=0.0),
        sequence_length=_SEQ_LENGTH, num_rollouts=2, phase="adversarial", seed=0,
        vocabulary=[f"w{i}" for i in range(_SEQ_VOCAB)],
    )


def _token_batch(n=8):
    return _rng().integers(0, _SEQ_VOCAB, (n, _SEQ_LENGTH)).astype("int32")


def _step_inputs(model):
    rng = np.random.default_rng(3)
    state = {"h": rng.uniform(-1, 1, (4, 4)).astype("float32"), "c": rng.uniform(-1, 1, (4, 4)).astype("float32")}
    token = np.array([0, 11, 5, 5], "int32")
    return [(signature, {"token": token, **state}) for signature in ("serving_default", "step")]


CASES.append(Case(
    "seqgan", _seqgan, _token_batch, _step_inputs, lambda m: _token_batch(4),
    noise={"sample_uniform": "uniform"}, logs={*PLAIN_LOGS, "reward"},
))


# ---------------------------------------------------------------- no discriminator: VAE and GMMN
def _images_8():
    return np.sign(_images(shape=(8, 8, 1))).astype("float32")  # binarised: -1 and 1


def _vae():
    return models.VAE(
        networks.mlp_vae_encoder((2,), 2, (16,)), networks.mlp_vae_decoder((2,), 2, (16,)),
        likelihood="gaussian", output_std=0.5, seed=0,
    )


def _vae_images():
    shape = (8, 8, 1)
    return models.VAE(networks.mlp_vae_encoder(shape, 3, (16,)), networks.mlp_vae_decoder(shape, 3, (16,)), seed=0)


def _gmmn():
    return models.GMMN(networks.gmmn_generator((2,), 2, (16, 16)), bandwidths=(0.5, 1.0, 2.0), seed=0)


def _gmmn_ae():
    encoder, decoder = networks.mlp_code_autoencoder((2,), code_dim=3, hidden_units=(16,))
    code_generator = networks.gmmn_generator((3,), 2, (16,), output_activation="sigmoid", name="code_generator")
    return models.GMMNAE(code_generator, encoder, decoder, stage="both", seed=0)


VAE_LOGS = frozenset({"neg_elbo", "reconstruction", "kl"})
CASES += [
    Case("vae", _vae, _vectors, networks=("encoder", "decoder"), logs=VAE_LOGS),
    Case("vae_bernoulli_images", _vae_images, _images_8, networks=("encoder", "decoder"), logs=VAE_LOGS),
    Case("gmmn", _gmmn, _vectors, networks=("generator",), logs=frozenset({"mmd"})),
    Case(
        "gmmn_ae", _gmmn_ae, _vectors, networks=("code_generator", "encoder", "decoder"),
        logs=frozenset({"mmd", "reconstruction"}),
    ),
]
