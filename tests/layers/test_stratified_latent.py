import keras
import numpy as np
import pytest
from scipy import stats

from keras_gans.layers import GeneratorSelector
from keras_gans.layers import StratifiedLatent
from keras_gans.layers.stratified_latent import lower_normal_cdf
from keras_gans.layers.stratified_latent import normal_quantile


def _np(x):
    return keras.ops.convert_to_numpy(x)


def test_cdf_and_quantile_match_scipy():
    x = np.linspace(-9.0, 0.0, 400).astype("float32")
    # Relative error (float32 exp), so the far tail (Phi(-9) = 1.1e-19) is held to the same standard.
    np.testing.assert_allclose(_np(lower_normal_cdf(x)), stats.norm.cdf(x), rtol=1e-5)
    p = np.concatenate([np.geomspace(1e-7, 0.02425, 50), np.linspace(0.03, 0.97, 95),
                        1 - np.geomspace(1e-6, 0.02, 50)]).astype("float32")
    np.testing.assert_allclose(_np(normal_quantile(p)), stats.norm.ppf(p.astype("float64")), rtol=1e-4, atol=2e-5)


@pytest.mark.parametrize("k", [2, 3, 5])
def test_rescaled_first_coordinate_is_standard_normal_in_every_slice(k):
    z = np.random.default_rng(k).standard_normal((60_000, 3)).astype("float32")
    out = _np(StratifiedLatent(k)(z))
    np.testing.assert_array_equal(out[:, 1:], z[:, 1:])  # only z_0 changes
    index = _np(GeneratorSelector(k).generator_index(z))
    for i in range(k):
        first = out[index == i, 0]
        # Without the rescaling slice 0 of k=2 would have mean -0.80 and std 0.60.
        assert abs(first.mean()) < 0.03 and abs(first.std() - 1.0) < 0.03, (i, first.mean(), first.std())
        assert stats.kstest(first, "norm").pvalue > 1e-3, i


def test_monotone_inside_each_slice_and_boundaries_stay_finite():
    # k=2: slice 0 is z_0 <= 0; z_0 -> Phi^-1(2 Phi(z_0)) rises from -inf to +inf across it.
    z = np.stack([np.linspace(-4, -0.01, 50), np.zeros(50)], axis=1).astype("float32")
    first = _np(StratifiedLatent(2)(z))[:, 0]
    assert np.all(np.diff(first) > 0)
    np.testing.assert_allclose(first, stats.norm.ppf(2 * stats.norm.cdf(z[:, 0].astype("float64"))), atol=1e-4)
    edge = _np(StratifiedLatent(2)(np.zeros((1, 2), "float32")))
    assert np.all(np.isfinite(edge)), edge


def test_bad_arguments():
    with pytest.raises(ValueError, match="num_generators"):
        StratifiedLatent(0)
