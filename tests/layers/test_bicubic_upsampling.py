import numpy as np
import pytest
import tensorflow as tf

from keras_gans.export.tflite import run_tflite
from keras_gans.layers import BicubicUpsampling
from keras_gans.layers.bicubic_upsampling import bicubic_phase_weights


def test_phase_weights_by_hand():
    # x2, phase 0 samples offset t = 0.25 - 0.5 = -0.25; Keys cubic (a = -0.5) at distances
    # |t - k| for taps k = -2..2: 1.75, 0.75, 0.25, 1.25, 2.25 ->
    # far(1.75) = -0.5*1.75^3 + 2.5*1.75^2 - 4*1.75 + 2 = -0.0234375
    # near(0.75) = 1.5*0.75^3 - 2.5*0.75^2 + 1 = 0.2265625
    # near(0.25) = 1.5*0.25^3 - 2.5*0.25^2 + 1 = 0.8671875
    # far(1.25) = -0.5*1.25^3 + 2.5*1.25^2 - 4*1.25 + 2 = -0.0703125; 2.25 is outside the support.
    weights = bicubic_phase_weights(2)
    np.testing.assert_allclose(weights[0], [-0.0234375, 0.2265625, 0.8671875, -0.0703125, 0.0])
    np.testing.assert_allclose(weights[1], weights[0][::-1])  # phase 1 mirrors phase 0
    np.testing.assert_allclose(bicubic_phase_weights(4).sum(axis=1), 1.0)  # partition of unity


@pytest.mark.parametrize("factor", [2, 4])
def test_matches_tf_bicubic_resize_away_from_the_border(factor):
    x = np.random.default_rng(0).uniform(-1, 1, (2, 9, 13, 3)).astype("float32")
    got = BicubicUpsampling(factor)(x).numpy()
    want = tf.image.resize(x, (9 * factor, 13 * factor), "bicubic").numpy()
    assert got.shape == want.shape
    inner = slice(2 * factor, -2 * factor)
    np.testing.assert_allclose(got[:, inner, inner], want[:, inner, inner], atol=1e-5)
    np.testing.assert_allclose(BicubicUpsampling(factor)(np.full((1, 4, 5, 1), 0.3, "float32")), 0.3, atol=1e-6)


def test_converts_to_tflite_builtins_with_dynamic_size():
    layer = BicubicUpsampling(4)
    fn = tf.function(lambda image: {"image": layer(image)},
                     input_signature=[tf.TensorSpec([None, None, None, 3], tf.float32, name="image")])
    converter = tf.lite.TFLiteConverter.from_concrete_functions([fn.get_concrete_function()], layer)
    tflite = converter.convert()  # fails on a non-builtin op: no SELECT_TF_OPS allowed
    for shape in ((1, 6, 5, 3), (2, 3, 8, 3)):
        x = np.random.default_rng(1).uniform(-1, 1, shape).astype("float32")
        np.testing.assert_allclose(run_tflite(tflite, {"image": x})["image"], layer(x).numpy(), atol=1e-5)


def test_rejects_bad_arguments():
    with pytest.raises(ValueError, match="factor"):
        BicubicUpsampling(1)
