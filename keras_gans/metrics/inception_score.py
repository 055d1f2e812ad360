"""Inception Score and Mode Score from class probabilities."""

import numpy as np

EPS = 1e-12


def _probabilities(p, name):
    p = np.asarray(p, dtype="float64")
    if p.ndim != 2 or len(p) == 0:
        raise ValueError(f"`{name}` must have shape (N, num_classes). Received shape {p.shape}.")
    if (p < -1e-6).any() or not np.allclose(p.sum(1), 1.0, atol=1e-3):
        raise ValueError(f"`{name}` rows must be probability vectors (non-negative, summing to 1).")
    return np.clip(p, 0.0, 1.0)


def _mean_kl_to_marginal(p):
    marginal = p.mean(0, keepdims=True)
    kl = (p * (np.log(p + EPS) - np.log(marginal + EPS))).sum(1)
    return float(kl.mean())


def inception_score(probabilities, num_splits=10):
    """Inception Score exp(E_x KL(p(y|x) ‖ p(y))), mean and std over splits.

    The N predictions are cut into ``num_splits`` consecutive parts; each
    part gets its own marginal p(y) = mean_x p(y|x) and score. It is 1 when
    every prediction equals the marginal (no confident class) and
    ``num_classes`` when predictions are one-hot and spread evenly.

    Args:
        probabilities: (N, num_classes) rows summing to 1.
        num_splits: number of parts, 1 <= num_splits <= N.

    Returns:
        dict with ``mean`` and ``std``.

    Raises:
        ValueError: not probabilities, or a bad ``num_splits``.

    Example:
    ```python
    score = inception_score(classifier.predict(fake_images))["mean"]
    ```

    Reference: Salimans et al., "Improved Techniques for Training GANs", NeurIPS 2016.
    """
    p = _probabilities(probabilities, "probabilities")
    if not 1 <= int(num_splits) <= len(p):
        raise ValueError(
            f"`num_splits` must be in [1, {len(p)}]. Received: num_splits={num_splits}"
        )
    scores = [np.exp(_mean_kl_to_marginal(part)) for part in np.array_split(p, int(num_splits))]
    return {"mean": float(np.mean(scores)), "std": float(np.std(scores))}


def mode_score(probabilities_fake, probabilities_real):
    """Mode Score exp(E_x KL(p(y|x) ‖ p(y)) − KL(p(y) ‖ p*(y))).

    p(y) is the marginal of the generated samples' predictions and p*(y) the
    marginal of real data's: the Inception Score, penalised when the
    generated class distribution departs from the real one.

    Args:
        probabilities_fake: (N, C) predictions on generated samples.
        probabilities_real: (M, C) predictions on real data.

    Returns:
        float.

    Raises:
        ValueError: not probabilities or different class counts.

    Reference: Che et al., "Mode Regularized Generative Adversarial
    Networks", ICLR 2017; the form of Xu et al., "An empirical study on
    evaluation metrics of generative adversarial networks", 2018.
    """
    fake = _probabilities(probabilities_fake, "probabilities_fake")
    real = _probabilities(probabilities_real, "probabilities_real")
    if fake.shape[1] != real.shape[1]:
        raise ValueError(
            "`probabilities_fake` and `probabilities_real` must have the same number of classes. "
            f"Received shapes {fake.shape} and {real.shape}."
        )
    marginal, marginal_real = fake.mean(0), real.mean(0)
    kl_marginals = float((marginal * (np.log(marginal + EPS) - np.log(marginal_real + EPS))).sum())
    return float(np.exp(_mean_kl_to_marginal(fake) - kl_marginals))
