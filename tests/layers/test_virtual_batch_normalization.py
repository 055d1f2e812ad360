"""VirtualBatchNormalization against its definition (Salimans et al. 2016; santi-pdp/segan bnorm.py)."""

import keras
import numpy as np
import pytest

from keras_gans.layers import VirtualBatchNormalization


def _definition(x, gamma, beta, epsilon):
    """The reference code's VBN, in numpy: first half = reference batch, second half judged against it."""
    n = len(x) // 2
    reference, batch = x[:n], x[n:]
    ref_mean = reference.mean(axis=(0, 1), keepdims=True)
    ref_square = (reference**2).mean(axis=(0, 1), keepdims=True)

    def normalize(v, mean, square):
        return (v - mean) / np.sqrt(epsilon + square - mean**2) * gamma + beta

    new = 1.0 / (n + 1.0)
    out = [normalize(reference, ref_mean, ref_square)]
    for example in batch:  # each judged example: the reference moments with itself added
        mean = new * example.mean(axis=0, keepdims=True) + (1 - new) * ref_mean[0]
        square = new * (example**2).mean(axis=0, keepdims=True) + (1 - new) * ref_square[0]
        out.append(normalize(example[None], mean, square))
    return np.concatenate(out)


def test_matches_the_definition_and_depends_only_on_reference_and_itself():
    rng = np.random.default_rng(0)
    x = rng.normal(2.0, 3.0, (8, 16, 3)).astype("float32")
    layer = VirtualBatchNormalization(epsilon=1e-3)
    y = keras.ops.convert_to_numpy(layer(keras.ops.convert_to_tensor(x)))
    gamma, beta = (np.asarray(w.value.numpy()) for w in (layer.gamma, layer.beta))
    np.testing.assert_allclose(y, _definition(x.astype("float64"), gamma, beta, 1e-3), rtol=1e-4, atol=1e-4)
    # A judged example's output does not change when the other judged examples do (unlike batch norm).
    x2 = x.copy()
    x2[5:] = rng.normal(size=x2[5:].shape)
    y2 = keras.ops.convert_to_numpy(layer(keras.ops.convert_to_tensor(x2)))
    np.testing.assert_allclose(y2[:5], y[:5], rtol=1e-5, atol=1e-5)
    # The reference half is plain batch normalisation: zero mean, unit variance per channel (gamma ~ 1).
    ref = (y[:4] - beta) / gamma
    np.testing.assert_allclose(ref.mean(axis=(0, 1)), 0.0, atol=1e-4)
    np.testing.assert_allclose(ref.std(axis=(0, 1)), 1.0, atol=1e-3)


def test_config_round_trip_and_errors():
    layer = VirtualBatchNormalization(epsilon=1e-4, name="vbn")
    assert VirtualBatchNormalization.from_config(layer.get_config()).epsilon == 1e-4
    with pytest.raises(ValueError, match="epsilon"):
        VirtualBatchNormalization(epsilon=0)
    with pytest.raises(ValueError, match="even size"):
        VirtualBatchNormalization()(np.zeros((3, 4, 2), "float32"))
