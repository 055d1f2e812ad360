import keras
import numpy as np
import pytest

from keras_gans import networks


def _batch_norms(model):
    return [layer for layer in model.layers if isinstance(layer, keras.layers.BatchNormalization)]


def test_mlp_generator_default_has_no_batch_norm():
    generator = networks.mlp_generator(2, 3, (8, 8))
    assert _batch_norms(generator) == []
    # 3 -> 8 -> 8 -> 2 with biases: (3*8 + 8) + (8*8 + 8) + (8*2 + 2) = 32 + 72 + 18.
    assert generator.count_params() == 122


def test_mlp_generator_batch_norm_option():
    generator = networks.mlp_generator(2, 3, (8, 8), batch_norm=True)
    assert len(_batch_norms(generator)) == 2
    # Hidden Dense layers lose their bias to BatchNorm (4 x 8 weights each: gamma, beta, mean, var):
    # 3*8 + 4*8 + 8*8 + 4*8 + (8*2 + 2) = 24 + 32 + 64 + 32 + 18.
    assert generator.count_params() == 170
    z = np.random.default_rng(0).standard_normal((16, 3)).astype("float32")
    out = keras.ops.convert_to_numpy(generator(z, training=True))
    assert out.shape == (16, 2) and np.all(np.isfinite(out))
    # Training mode normalises with batch statistics, inference with the (initial) moving ones.
    assert not np.allclose(out, keras.ops.convert_to_numpy(generator(z, training=False)))


def test_mlp_generator_rejects_bad_dims():
    with pytest.raises(ValueError, match="must be positive. Received: latent_dim=0"):
        networks.mlp_generator(2, 0, batch_norm=True)
