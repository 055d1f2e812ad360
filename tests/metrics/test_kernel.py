"""MMD² and KID against sklearn's kernels and separated/identical sets."""

import numpy as np
import pytest
from sklearn.metrics.pairwise import polynomial_kernel
from sklearn.metrics.pairwise import rbf_kernel

from keras_gans.metrics.kernel import kernel_distance
from keras_gans.metrics.kernel import mmd2


def _unbiased(kxx, kyy, kxy):
    m, n = len(kxx), len(kyy)
    xx = sum(kxx[i, j] for i in range(m) for j in range(m) if i != j) / (m * (m - 1))
    yy = sum(kyy[i, j] for i in range(n) for j in range(n) if i != j) / (n * (n - 1))
    return xx + yy - 2 * kxy.mean()


@pytest.fixture
def sets(gaussian_sets):
    return gaussian_sets((30, 40), 5, shift=0.7)


def test_rbf_matches_sklearn_reference(sets):
    x, y = sets
    sigma = 1.7
    gamma = 1 / (2 * sigma**2)
    expected = _unbiased(rbf_kernel(x, x, gamma=gamma), rbf_kernel(y, y, gamma=gamma), rbf_kernel(x, y, gamma=gamma))
    assert mmd2(x, y, kernel="rbf", bandwidth=sigma) == pytest.approx(expected, rel=1e-9)


def test_polynomial_matches_sklearn_reference(sets):
    x, y = sets
    k = lambda a, b: polynomial_kernel(a, b, degree=3, gamma=1 / 5, coef0=1)  # noqa: E731
    expected = _unbiased(k(x, x), k(y, y), k(x, y))
    assert mmd2(x, y, kernel="polynomial") == pytest.approx(expected, rel=1e-9)
    # KID with one subset holding every point is the same number.
    kid = kernel_distance(x[:30], y[:30], num_subsets=1, subset_size=30)
    expected30 = _unbiased(k(x, x), k(y[:30], y[:30]), k(x, y[:30]))
    assert kid["mean"] == pytest.approx(expected30, rel=1e-9) and kid["std"] == 0.0


def test_median_heuristic_bandwidth(sets):
    x, y = sets
    pooled = np.concatenate([x, y])
    d = np.sqrt(((pooled[:, None] - pooled[None]) ** 2).sum(-1))[np.triu_indices(70, 1)]
    assert mmd2(x, y) == pytest.approx(mmd2(x, y, bandwidth=float(np.median(d))), rel=1e-9)


def test_identical_distribution_near_zero_separated_large():
    rng = np.random.default_rng(1)
    x, y = rng.standard_normal((400, 3)), rng.standard_normal((400, 3))
    far = rng.standard_normal((400, 3)) + 5.0
    assert abs(mmd2(x, y)) < 0.01
    assert mmd2(x, far) > 0.5
    kid_same = kernel_distance(x, y, num_subsets=20, subset_size=200)["mean"]
    kid_far = kernel_distance(x, far, num_subsets=20, subset_size=200)["mean"]
    # Same law: mean within a few std of 0 (cubic-kernel noise); separated: orders larger.
    assert abs(kid_same) < 0.3 and kid_far > 1000 * max(abs(kid_same), 1e-3)


def test_bad_inputs(sets):
    x, y = sets
    with pytest.raises(ValueError, match="kernel"):
        mmd2(x, y, kernel="laplace")
    with pytest.raises(ValueError, match="bandwidth"):
        mmd2(x, y, bandwidth=0.0)
    with pytest.raises(ValueError, match="num_subsets"):
        kernel_distance(x, y, num_subsets=0)
