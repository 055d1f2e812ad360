"""Recipes of the translators: an input sample (optionally with a target domain) -> an output sample.

The networks are the CPU-sized ones the examples and benchmarks measured
(``benchmarks/results/translation.md``, ``restoration.md``); the loss weights
and optimizers are each paper's (the objectives' defaults).
"""

import keras
import numpy as np

from keras_gans import models
from keras_gans import networks
from keras_gans.recipes.recipe import TRANSLATOR
from keras_gans.recipes.recipe import Recipe
from keras_gans.recipes.recipe import load_init_weights
from keras_gans.recipes.recipe import register


def _run(network, inputs):
    return keras.ops.convert_to_numpy(network(inputs, training=False))


def _image_data(objective, spec):
    if not spec.is_image:
        raise ValueError(f"--model={objective} translates images (H, W, C). Received examples of shape {spec.shape}.")


# ---------------------------------------------------------------- pix2pix
def _pix2pix(spec, hp):
    _image_data("pix2pix", spec)
    channels_in, channels_out = spec.shape[-1], (spec.target_shape or spec.shape)[-1]
    base = hp["base_filters"]
    return models.Pix2Pix(
        networks.unet_generator(channels_in, channels_out, depth=hp["depth"], base_filters=base,
                                max_filters=hp["max_filters"] or 8 * base),
        networks.patchgan_discriminator(channels_in, channels_out, num_downsampling=hp["num_downsampling"],
                                        base_filters=base),
        l1_weight=hp["l1_weight"], gan_weight=hp["gan_weight"], seed=hp["seed"],
    )


def _pix2pix_preview(model, batch):
    inputs, targets = batch
    return [inputs, _run(model.generator, inputs), targets]


register(Recipe(
    "pix2pix_edges2digits", "pix2pix", TRANSLATOR, "paired", "edges2digits", _pix2pix, "Isola et al. 2017",
    "U-Net + 34x34 PatchGAN, L1 x 100 + cGAN; MNIST edges -> digits (32x32)",
    hparams={"depth": 5, "base_filters": 32, "max_filters": None, "num_downsampling": 2, "l1_weight": 100.0,
             "gan_weight": 1.0},
    batch_size=16, epochs=10, preview=_pix2pix_preview,
), default=True)


# ---------------------------------------------------------------- CycleGAN
def _cyclegan(spec, hp):
    _image_data("cyclegan", spec)
    channels, base = spec.shape[-1], hp["base_filters"]

    def generator():
        return networks.resnet_generator(channels, num_blocks=hp["num_blocks"], base_filters=base)

    def discriminator():
        return networks.patchgan_discriminator(channels, num_downsampling=2, base_filters=2 * base)

    return models.CycleGAN(
        generator(), discriminator(), generator(), discriminator(), cycle_weight=hp["cycle_weight"],
        identity_weight=hp["identity_weight"], pool_size=hp["pool_size"], image_size=spec.shape[:2], seed=hp["seed"],
    )


def _cyclegan_preview(model, batch):
    images_a = batch[0]
    translated = _run(model.generator, images_a)
    return [images_a, translated, _run(model.generator_ba, translated)]


register(Recipe(
    "cyclegan_thin2thick", "cyclegan", TRANSLATOR, "unpaired", "thin2thick_digits", _cyclegan, "Zhu et al. 2017",
    "ResNet generators, PatchGAN, LSGAN, cycle 10 + identity 5, pool 50; thin <-> thick digits (unpaired)",
    hparams={"num_blocks": 3, "base_filters": 16, "cycle_weight": 10.0, "identity_weight": 5.0, "pool_size": 50},
    batch_size=8, epochs=15, steps_per_epoch=200, preview=_cyclegan_preview,
), default=True)


# ---------------------------------------------------------------- SRResNet / SRGAN
def _srgan(spec, hp):
    _image_data("srgan", spec)
    generator = networks.srresnet_generator(
        channels=spec.shape[-1], scale=hp["scale"], num_blocks=hp["num_blocks"], filters=hp["filters"],
        bicubic_residual=hp["bicubic_residual"], batch_norm=hp["batch_norm"], upsampling=hp["upsampling"],
    )
    discriminator = networks.srgan_discriminator(channels=spec.shape[-1], filters=hp["d_filters"],
                                                 num_blocks=hp["d_blocks"], dense_units=hp["d_dense_units"])
    if hp["content_features"] not in ("pixel", "vgg19"):
        raise ValueError(f"`content_features` must be 'pixel' or 'vgg19'. Received: {hp['content_features']!r}")
    if hp["content_features"] == "vgg19" and not hp["vgg19_weights"]:
        raise ValueError("content_features=vgg19 needs vgg19_weights=PATH (ImageNet VGG19 weights, no downloads).")
    features = networks.vgg19_features(weights=hp["vgg19_weights"]) if hp["content_features"] == "vgg19" else None
    model = models.SRGAN(generator, discriminator, feature_extractor=features, adversarial_weight=hp["adversarial_weight"],
                         stage=hp["stage"], seed=hp["seed"])
    # The paper starts SRGAN from the trained SRResNet: a checkpoint of an srresnet-stage run of
    # this recipe with the same network hyper-parameters.
    load_init_weights(model, hp["init_weights"])
    return model


