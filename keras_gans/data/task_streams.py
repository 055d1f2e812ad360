"""The training stream of each kind of recipe data, by dataset name.

``load_task_data(kind, name, ...)`` is what ``python -m keras_gans.train``
feeds ``fit`` for every objective: plain samples, ``(samples, labels)``,
``(inputs, targets)`` pairs, ``(domain_a, domain_b)`` unpaired batches,
``(lr, hr)`` crops, ``(images, domain_vectors)`` or ``(images, masks)``.
"""

import numpy as np
import tensorflow as tf

from keras_gans.data import digit_domains
from keras_gans.data import loader
from keras_gans.data import masks as masks_lib
from keras_gans.data.arrays import validate_images

DOMAIN_NAMES = ("digit_domains", "tfds:<name with an 'attributes' dict, e.g. celeb_a>")
MASKED_NAMES = ("mnist_5k", "photos", "digits", "folder:<path>")
# The first 4,000 digits of mnist_5k_shuffled train; the last 1,000 stay held out (examples, benchmarks).
NUM_TRAIN_DIGITS = 4000


def _check_batch(batch_size, count, what):
    if not isinstance(batch_size, (int, np.integer)) or batch_size <= 0:
        raise ValueError(f"`batch_size` must be a positive integer. Received: batch_size={batch_size!r}")
    if batch_size > count:
        raise ValueError(f"`batch_size`={batch_size} is larger than the dataset ({count} {what}).")


def _size_kwargs(image_size, channels):
    """Only the resizing arguments that were given (the built-in sets take none)."""
    kwargs = {}
    if image_size is not None:
        kwargs["image_size"] = tuple(image_size)
    if channels is not None:
        kwargs["channels"] = channels
    return kwargs


def _stream(arrays, batch_size, seed, repeat):
    ds = tf.data.Dataset.from_tensor_slices(arrays).shuffle(len(arrays[0]), seed=seed, reshuffle_each_iteration=True)
    if repeat:
        ds = ds.repeat()
    return ds.batch(batch_size, drop_remainder=True).prefetch(tf.data.AUTOTUNE)


def domain_arrays(name="digit_domains"):
    """``(images, domain_vectors)`` of the in-memory domain sets (training split)."""
    if name != "digit_domains":
        raise ValueError(f"Unknown domain dataset {name!r}. Expected one of {DOMAIN_NAMES}.")
    images, domains, _ = digit_domains.digit_domains(seed=0)
    return images[:NUM_TRAIN_DIGITS], domains[:NUM_TRAIN_DIGITS]


def masked_images(name="mnist_5k", image_size=None, channels=None, seed=0):
    """The images a completion model learns to fill (mnist_5k: its 4,000 training digits)."""
    if name == "mnist_5k" and image_size is None and channels is None:
        return digit_domains.mnist_5k_shuffled()[0][:NUM_TRAIN_DIGITS]
    if name == "photos":
        return masks_lib.photo_crops(2048, size=(image_size or (64, 64))[0], seed=seed)
    if name.startswith("tfds:"):
        raise ValueError(f"Completion data must be in memory. Received: {name!r}; expected one of {MASKED_NAMES}.")
    return loader.load_arrays(name, **_size_kwargs(image_size, channels))[0]


def load_task_data(kind, name, batch_size=64, seed=None, repeat=False, image_size=None, channels=None,
                   hparams=None):
    """A batched ``tf.data.Dataset`` of recipe data ``kind`` (see ``recipes.recipe.DATA_KINDS``).

    Args:
        kind: 'samples', 'labelled', 'paired', 'unpaired', 'sr', 'domains' or 'masked'.
        name: a dataset name of that kind (``keras_gans.data.load`` names for
            samples, labelled and masked data; ``load_paired``, ``load_unpaired``
            and ``load_sr`` names; 'digit_domains' or 'tfds:celeb_a' for domains).
        batch_size: examples per batch (constant: the remainder is dropped).
        seed: shuffling seed. repeat: repeat forever.
        image_size: ``(height, width)`` to resize folder/tfds images to.
        channels: 1 or 3 to convert folder images to.
        hparams: the recipe's hyper-parameters (``hr_size``, ``scale``, hole sizes, ...).

    Raises:
        ValueError: unknown kind or name, a batch larger than the data, unreadable data.
    """
    hp = hparams or {}
    sizes = _size_kwargs(image_size, channels)
    if kind in ("samples", "labelled"):
        return loader.load(name, batch_size=batch_size, seed=seed, repeat=repeat, with_labels=kind == "labelled",
                           **sizes)
    if kind == "paired":
        from keras_gans.data.paired import load_paired

        return load_paired(name, batch_size=batch_size, seed=seed, repeat=repeat, **sizes)
    if kind == "unpaired":
        from keras_gans.data.unpaired import load_unpaired

        return load_unpaired(name, batch_size=batch_size, seed=seed, repeat=True, **sizes)
    if kind == "sr":
        from keras_gans.data.sr_patches import load_sr

        return load_sr(name, batch_size=batch_size, hr_size=hp.get("hr_size", 96), scale=hp.get("scale", 4),
                       num_patches=None, seed=0 if seed is None else seed)
    if kind == "domains":
        if name.startswith("tfds:"):
            from keras_gans.data.attribute_domains import load_attribute_domains

            return load_attribute_domains(name[len("tfds:"):], image_size=tuple(image_size or (128, 128)),
                                          batch_size=batch_size, seed=0 if seed is None else seed)
        images, domains = domain_arrays(name)
        _check_batch(batch_size, len(images), "examples")
        return _stream((images, domains), batch_size, seed, repeat)
    if kind == "masked":
        images = validate_images(masked_images(name, image_size, channels, seed=0 if seed is None else seed))
        _check_batch(batch_size, len(images), "examples")
        return masks_lib.completion_dataset(images, batch_size=batch_size, min_size=hp.get("min_hole", 8),
                                            max_size=hp.get("max_hole", 14), seed=0 if seed is None else seed)
    if kind == "speech":
        from keras_gans.data.speech import load_speech

        return load_speech(name, window=hp.get("window", 4096), batch_size=batch_size, seed=seed, repeat=repeat,
                           num_utterances=hp.get("num_utterances"))
    if kind == "tokens":
        from keras_gans.data.tokens import load_tokens

        sizes = {k: hp[k] for k in ("vocab_size", "sequence_length", "num_sequences") if k in hp}
        return load_tokens(name, batch_size=batch_size, seed=seed, repeat=repeat, **sizes)
    raise ValueError(f"Unknown kind of data {kind!r}.")
