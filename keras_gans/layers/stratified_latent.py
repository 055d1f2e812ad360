"""Maps ``z_0`` inside its quantile slice back to N(0, 1) (the exported MAD-GAN latent)."""

import keras
from keras import ops

from keras_gans.layers.arguments import int_at_least

# W. H. Press et al., Numerical Recipes, ``erfcc``: fractional error < 1.2e-7 for every x >= 0.
_ERFC = (
    -1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806,
    0.27886807, -1.13520398, 1.48851587, -0.82215223, 0.17087277,
)
# P. J. Acklam's rational approximation of the normal quantile (relative error < 1.2e-9).
_A = (-3.969683028665376e01, 2.209460984245205e02, -2.759285104469687e02,
      1.383577518672690e02, -3.066479806614716e01, 2.506628277459239e00)
_B = (-5.447609879822406e01, 1.615858368580409e02, -1.556989798598866e02,
      6.680131188771972e01, -1.328068155288572e01, 1.0)
_C = (-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e00,
      -2.549671010259305e00, 4.374664141464968e00, 2.938163982698783e00)
_D = (7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e00, 3.754408661907416e00, 1.0)
_TAIL = 0.02425
_TINY = 1e-30


def _horner(coefficients, x):
    result = coefficients[0] * ops.ones_like(x)
    for c in coefficients[1:]:
        result = result * x + c
    return result


def lower_normal_cdf(x):
    """``Phi(x)`` for ``x <= 0``, accurate in the tail (no ``1 - ...`` cancellation)."""
    y = -x / 1.4142135623730951  # erfc argument, >= 0
    t = 1.0 / (1.0 + 0.5 * y)
    return 0.5 * t * ops.exp(-y * y + _horner(_ERFC[::-1], t))


def _log_lower_normal_cdf(x):
    """``log Phi(x)`` for ``x <= 0`` (:func:`lower_normal_cdf` without its ``exp``: no underflow)."""
    y = -x / 1.4142135623730951
    t = 1.0 / (1.0 + 0.5 * y)
    return ops.log(0.5 * t) - y * y + _horner(_ERFC[::-1], t)


def normal_quantile(p):
    """``Phi^-1(p)`` for ``p`` in (0, 1), using only ops that TFLite and ONNX run.

    Acklam's rational approximation, then two Newton steps on ``log Phi`` of
    the nearer tail. The steps matter in a float16 TFLite file, whose
    converter stores every constant in float16: Acklam's rational cancels
    heavily and came out up to 18 % off there, while ``log Phi`` (the
    erfc fit) stays within 0.2 %. In float32 they change the result by less
    than its own error.
    """
    p = ops.clip(p, _TINY, 1.0 - 1e-7)
    q = p - 0.5
    r = q * q
    central = q * _horner(_A, r) / _horner(_B, r)
    lower_q = ops.sqrt(-2.0 * ops.log(p))
    lower = _horner(_C, lower_q) / _horner(_D, lower_q)
    upper_q = ops.sqrt(-2.0 * ops.log(ops.maximum(1.0 - p, _TINY)))
    upper = -_horner(_C, upper_q) / _horner(_D, upper_q)
    x = ops.where(p < _TAIL, lower, ops.where(p > 1.0 - _TAIL, upper, central))
    # Newton on f(t) = log Phi(t) - log p_tail, t <= 0: f'(t) = phi(t) / Phi(t).
    upper_half = p > 0.5
    log_p = ops.log(ops.where(upper_half, 1.0 - p, p))  # 1 - p is exact for p >= 0.5
    t = ops.minimum(ops.where(upper_half, -x, x), 0.0)
    for _ in range(2):
        log_cdf = _log_lower_normal_cdf(t)
        cdf_over_pdf = ops.exp(log_cdf + 0.5 * t * t + 0.9189385332046727)  # log sqrt(2 pi)
        t = ops.minimum(t - (log_cdf - log_p) * cdf_over_pdf, 0.0)
    return ops.where(upper_half, -t, t)


@keras.saving.register_keras_serializable(package="keras_gans")
class StratifiedLatent(keras.layers.Layer):
    """Rescales the first latent coordinate inside its k-quantile slice to a fresh N(0, 1).

    :class:`~keras_gans.layers.GeneratorSelector` picks generator ``i`` from
    the slice of ``z_0`` among the k-quantiles of N(0, 1). Feeding that same z
    to ``G_i`` would give it a truncated ``z_0`` (slice i only), though every
    ``G_i`` trained on the full N(0, I). This layer maps ``z_0`` through its
    slice's CDF: with ``u = Phi(z_0)`` and ``i = floor(k u)``,
    ``z_0' = Phi^-1(k u - i)``, which is N(0, 1) and independent of ``i``
    when z is standard normal, so ``G_i(z')`` with ``i`` uniform is exactly
    MAD-GAN's mixture. The other coordinates pass through. The upper half is
    computed from ``Phi(-z_0)`` so that both tails keep float32 accuracy.

    Args:
        num_generators: k.

    Call args:
        z: (n, latent_dim).

    Returns:
        (n, latent_dim): z with ``z_0`` replaced by ``z_0'``.

    Raises:
        ValueError: ``num_generators`` < 1.

    Reference: Ghosh et al., "Multi-Agent Diverse Generative Adversarial
    Networks", CVPR 2018 (each G_i is fed z ~ N(0, I)).
    """

    def __init__(self, num_generators=2, **kwargs):
        super().__init__(**kwargs)
        self.num_generators = int_at_least("num_generators", num_generators, 1)

    def call(self, z):
        k = float(self.num_generators)
        first = z[:, :1]
        lower = first <= 0.0
        # Probability mass on the near side of z_0 (below it if z_0 <= 0, above it if not).
        tail = lower_normal_cdf(-ops.abs(first))
        scaled = k * tail
        within = scaled - ops.floor(scaled)  # position inside the slice, measured from that side
        # z_0 exactly on a slice boundary (z_0 = 0 for even k) maps to the slice's edge, not to -inf.
        within = ops.maximum(within, 1e-7)
        rescaled = normal_quantile(within)
        rescaled = ops.where(lower, rescaled, -rescaled)
        return ops.concatenate([rescaled, z[:, 1:]], axis=1)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        config = super().get_config()
        config["num_generators"] = self.num_generators
        return config
