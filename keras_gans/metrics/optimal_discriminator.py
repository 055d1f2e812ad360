"""The optimal discriminator and the value of the GAN game, in 1-D, by quadrature.

Goodfellow et al. (2014), Proposition 1: for a fixed generator the
discriminator maximising ``V(D, G) = E_data log D(x) + E_g log(1 - D(x))`` is
``D*(x) = p_data(x) / (p_data(x) + p_g(x))``, and Theorem 1 gives its value
``V(D*, G) = -log 4 + 2 JSD(p_data || p_g)``. These pure functions compute
both sides numerically on a grid so the identity can be checked, and so a
trained discriminator can be compared with ``D*``.
"""

import numpy as np


def gaussian_density(x, mean=0.0, std=1.0):
    """Density of N(mean, std^2) at ``x`` (any shape)."""
    if not std > 0:
        raise ValueError(f"`std` must be positive. Received: std={std}")
    x = np.asarray(x, dtype="float64")
    return np.exp(-0.5 * ((x - mean) / std) ** 2) / (std * np.sqrt(2.0 * np.pi))


def optimal_discriminator(p_data, p_g):
    """``D*(x) = p_data / (p_data + p_g)`` pointwise; 1/2 where both are 0."""
    p_data, p_g = np.asarray(p_data, "float64"), np.asarray(p_g, "float64")
    total = p_data + p_g
    safe = np.where(total > 0, total, 1.0)
    return np.where(total > 0, p_data / safe, 0.5)


def _check_grid(x, *densities):
    x = np.asarray(x, dtype="float64")
    if x.ndim != 1 or len(x) < 2 or np.any(np.diff(x) <= 0):
        raise ValueError(f"`x` must be an increasing 1-D grid. Received shape {x.shape}.")
    for d in densities:
        if np.shape(d) != x.shape:
            raise ValueError(
                f"Densities must be sampled on the grid {x.shape}. Received shape {np.shape(d)}."
            )
    return x


def _xlogy(p, q):
    # p log q with the convention 0 log 0 = 0 (the integrand vanishes where p does).
    p, q = np.asarray(p, "float64"), np.asarray(q, "float64")
    out = np.zeros_like(p)
    mask = p > 0
    out[mask] = p[mask] * np.log(q[mask])
    return out


def value_function(x, p_data, p_g, d):
    """``V(D, G) = int p_data log D + p_g log(1 - D) dx`` by the trapezoidal rule.

    Args:
        x: increasing 1-D grid covering both densities.
        p_data, p_g: densities on ``x``.
        d: discriminator outputs (probabilities) on ``x``.

    Returns:
        float, the value. D is clipped to ``[1e-12, 1 - 1e-12]``: in float64
        ``D*`` rounds to exactly 1 in a tail where ``p_g`` is ~1e-20 but not 0,
        and ``p_g log(1 - D)`` there is negligible, not ``-inf``.
    """
    x = _check_grid(x, p_data, p_g, d)
    d = np.clip(np.asarray(d, "float64"), 1e-12, 1.0 - 1e-12)
    integrand = _xlogy(p_data, d) + _xlogy(p_g, 1.0 - d)
    return float(np.trapezoid(integrand, x))


def kl_divergence(x, p, q):
    """``KL(p || q) = int p log(p / q) dx`` by the trapezoidal rule."""
    x = _check_grid(x, p, q)
    p, q = np.asarray(p, "float64"), np.asarray(q, "float64")
    ratio = np.where(p > 0, p / np.where(q > 0, q, np.inf), 1.0)
    with np.errstate(divide="ignore"):
        return float(np.trapezoid(_xlogy(p, ratio), x))


def jensen_shannon_divergence(x, p, q):
    """``JSD(p || q) = KL(p || m) / 2 + KL(q || m) / 2`` with ``m = (p + q) / 2`` (nats)."""
    m = 0.5 * (np.asarray(p, "float64") + np.asarray(q, "float64"))
    return 0.5 * kl_divergence(x, p, m) + 0.5 * kl_divergence(x, q, m)


def max_abs_error(d, d_star, weights=None, min_weight=0.0):
    """``max |D - D*|`` over grid points whose ``weights`` exceed ``min_weight``.

    D* is only determined where ``p_data + p_g`` has mass; pass that sum as
    ``weights`` to ignore the tails a finite sample never visits.
    """
    d, d_star = np.asarray(d, "float64"), np.asarray(d_star, "float64")
    if d.shape != d_star.shape:
        raise ValueError(f"Shapes differ: D {d.shape} and D* {d_star.shape}.")
    mask = np.ones(d.shape, bool) if weights is None else np.asarray(weights) > min_weight
    if not mask.any():
        raise ValueError(f"No grid point has weight above min_weight={min_weight}.")
    return float(np.max(np.abs(d - d_star)[mask]))


def fit_discriminator_1d(
    data_mean=0.0, data_std=1.0, g_mean=2.0, g_std=0.5, num_samples=40_000, epochs=8,
    hidden_units=(32, 32), learning_rate=1e-2, seed=0,
):
    """Trains a discriminator between two fixed 1-D Gaussians (the inner loop of Algorithm 1).

    With p_g fixed, maximising V(D, G) over D is logistic regression of
    "real" against "generated"; with equal sample sizes its optimum is D*.

    Args:
        data_mean, data_std: p_data = N(data_mean, data_std^2).
        g_mean, g_std: the fixed generator distribution p_g.
        num_samples: samples drawn from each distribution.
        epochs: passes over the samples (batches of 500, Adam).
        hidden_units: tanh layer widths of the MLP D.
        learning_rate: Adam learning rate (decayed linearly to 0).
        seed: seed of the samples and the initial weights.

    Returns:
        A callable ``d(x) -> numpy probabilities`` for a 1-D numpy ``x``.
    """
    import keras

    if num_samples <= 0 or epochs <= 0:
        raise ValueError(
            "`num_samples` and `epochs` must be positive. "
            f"Received: num_samples={num_samples}, epochs={epochs}"
        )
    rng = np.random.default_rng(seed)
    real = rng.normal(data_mean, data_std, num_samples)
    fake = rng.normal(g_mean, g_std, num_samples)
    x = np.concatenate([real, fake]).astype("float32")[:, None]
    y = np.concatenate([np.ones(num_samples), np.zeros(num_samples)]).astype("float32")[:, None]
    keras.utils.set_random_seed(seed)
    inputs = keras.Input((1,))
    h = inputs
    for units in hidden_units:
        h = keras.layers.Dense(units, activation="tanh")(h)
    model = keras.Model(inputs, keras.layers.Dense(1)(h))
    batch = 500
    steps = epochs * (len(x) // batch)
    schedule = keras.optimizers.schedules.PolynomialDecay(learning_rate, steps, 0.0)
    model.compile(
        keras.optimizers.Adam(schedule), keras.losses.BinaryCrossentropy(from_logits=True)
    )
    model.fit(x, y, batch_size=batch, epochs=epochs, shuffle=True, verbose=0)

    def discriminator(points):
        logits = model.predict(np.asarray(points, "float32")[:, None], batch_size=4096, verbose=0)
        return 1.0 / (1.0 + np.exp(-logits[:, 0].astype("float64")))

    return discriminator
