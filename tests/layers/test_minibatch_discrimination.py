import keras
import numpy as np
import pytest

from keras_gans.layers import MinibatchDiscrimination


def test_closeness_features_by_hand():
    layer = MinibatchDiscrimination(num_kernels=1, kernel_dim=1)
    layer.build((None, 1))
    layer.kernel.assign([[3.0]])  # weight normalisation: V / ||V|| = 1, times exp(log_scale) = 1
    f = np.array([[0.0], [1.0], [3.0]], "float32")
    # M = f; o_i = sum_{j != i} exp(-|f_i - f_j|) + bias (the initial bias is -1):
    # o_0 = e^-1 + e^-3 - 1 = 0.367879 + 0.049787 - 1 = -0.582334
    # o_1 = e^-1 + e^-2 - 1 = 0.367879 + 0.135335 - 1 = -0.496786
    # o_2 = e^-3 + e^-2 - 1 = 0.049787 + 0.135335 - 1 = -0.814878
    out = keras.ops.convert_to_numpy(layer(f))
    np.testing.assert_allclose(out[:, 0], f[:, 0])
    np.testing.assert_allclose(out[:, 1], [-0.582334, -0.496786, -0.814878], atol=1e-5)
    # A learned scale of 2 doubles every distance: o_0 = e^-2 + e^-6 - 1 = 0.135335 + 0.002479 - 1.
    layer.log_scale.assign([np.log(2.0)])
    np.testing.assert_allclose(keras.ops.convert_to_numpy(layer(f))[0, 1], -0.862186, atol=1e-5)


def test_identical_batch_gives_batch_size_minus_self():
    # A collapsed batch: every distance is 0, so every o_b = (n - 1) + bias = 4 - 1 (what D
    # learns to spot); a single example has no other to be close to: o_b = bias.
    layer = MinibatchDiscrimination(num_kernels=3, kernel_dim=2)
    out = keras.ops.convert_to_numpy(layer(np.ones((5, 4), "float32")))
    assert out.shape == (5, 7)
    np.testing.assert_allclose(out[:, 4:], 3.0, atol=1e-5)
    np.testing.assert_allclose(keras.ops.convert_to_numpy(layer(np.ones((1, 4), "float32")))[:, 4:], -1.0)


def test_config_roundtrip():
    layer = MinibatchDiscrimination(num_kernels=7, kernel_dim=3, name="mbd")
    clone = MinibatchDiscrimination.from_config(layer.get_config())
    assert (clone.num_kernels, clone.kernel_dim, clone.name) == (7, 3, "mbd")


def test_bad_arguments():
    with pytest.raises(ValueError, match="num_kernels"):
        MinibatchDiscrimination(num_kernels=0)
    with pytest.raises(ValueError, match="expects inputs of shape"):
        MinibatchDiscrimination()(np.zeros((2, 3, 4), "float32"))
