import keras
import numpy as np
import pytest

from keras_gans.layers import GeneratorSelector


def test_index_from_normal_quantiles():
    layer = GeneratorSelector(4)
    # The 4-quantiles of N(0, 1) are -0.6745, 0, 0.6745.
    np.testing.assert_allclose(layer.thresholds, [-0.674490, 0.0, 0.674490], atol=1e-5)
    z = np.array([[-1.0, 9.0], [-0.5, 9.0], [0.5, 9.0], [1.0, 9.0]], "float32")
    np.testing.assert_array_equal(
        keras.ops.convert_to_numpy(layer.generator_index(z)), [0, 1, 2, 3]
    )


def test_index_is_uniform_for_normal_z():
    z = np.random.default_rng(0).standard_normal((40_000, 2)).astype("float32")
    counts = np.bincount(
        keras.ops.convert_to_numpy(GeneratorSelector(5).generator_index(z)), minlength=5
    )
    np.testing.assert_allclose(counts / len(z), 0.2, atol=0.01)


def test_selects_rows():
    layer = GeneratorSelector(2)
    z = np.array([[-1.0], [1.0]], "float32")
    a = np.array([[1.0, 1.0], [2.0, 2.0]], "float32")
    b = np.array([[10.0, 10.0], [20.0, 20.0]], "float32")
    out = keras.ops.convert_to_numpy(layer([z, a, b]))
    np.testing.assert_array_equal(out, [[1.0, 1.0], [20.0, 20.0]])


def test_bad_arguments():
    with pytest.raises(ValueError, match="num_generators"):
        GeneratorSelector(0)
    with pytest.raises(ValueError, match="Expected 2 generator outputs"):
        GeneratorSelector(2).select([np.zeros((1, 2), "float32")], np.zeros((1,), "int32"))
