"""pix2pixHD learns label maps -> scenes coarse to fine; its stages and inputs are checked."""

import keras
import numpy as np
import pytest
import tensorflow as tf

from keras_gans import models
from keras_gans import networks
from keras_gans.data.scenes import label2scene_pairs
from keras_gans.networks.pix2pixhd import downsample

SIZE = 32


def _model(**kwargs):
    generator, head = networks.pix2pixhd_generator(3, 3, base_filters=8, global_downsampling=2, global_blocks=1,
                                                   local_blocks=1)
    discriminator = networks.multiscale_discriminator(3, 3, num_discriminators=2, num_downsampling=2, base_filters=8)
    return models.Pix2PixHD(generator, discriminator, global_head=head, **kwargs)


def _l1(a, b):
    return float(np.mean(np.abs(np.asarray(a) - np.asarray(b))))


@pytest.fixture(scope="module")
def trained():
    keras.utils.set_random_seed(0)
    labels, photos, _ = label2scene_pairs("train", size=SIZE, num_examples=256)
    test_labels, test_photos, _ = label2scene_pairs("test", size=SIZE, num_examples=64)
    model = _model(stage="global", seed=0)
    # Faster than the published 2e-4 to keep the test short.
    model.compile(g_optimizer=keras.optimizers.Adam(1e-3, beta_1=0.5),
                  d_optimizer=keras.optimizers.Adam(1e-3, beta_1=0.5))
    half_labels, half_photos = downsample(test_labels).numpy(), downsample(test_photos).numpy()
    coarse_before = _l1(model.global_generator(half_labels), half_photos)
    before = _l1(model.translate(test_labels), test_photos)
    ds = tf.data.Dataset.from_tensor_slices((labels, photos)).shuffle(256, seed=0).repeat().batch(8)
    model.fit(ds, epochs=1, steps_per_epoch=60, verbose=0)
    coarse_after = _l1(model.global_generator(half_labels), half_photos)
    local_weights = model.generator.get_layer("local_out_conv").get_weights()[0].copy()
    model.set_stage("local")
    head_weights = [w.copy() for w in model.global_head.get_weights()]
    history = model.fit(ds, epochs=1, steps_per_epoch=90, verbose=0)
    after = _l1(model.translate(test_labels), test_photos)
    mean_photo = _l1(np.broadcast_to(photos.mean(axis=0), test_photos.shape), test_photos)
    return {"model": model, "history": history, "coarse": (coarse_before, coarse_after), "l1": (before, after),
            "mean_photo": mean_photo, "head_weights": head_weights, "local_weights": local_weights}


@pytest.mark.slow
def test_pix2pixhd_learns_label2scene_coarse_to_fine(trained):
    # Held-out scenes. Stage global: G1 alone at half size gets closer to the half-size photos.
    coarse_before, coarse_after = trained["coarse"]
    assert coarse_after < 0.7 * coarse_before, trained["coarse"]
    # Stage local: the full generator's L1 falls (it never trains on L1: LSGAN + feature matching only)
    # and beats the best constant image (the mean training photo).
    before, after = trained["l1"]
    assert after < 0.6 * before, trained["l1"]
    assert after < trained["mean_photo"], (after, trained["mean_photo"])
    assert set(trained["history"].history) == {"d_loss", "g_loss", "gan_loss", "fm_loss", "vgg_loss", "l1_loss"}


def test_the_local_stage_leaves_the_global_head_alone(trained):
    for old, new in zip(trained["head_weights"], trained["model"].global_head.get_weights(), strict=True):
        np.testing.assert_array_equal(old, new)
    assert np.abs(trained["model"].generator.get_layer("local_out_conv").get_weights()[0]
                  - trained["local_weights"]).max() > 0


def test_spatial_multiple_is_twice_the_global_stride():
    model = _model()
    assert model.spatial_multiple() == 8  # pooled by 2, then 2 stride-2 convolutions
    with pytest.raises(ValueError, match="multiples of 8.*Received height=20, width=24"):
        model.translate(np.zeros((1, 20, 24, 3), "float32"))
    assert model.translate(np.zeros((2, 16, 24, 3), "float32")).shape == (2, 16, 24, 3)


def test_bad_arguments_say_what_they_received():
    generator, head = networks.pix2pixhd_generator(3, 3, base_filters=4, global_downsampling=1, global_blocks=1,
                                                   local_blocks=1)
    discriminator = networks.multiscale_discriminator(3, 3, num_discriminators=1, num_downsampling=1, base_filters=4)
    with pytest.raises(ValueError, match="`stage` must be one of \\('global', 'local'\\). Received: stage='fine'"):
        models.Pix2PixHD(generator, discriminator, global_head=head, stage="fine")
    with pytest.raises(ValueError, match="stage='global'.*needs a `global_head`.*Received: global_head=None"):
        models.Pix2PixHD(generator, discriminator, stage="global")
    with pytest.raises(ValueError, match="`feature_matching_weight` must be >= 0. Received: feature_matching_weight=-1"):
        models.Pix2PixHD(generator, discriminator, global_head=head, feature_matching_weight=-1)
    with pytest.raises(ValueError, match="two inputs \\[condition, image\\]. Received a discriminator with 1 input"):
        models.Pix2PixHD(generator, networks.patchgan_discriminator(3), global_head=head)
    with pytest.raises(ValueError, match="`num_discriminators` must be >= 1. Received: num_discriminators=0"):
        networks.multiscale_discriminator(3, 3, num_discriminators=0)
    features = networks.vgg19_layers(layers=("block1_conv1", "block2_conv1"))
    with pytest.raises(ValueError, match="one weight per feature map \\(2\\). Received: perceptual_layer_weights=\\(1.0,\\)"):
        models.Pix2PixHD(generator, discriminator, global_head=head, feature_extractor=features,
                         perceptual_layer_weights=(1.0,))
    with pytest.raises(ValueError, match="no downloads"):
        networks.vgg19_layers(weights="imagenet")


def test_the_vgg_loss_enters_g_loss_with_a_feature_extractor():
    generator, head = networks.pix2pixhd_generator(3, 3, base_filters=2, global_downsampling=1, global_blocks=1,
                                                   local_blocks=1)
    discriminator = networks.multiscale_discriminator(3, 3, num_discriminators=1, num_downsampling=1, base_filters=4)
    features = networks.vgg19_layers(layers=("block1_conv1", "block2_conv1"))  # random weights: tests only
    model = models.Pix2PixHD(generator, discriminator, global_head=head, feature_extractor=features,
                             perceptual_layer_weights=(0.5, 1.0), seed=0)
    model.compile()
    x = np.random.default_rng(0).uniform(-1, 1, (2, 8, 8, 3)).astype("float32")
    logs = model.fit(x, x[::-1], batch_size=2, epochs=1, verbose=0).history
    assert logs["vgg_loss"][0] > 0
    np.testing.assert_allclose(logs["g_loss"][0],
                               logs["gan_loss"][0] + 10 * logs["fm_loss"][0] + 10 * logs["vgg_loss"][0], rtol=1e-5)
    assert model.objective_config()["perceptual_loss"] == "vgg:vgg19_layers"


def test_global_stage_update_on_two_mirrored_replicas_equals_one_device():
    # The contract suite checks the local stage; the global stage trains G1 and its own head on
    # the half-size pair, through another variable list, so it gets the same check here.
    import dataclasses

    from keras_gans.testing.contract import assert_case_mirrored_parity
    from tests.contract import cases

    local = next(case for case in cases.CASES if case.name == "pix2pixhd")
    assert_case_mirrored_parity(dataclasses.replace(local, build=cases._pix2pixhd("global")))