def _srgan_optimizers(hp):
    """Adam(beta_1=0.9) for both networks at ``lr``, divided by 10 after ``lr_decay_steps`` updates (the paper: 1e-4, then 1e-5)."""
    def rate():
        if hp["lr_decay_steps"] is None:
            return hp["lr"]
        return keras.optimizers.schedules.PiecewiseConstantDecay([int(hp["lr_decay_steps"])], [hp["lr"], hp["lr"] / 10])
    return keras.optimizers.Adam(rate(), beta_1=0.9), keras.optimizers.Adam(rate(), beta_1=0.9)


def _srgan_preview(model, batch):
    from keras_gans.data.sr_patches import bicubic_upscale

    lr, hr = batch
    scale = hr.shape[1] // lr.shape[1]
    return [keras.ops.convert_to_numpy(bicubic_upscale(lr, scale)), _run(model.generator, lr), hr]


register(Recipe(
    "srgan_x4_photos", "srgan", TRANSLATOR, "sr", "skimage", _srgan, "Ledig et al. 2017",
    "x4 SRResNet stage (stage=srgan: + adversarial 1e-3), pixel MSE content (vgg19: VGG54); CPU net: 6 blocks, "
    "32 filters, residual over bicubic",
    hparams={"scale": 4, "hr_size": 64, "num_blocks": 6, "filters": 32, "batch_norm": True, "bicubic_residual": True,
             "upsampling": "final", "d_filters": 64, "d_blocks": 4, "d_dense_units": 1024, "adversarial_weight": 1e-3, "stage": "srresnet", "content_features": "pixel",
             "vgg19_weights": None, "lr": 1e-4, "lr_decay_steps": None, "init_weights": None},
    optimizers=_srgan_optimizers, batch_size=16, epochs=10, steps_per_epoch=100, preview=_srgan_preview,
), default=True)


# ---------------------------------------------------------------- StarGAN
def _stargan(spec, hp):
    _image_data("stargan", spec)
    channels, domains = spec.shape[-1], spec.num_domains
    return models.StarGAN(
        networks.stargan_generator(channels=channels, num_domains=domains, filters=hp["filters"],
                                   num_residual=hp["num_residual"], skip_connections=hp["skip_connections"]),
        networks.stargan_discriminator(channels=channels, num_domains=domains, filters=hp["d_filters"],
                                       num_layers=hp["d_layers"]),
        lambda_cls=hp["lambda_cls"], lambda_rec=hp["lambda_rec"], lambda_gp=hp["lambda_gp"], d_steps=hp["d_steps"],
        seed=hp["seed"],
    )


def _stargan_preview(model, batch):
    """The inputs, then each translated into the domains of the next three examples."""
    images, domains = batch
    return [images] + [_run(model.generator, [images, np.roll(domains, k, axis=0)]) for k in (1, 2, 3)]


# The paper's protocol (yunjey/stargan): 5 critic updates per generator update, each on a batch
# of 16 (here the batch of 80 split in 5, the generator on the first 16); 6 residual blocks;
# a critic whose source map is 2x2 (4 stride-2 layers on 28 px, as 6 on the paper's 128 px), so
# the gradient penalty on the map's sum and the adversarial loss on its mean weigh as in the
# paper. Measured (benchmarks/results/stargan_protocol.md, 3,000 generator updates each): the
# earlier 2 critic steps on slices of 32, a 4x4 map and 3 blocks kept 72.2 % of the held-out
# digits; this keeps 95.8 %. CPU-sized: 16 filters (paper 64); U-Net skips in the generator (a
# documented deviation, skip_connections).
register(Recipe(
    "stargan_digits", "stargan", TRANSLATOR, "domains", "digit_domains", _stargan, "Choi et al. 2018",
    "one generator for 3 stroke colours x normal/thick; cls 1, rec 10, gp 10; 5 critic steps of 16, 2x2 critic map",
    hparams={"filters": 16, "num_residual": 6, "skip_connections": True, "d_filters": 32, "d_layers": 4,
             "lambda_cls": 1.0, "lambda_rec": 10.0, "lambda_gp": 10.0, "d_steps": 5},
    batch_size=80, epochs=30, steps_per_epoch=100, preview=_stargan_preview,
), default=True)


