"""Scores of steerable generators: label accuracy and code purity.

Both take the classes a classifier predicted for generated samples; the
classifier (e.g. ``keras_gans.metrics.mnist_classifier.load_mnist_classifier``,
or nearest-mode assignment for 2-D mixtures) is injected by the caller.
"""

import numpy as np


def _check_pair(a, b, names):
    a, b = np.asarray(a), np.asarray(b)
    if a.ndim != 1 or a.shape != b.shape or a.size == 0:
        raise ValueError(
            f"`{names[0]}` and `{names[1]}` must be non-empty 1-D arrays of the same length. "
            f"Received shapes {a.shape} and {b.shape}."
        )
    for name, array in zip(names, (a, b), strict=True):
        if not np.issubdtype(array.dtype, np.integer):
            raise ValueError(f"`{name}` must hold integer classes. Received dtype {array.dtype}.")
    return a, b


def label_accuracy(requested_labels, predicted_labels):
    """Fraction of samples classified as the label they were generated for.

    Args:
        requested_labels: int (N,) labels given to the generator.
        predicted_labels: int (N,) classes the classifier assigned.

    Returns:
        float in [0, 1].
    """
    requested, predicted = _check_pair(
        requested_labels, predicted_labels, ("requested_labels", "predicted_labels")
    )
    return float(np.mean(requested == predicted))


def code_purity(codes, predicted_labels):
    """Purity of an unsupervised code against classes, after the best one-to-one matching.

    Builds the code x class contingency table and finds the assignment of
    codes to classes that maximises the matched count (Hungarian algorithm,
    ``scipy.optimize.linear_sum_assignment``); purity is the matched fraction.
    With more codes than classes (or fewer) unmatched rows count as errors.

    Args:
        codes: int (N,) categorical codes given to the generator.
        predicted_labels: int (N,) classes the classifier assigned.

    Returns:
        ``(purity, mapping)``: float in [0, 1] and a dict code -> class.
    """
    from scipy.optimize import linear_sum_assignment

    codes, predicted = _check_pair(codes, predicted_labels, ("codes", "predicted_labels"))
    if codes.min() < 0 or predicted.min() < 0:
        raise ValueError("`codes` and `predicted_labels` must be non-negative class indices.")
    table = np.zeros((codes.max() + 1, predicted.max() + 1), dtype="int64")
    np.add.at(table, (codes, predicted), 1)
    rows, cols = linear_sum_assignment(table, maximize=True)
    purity = float(table[rows, cols].sum() / len(codes))
    return purity, {int(r): int(c) for r, c in zip(rows, cols, strict=True)}


def nearest_center(samples, centers):
    """Index of the nearest centre for each sample: a classifier for 2-D mixtures.

    Args:
        samples: (N, D). centers: (K, D).

    Returns:
        int32 (N,).
    """
    samples, centers = np.asarray(samples, "float64"), np.asarray(centers, "float64")
    if samples.ndim != 2 or centers.ndim != 2 or samples.shape[1] != centers.shape[1]:
        raise ValueError(
            "`samples` and `centers` must be (N, D) and (K, D) with the same D. "
            f"Received shapes {samples.shape} and {centers.shape}."
        )
    distances = np.linalg.norm(samples[:, None, :] - centers[None, :, :], axis=-1)
    return distances.argmin(axis=1).astype("int32")
