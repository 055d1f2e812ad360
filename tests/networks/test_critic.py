import keras
import numpy as np
import pytest

from keras_gans import networks


def layer_kinds(model):
    return [type(layer).__name__ for layer in model.layers]


def test_mlp_critic_plain_matches_mlp_discriminator_shapes():
    critic = networks.mlp_critic(2, (16, 16))
    assert critic.output_shape == (None, 1)
    assert critic.count_params() == networks.mlp_discriminator(2, (16, 16)).count_params()
    assert "LayerNormalization" not in layer_kinds(critic)


def test_mlp_critic_layer_norm_skips_the_first_layer():
    kinds = layer_kinds(networks.mlp_critic(2, (16, 16, 16), normalization="layer"))
    assert kinds.count("LayerNormalization") == 2
    assert "BatchNormalization" not in kinds


def test_mlp_critic_spectral_norm_wraps_every_dense():
    critic = networks.mlp_critic(2, (16, 16), spectral_norm=True)
    assert layer_kinds(critic).count("SpectralNormalization") == 3
    out = critic(np.zeros((3, 2), "float32"), training=True)
    assert out.shape == (3, 1)


def test_dcgan_critic_has_layer_norm_not_batch_norm():
    critic = networks.dcgan_critic((28, 28, 1), base_filters=8)
    kinds = layer_kinds(critic)
    assert "BatchNormalization" not in kinds
    assert kinds.count("LayerNormalization") == 1  # 28x28: two downsamplings, first unnormalised
    assert critic.output_shape == (None, 1)
    # Per-example: one example's output does not depend on the rest of the batch.
    x = np.random.default_rng(0).standard_normal((4, 28, 28, 1)).astype("float32")
    np.testing.assert_allclose(
        critic(x, training=True)[:1], critic(x[:1], training=True), rtol=1e-5, atol=1e-6
    )


def test_dcgan_critic_spectral_norm_32():
    critic = networks.dcgan_critic((32, 32, 3), base_filters=8, normalization=None, spectral_norm=True)
    assert layer_kinds(critic).count("SpectralNormalization") == 4
    assert "LayerNormalization" not in layer_kinds(critic)


def test_mlp_autoencoder_outputs():
    ae = networks.mlp_autoencoder(2, (16,), code_dim=3)
    reconstruction, code = ae(np.zeros((5, 2), "float32"))
    assert reconstruction.shape == (5, 2) and code.shape == (5, 3)


@pytest.mark.parametrize(
    "fn, kwargs, match",
    [
        (networks.mlp_critic, {"normalization": "batch"}, "`normalization` must be one of"),
        (networks.mlp_critic, {"data_dim": 0}, "`data_dim` must be positive"),
        (networks.dcgan_critic, {"image_shape": (30, 30, 1)}, "DCGAN networks support"),
        (networks.mlp_autoencoder, {"code_dim": 0}, "must be positive"),
    ],
)
def test_bad_arguments(fn, kwargs, match):
    with pytest.raises(ValueError, match=match):
        fn(**kwargs)


def test_critics_roundtrip_as_keras_files(tmp_path):
    critic = networks.mlp_critic(2, (8,), normalization="layer", spectral_norm=True)
    path = str(tmp_path / "critic.keras")
    critic.save(path)
    loaded = keras.saving.load_model(path, safe_mode=True)
    x = np.ones((2, 2), "float32")
    np.testing.assert_allclose(loaded(x), critic(x), rtol=1e-6)