# ---------------------------------------------------------------- globally and locally consistent completion
def _completion(spec, hp):
    _image_data("completion", spec)
    return models.ImageCompletion(
        networks.completion_network(channels=spec.shape[-1], filters=hp["filters"], dilations=tuple(hp["dilations"]),
                                    fill_value=hp["fill_value"]),
        networks.completion_discriminator(spec.shape, local_size=hp["local_size"], filters=hp["filters"]),
        adversarial_weight=hp["adversarial_weight"], stage=hp["stage"], seed=hp["seed"],
    )


def _completion_preview(model, batch):
    images, masks = batch
    shown = images * (1 - masks) + masks  # the hole drawn white
    return [shown, _run(model.generator, [images, masks]), images]


register(Recipe(
    "completion_digits", "completion", TRANSLATOR, "masked", "mnist_5k", _completion, "Iizuka et al. 2017",
    "dilated completion net, global + local D (adversarial 4e-4 after MSE pre-training); holes 8-14 px",
    # fill_value: the mean pixel of the 4,000 training digits in [-1, 1] (the paper fills holes with
    # the data mean; a test recomputes it).
    hparams={"filters": 32, "dilations": (2, 4), "local_size": 14, "adversarial_weight": 4e-4,
             "stage": "reconstruction", "min_hole": 8, "max_hole": 14, "fill_value": -0.7381},
    batch_size=32, epochs=10, steps_per_epoch=100, preview=_completion_preview,
), default=True)


# ---------------------------------------------------------------- pix2pixHD
def _pix2pixhd(spec, hp):
    _image_data("pix2pixhd", spec)
    channels_in, channels_out = spec.shape[-1], (spec.target_shape or spec.shape)[-1]
    generator, head = networks.pix2pixhd_generator(
        channels_in, channels_out, base_filters=hp["base_filters"], global_downsampling=hp["global_downsampling"],
        global_blocks=hp["global_blocks"], local_blocks=hp["local_blocks"])
    discriminator = networks.multiscale_discriminator(
        channels_in, channels_out, num_discriminators=hp["num_discriminators"], num_downsampling=hp["d_layers"],
        base_filters=hp["d_filters"])
    features = None
    if hp["vgg19_weights"]:
        if channels_out != 3:
            raise ValueError(f"The VGG loss needs RGB targets. Received targets with {channels_out} channel(s).")
        features = networks.vgg19_layers(weights=hp["vgg19_weights"])
    model = models.Pix2PixHD(generator, discriminator, global_head=head, feature_extractor=features,
                             feature_matching_weight=hp["feature_matching_weight"],
                             perceptual_weight=hp["perceptual_weight"], stage=hp["stage"], seed=hp["seed"])
    # The local stage starts from the global stage's run (G1 and D trained; fresh optimizers).
    return load_init_weights(model, hp["init_weights"])


register(Recipe(
    "pix2pixhd_label2scene", "pix2pixhd", TRANSLATOR, "paired", "label2scene", _pix2pixhd, "Wang et al. 2018",
    "G1 (ResNet) inside a local enhancer, 2 PatchGANs at 1 and 1/2 scale, LSGAN + feature matching x 10 "
    "(+ VGG x 10 given vgg19_weights=PATH); label maps -> rendered scenes (128x128); CPU-sized nets; "
    "stage=global then stage=local,init_weights=<the global run's ckpt .weights.h5> is coarse to fine",
    hparams={"base_filters": 8, "global_downsampling": 3, "global_blocks": 3, "local_blocks": 2,
             "num_discriminators": 2, "d_layers": 3, "d_filters": 16, "feature_matching_weight": 10.0,
             "perceptual_weight": 10.0, "vgg19_weights": None, "stage": "local", "init_weights": None},
    batch_size=4, epochs=10, steps_per_epoch=250, preview=_pix2pix_preview,
), default=True)

register(Recipe(
    "pix2pix_label2scene", "pix2pix", TRANSLATOR, "paired", "label2scene", _pix2pix, "Isola et al. 2017",
    "U-Net + 70x70 PatchGAN, L1 x 100 + cGAN; label maps -> rendered scenes (128x128); CPU-sized nets",
    hparams={"depth": 7, "base_filters": 16, "max_filters": 128, "num_downsampling": 3, "l1_weight": 100.0,
             "gan_weight": 1.0},
    batch_size=4, epochs=10, steps_per_epoch=250, preview=_pix2pix_preview,
))
