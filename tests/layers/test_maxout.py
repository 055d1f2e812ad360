import keras
import numpy as np
import pytest

from keras_gans.layers import Maxout


def test_maximum_over_pieces_by_hand():
    layer = Maxout(2, pieces=3)
    layer.build((None, 1))
    # Unit u's pieces are columns 3u .. 3u + 2: unit 0 = max(x, -x, 0.5), unit 1 = max(2x, 1 - x, -3).
    layer.kernel.assign([[1.0, -1.0, 0.0, 2.0, -1.0, 0.0]])
    layer.bias.assign([0.0, 0.0, 0.5, 0.0, 1.0, -3.0])
    x = np.array([[-2.0], [0.25], [3.0]], "float32")
    # x=-2: max(-2, 2, .5)=2, max(-4, 3, -3)=3; x=.25: max(.25, -.25, .5)=.5, max(.5, .75, -3)=.75;
    # x=3: max(3, -3, .5)=3, max(6, -2, -3)=6.
    np.testing.assert_allclose(keras.ops.convert_to_numpy(layer(x)), [[2, 3], [0.5, 0.75], [3, 6]])


def test_config_roundtrip_and_bad_arguments():
    layer = Maxout(7, pieces=5, kernel_initializer=keras.initializers.RandomNormal(stddev=0.02), name="mx")
    clone = Maxout.from_config(layer.get_config())
    assert (clone.units, clone.pieces, clone.name) == (7, 5, "mx")
    assert clone.kernel_initializer.stddev == 0.02
    with pytest.raises(ValueError, match="pieces"):
        Maxout(3, pieces=0)
