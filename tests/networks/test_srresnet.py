import numpy as np
import pytest

from keras_gans import networks


@pytest.mark.parametrize("scale", [2, 4, 8])
def test_srresnet_upscales_any_size(scale):
    net = networks.srresnet_generator(scale=scale, num_blocks=1, filters=8)
    out = net(np.zeros((2, 5, 7, 3), "float32"))
    assert out.shape == (2, 5 * scale, 7 * scale, 3)
    assert float(np.abs(out).max()) <= 1.0


def test_srresnet_structure_counts_blocks_and_subpixels():
    net = networks.srresnet_generator(scale=4, num_blocks=3, filters=8)
    names = [type(layer).__name__ for layer in net.layers]
    assert names.count("SubPixelUpsampling") == 2  # x4 = two x2 sub-pixel steps
    assert names.count("Add") == 3 + 1  # one skip a block + the long skip
    assert names.count("BatchNormalization") == 2 * 3 + 1  # the paper: two a block + one after the blocks


@pytest.mark.parametrize("scale", [2, 4, 8])
def test_srresnet_final_upsampling_is_one_subpixel_step_at_low_resolution(scale):
    net = networks.srresnet_generator(scale=scale, num_blocks=2, filters=8, upsampling="final")
    assert net(np.zeros((2, 5, 7, 3), "float32")).shape == (2, 5 * scale, 7 * scale, 3)
    subpixel = [layer for layer in net.layers if type(layer).__name__ == "SubPixelUpsampling"]
    assert [layer.factor for layer in subpixel] == [scale]  # ESPCN: one depth_to_space(scale)
    convs = [layer for layer in net.layers if type(layer).__name__ == "Conv2D"]
    # The last conv predicts channels * scale**2 sub-pixels at low resolution; no 9x9 conv at high resolution.
    assert convs[-1].filters == 3 * scale * scale and convs[-1].kernel_size == (3, 3)
    import keras

    # Every convolution runs at the input's (low) resolution.
    conv_outputs = keras.Model(net.inputs, [conv.output for conv in convs])(np.zeros((2, 5, 7, 3), "float32"))
    assert all(tuple(out.shape[1:3]) == (5, 7) for out in conv_outputs)


def test_srresnet_final_upsampling_places_sub_pixels_in_phase_order():
    """Channel (py * s + px) * C + c of the last conv lands at output pixel (s*i + py, s*j + px), channel c."""
    net = networks.srresnet_generator(scale=2, num_blocks=1, filters=4, upsampling="final", bicubic_residual=True)
    last = [layer for layer in net.layers if type(layer).__name__ == "Conv2D"][-1]
    bias = np.zeros(12, "float32")
    bias[(1 * 2 + 0) * 3 + 2] = 0.5  # phase (py=1, px=0), channel 2
    last.bias.assign(bias)
    lr = np.zeros((1, 3, 3, 3), "float32")  # bicubic of zeros is zero: the output is the residual alone
    out = np.asarray(net(lr))
    expected = np.zeros((1, 6, 6, 3), "float32")
    expected[0, 1::2, 0::2, 2] = 0.5
    np.testing.assert_allclose(out, expected, atol=1e-6)


def test_srresnet_without_batch_norm_is_batch_independent():
    net = networks.srresnet_generator(scale=4, num_blocks=3, filters=8, batch_norm=False)
    names = [type(layer).__name__ for layer in net.layers]
    assert "BatchNormalization" not in names and names.count("Add") == 3 + 1
    lr = np.random.default_rng(1).uniform(-1, 1, (4, 6, 6, 3)).astype("float32")
    # No batch statistics: an image's output is the same alone or in a batch, in training mode too.
    together = np.asarray(net(lr, training=True))
    alone = np.asarray(net(lr[:1], training=True))
    np.testing.assert_allclose(alone, together[:1], atol=1e-6)


@pytest.mark.parametrize("upsampling", ["progressive", "final"])
def test_srresnet_bicubic_residual_starts_as_bicubic_and_round_trips(tmp_path, upsampling):
    import keras

    from keras_gans.layers import BicubicUpsampling

    net = networks.srresnet_generator(scale=4, num_blocks=1, filters=8, bicubic_residual=True, upsampling=upsampling)
    lr = np.random.default_rng(0).uniform(-1, 1, (2, 5, 7, 3)).astype("float32")
    # The last conv is zero-initialised: the untrained net is exactly the fixed bicubic branch.
    np.testing.assert_allclose(np.asarray(net(lr)), np.asarray(BicubicUpsampling(4)(lr)), atol=1e-6)
    names = [type(layer).__name__ for layer in net.layers]
    assert "BicubicUpsampling" in names and "Activation" not in names[-1:]
    last = [layer for layer in net.layers if type(layer).__name__ == "Conv2D"][-1]
    last.kernel.assign(np.full(last.kernel.shape, 0.01, "float32"))  # no longer plain bicubic
    path = str(tmp_path / "srresnet.keras")
    net.save(path)
    np.testing.assert_allclose(np.asarray(keras.saving.load_model(path)(lr)), np.asarray(net(lr)), atol=1e-6)


def test_srgan_discriminator_any_patch_size():
    net = networks.srgan_discriminator(filters=8, num_blocks=2, dense_units=16)
    assert net(np.zeros((3, 32, 32, 3), "float32")).shape == (3, 1)
    assert net(np.zeros((1, 24, 40, 3), "float32")).shape == (1, 1)


def test_srresnet_rejects_bad_arguments():
    with pytest.raises(ValueError, match="scale"):
        networks.srresnet_generator(scale=3)
    with pytest.raises(ValueError, match="num_blocks"):
        networks.srresnet_generator(num_blocks=0)
    with pytest.raises(ValueError, match="upsampling"):
        networks.srresnet_generator(upsampling="nearest")


def test_vgg19_features_real_application_without_weights():
    net = networks.vgg19_features(weights=None, layer="block2_conv2")
    assert any(layer.name == "block1_conv1" for layer in net.layers)
    assert net(np.zeros((1, 16, 24, 3), "float32")).shape == (1, 8, 12, 128)
    assert not net.trainable_variables


def test_vgg19_preprocessing_matches_keras_applications():
    import keras

    net = networks.vgg19_features(weights=None, layer="block1_conv1")
    pre = net.layers[1]
    rgb = np.random.default_rng(0).uniform(-1, 1, (1, 4, 4, 3)).astype("float32")
    expected = keras.applications.vgg19.preprocess_input((rgb + 1.0) * 127.5)
    np.testing.assert_allclose(keras.ops.convert_to_numpy(pre(rgb)), expected, atol=1e-3)


def test_vgg19_features_refuses_downloads_and_bad_layers(tmp_path):
    with pytest.raises(ValueError, match="no downloads"):
        networks.vgg19_features(weights="imagenet")
    with pytest.raises(ValueError, match="no downloads"):
        networks.vgg19_features(weights=str(tmp_path / "missing.h5"))
    with pytest.raises(ValueError, match="VGG19 layer"):
        networks.vgg19_features(layer="block9_conv1")
