import keras
import numpy as np
import pytest

from keras_gans.layers import MinibatchDiscrimination


def test_closeness_features_by_hand():
    layer = MinibatchDiscrimination(num_kernels=1, kernel_dim=1)
    layer.build((None, 1))
    layer.kernel.assign([[1.0]])
    f = np.array([[0.0], [1.0], [3.0]], "float32")
    # M = f; o_i = sum_j exp(-|f_i - f_j|), self included (exp(0) = 1):
    # o_0 = 1 + e^-1 + e^-3 = 1 + 0.367879 + 0.049787 = 1.417666
    # o_1 = e^-1 + 1 + e^-2 = 0.367879 + 1 + 0.135335 = 1.503214
    # o_2 = e^-3 + e^-2 + 1 = 0.049787 + 0.135335 + 1 = 1.185122
    out = keras.ops.convert_to_numpy(layer(f))
    np.testing.assert_allclose(out[:, 0], f[:, 0])
    np.testing.assert_allclose(out[:, 1], [1.417666, 1.503214, 1.185122], atol=1e-5)


def test_identical_batch_gives_batch_size():
    # A collapsed batch: every distance is 0, so every o_b = n (what D learns to spot).
    layer = MinibatchDiscrimination(num_kernels=3, kernel_dim=2)
    out = keras.ops.convert_to_numpy(layer(np.ones((5, 4), "float32")))
    assert out.shape == (5, 7)
    np.testing.assert_allclose(out[:, 4:], 5.0, atol=1e-5)


def test_config_roundtrip():
    layer = MinibatchDiscrimination(num_kernels=7, kernel_dim=3, name="mbd")
    clone = MinibatchDiscrimination.from_config(layer.get_config())
    assert (clone.num_kernels, clone.kernel_dim, clone.name) == (7, 3, "mbd")


def test_bad_arguments():
    with pytest.raises(ValueError, match="num_kernels"):
        MinibatchDiscrimination(num_kernels=0)
    with pytest.raises(ValueError, match="expects inputs of shape"):
        MinibatchDiscrimination()(np.zeros((2, 3, 4), "float32"))
