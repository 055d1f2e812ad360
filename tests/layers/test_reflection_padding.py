import keras
import numpy as np
import pytest

from keras_gans.layers import ReflectionPadding2D


def test_reflection_padding_mirrors_without_repeating_the_border():
    x = np.arange(3, dtype="float32").reshape(1, 1, 3, 1)  # row [0, 1, 2]
    y = keras.ops.convert_to_numpy(ReflectionPadding2D(1)(np.repeat(x, 3, axis=1)))
    np.testing.assert_array_equal(y[0, 0, :, 0], [1, 0, 1, 2, 1])  # reflect, not [0, 0, 1, 2, 2]
    assert y.shape == (1, 5, 5, 1)
    assert ReflectionPadding2D(2).compute_output_shape((None, None, 8, 3)) == (None, None, 12, 3)


def test_reflection_padding_config_and_bad_value():
    layer = ReflectionPadding2D(3)
    assert ReflectionPadding2D.from_config(layer.get_config()).padding == 3
    with pytest.raises(ValueError, match="`padding` must be >= 0"):
        ReflectionPadding2D(-1)
