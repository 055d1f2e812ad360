import keras
import numpy as np
import pytest

from keras_gans.layers import SubPixelUpsampling
from keras_gans.layers import TileConcatenate


def test_subpixel_places_channels_as_subpixels():
    # One pixel with 4 channels [a, b, c, d] becomes the 2x2 block [[a, b], [c, d]]
    # (depth_to_space order: channel index = 2 * row + col).
    x = np.arange(4, dtype="float32").reshape(1, 1, 1, 4)
    y = keras.ops.convert_to_numpy(SubPixelUpsampling(2)(x))
    np.testing.assert_array_equal(y[0, :, :, 0], [[0, 1], [2, 3]])


def test_subpixel_shapes_dynamic_and_x4():
    inputs = keras.Input((None, None, 3 * 16))
    outputs = SubPixelUpsampling(4)(inputs)
    assert tuple(outputs.shape) == (None, None, None, 3)
    model = keras.Model(inputs, outputs)
    assert model(np.zeros((2, 5, 7, 48), "float32")).shape == (2, 20, 28, 3)


def test_subpixel_rejects_bad_factor_and_channels():
    with pytest.raises(ValueError, match="factor"):
        SubPixelUpsampling(1)
    with pytest.raises(ValueError, match="multiple of factor"):
        SubPixelUpsampling(2)(keras.Input((4, 4, 6)))


def test_tile_concatenate_tiles_the_vector():
    image = np.zeros((2, 3, 5, 1), "float32")
    vector = np.array([[1, 2], [3, 4]], "float32")
    out = keras.ops.convert_to_numpy(TileConcatenate()([image, vector]))
    assert out.shape == (2, 3, 5, 3)
    np.testing.assert_array_equal(out[1, 2, 4], [0, 3, 4])
    np.testing.assert_array_equal(out[0, :, :, 1], np.ones((3, 5)))
