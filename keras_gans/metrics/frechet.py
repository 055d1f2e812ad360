"""Fréchet distance between Gaussians fitted to two feature sets (FID on Inception features)."""

import warnings

import numpy as np
import scipy.linalg

from keras_gans.metrics.features import as_feature_pair


def frechet_distance_from_moments(mu_a, sigma_a, mu_b, sigma_b, eps=1e-6):
    """Fréchet distance between N(mu_a, sigma_a) and N(mu_b, sigma_b).

    d² = ‖μa − μb‖² + Tr(Σa + Σb − 2 (Σa Σb)^½)

    The matrix square root is scipy's; when it is not finite (singular
    product), it is retried with ``eps * I`` added to both covariances; a
    significant imaginary part (numerical error from a non-PSD product) is
    rejected, a negligible one dropped.

    Raises:
        ValueError: shapes disagree or the square root has a large imaginary part.
    """
    mu_a, mu_b = np.atleast_1d(np.asarray(mu_a, "float64")), np.atleast_1d(np.asarray(mu_b, "float64"))
    sigma_a, sigma_b = np.atleast_2d(sigma_a).astype("float64"), np.atleast_2d(sigma_b).astype("float64")
    d = len(mu_a)
    if mu_b.shape != (d,) or sigma_a.shape != (d, d) or sigma_b.shape != (d, d):
        raise ValueError(
            "Expected means of shape (D,) and covariances of shape (D, D). Received shapes "
            f"{mu_a.shape}, {sigma_a.shape}, {mu_b.shape}, {sigma_b.shape}."
        )
    diff = mu_a - mu_b
    with warnings.catch_warnings():
        # Singular products (dead feature units, few samples) are handled below.
        warnings.simplefilter("ignore", scipy.linalg.LinAlgWarning)
        covmean = scipy.linalg.sqrtm(sigma_a @ sigma_b)
        if not np.isfinite(covmean).all():
            offset = np.eye(d) * eps
            covmean = scipy.linalg.sqrtm((sigma_a + offset) @ (sigma_b + offset))
    if np.iscomplexobj(covmean):
        imaginary = np.max(np.abs(np.diagonal(covmean).imag))
        if imaginary > 1e-3:
            raise ValueError(
                f"The covariance product's square root has an imaginary component {imaginary:.3g}; "
                "the covariances are not positive semi-definite (too few samples?)."
            )
        covmean = covmean.real
    value = diff @ diff + np.trace(sigma_a) + np.trace(sigma_b) - 2.0 * np.trace(covmean)
    return float(max(value, 0.0))


def frechet_distance(features_a, features_b, eps=1e-6):
    """Fréchet distance between Gaussians fitted to two sets of features (FID).

    FID = ‖μa − μb‖² + Tr(Σa + Σb − 2 (Σa Σb)^½), with μ, Σ the mean and the
    unbiased covariance of each set. On pool_3 features of the 2015 Inception
    graph (:func:`keras_gans.metrics.extractors.inception_2015_features`) this
    is the FID of published tables; on other features it is an FID-like
    distance comparable only with itself.

    Args:
        features_a, features_b: (N, D) and (M, D) arrays, N, M >= 2.
        eps: the diagonal offset of the retry (see :func:`frechet_distance_from_moments`).

    Returns:
        float, >= 0.

    Raises:
        ValueError: bad shapes, fewer than 2 rows, non-finite values.

    Example:
    ```python
    fid = frechet_distance(real_features, fake_features)
    ```

    Reference: Heusel et al., "GANs Trained by a Two Time-Scale Update Rule
    Converge to a Local Nash Equilibrium", NeurIPS 2017.
    """
    a, b = as_feature_pair(features_a, features_b, min_rows=2)
    return frechet_distance_from_moments(
        a.mean(0), np.cov(a, rowvar=False), b.mean(0), np.cov(b, rowvar=False), eps=eps
    )
