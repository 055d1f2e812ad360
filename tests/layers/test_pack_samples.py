import keras
import numpy as np
import pytest

from keras_gans.layers import PackSamples


def test_packs_vectors():
    x = np.arange(8, dtype="float32").reshape(4, 2)
    out = keras.ops.convert_to_numpy(PackSamples(2)(x))
    # Rows 0,1 -> [0, 1, 2, 3]; rows 2,3 -> [4, 5, 6, 7].
    np.testing.assert_array_equal(out, [[0, 1, 2, 3], [4, 5, 6, 7]])


def test_packs_images_along_channels():
    x = np.arange(16, dtype="float32").reshape(4, 1, 2, 2)
    out = keras.ops.convert_to_numpy(PackSamples(2)(x))
    assert out.shape == (2, 1, 2, 4)
    # Pixel (0, 0) of pack 0: sample 0 channels [0, 1] then sample 1 channels [4, 5].
    np.testing.assert_array_equal(out[0, 0, 0], [0, 1, 4, 5])
    np.testing.assert_array_equal(out[1, 0, 1], [10, 11, 14, 15])


def test_bad_arguments():
    with pytest.raises(ValueError, match="pack"):
        PackSamples(0)
    with pytest.raises(ValueError, match="PackSamples expects"):
        PackSamples(2)(np.zeros((4, 2, 2), "float32"))
