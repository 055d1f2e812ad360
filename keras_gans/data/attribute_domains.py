"""StarGAN domains from a tfds dataset with binary attributes: ``tfds:celeb_a``.

The paper's CelebA setting: hair colour (black, blond, brown), male and
young as the domain vector.
"""

import tensorflow as tf

CELEBA_ATTRIBUTES = ("Black_Hair", "Blond_Hair", "Brown_Hair", "Male", "Young")


def load_attribute_domains(name="celeb_a", attributes=CELEBA_ATTRIBUTES, image_size=(128, 128), batch_size=16,
                           split="train", crop=178, data_dir=None, download=False, seed=0):
    """A repeated ``tf.data.Dataset`` of ``(images, domains)`` batches for StarGAN.

    Args:
        name: a tfds dataset whose examples hold 'image' and an 'attributes' dict of booleans.
        attributes: the attribute names forming the (D,) float domain vector.
        image_size: (height, width) after the centre crop (128x128 in the paper).
        batch_size: examples per batch.
        split: the tfds split.
        crop: side of the centre square cropped first (178 for CelebA, as in the paper); None: no crop.
        data_dir, download: passed to ``tfds.load`` (offline by default).
        seed: shuffling seed.

    Returns:
        The dataset: images float32 (N, H, W, 3) in [-1, 1], domains float32 (N, D).

    Raises:
        ValueError: the dataset cannot be loaded or lacks an attribute.

    Reference: Choi et al. 2018, Section 4.2 (CelebA, five attributes).
    """
    import tensorflow_datasets as tfds

    try:
        raw = tfds.load(name, split=split, data_dir=data_dir, download=download)
    except Exception as error:  # tfds raises several types for "not prepared"
        raise ValueError(
            f"Could not load tfds dataset {name!r}: {type(error).__name__}. "
            "Prepare it in `data_dir` or pass download=True where the network allows."
        ) from None
    spec = raw.element_spec
    if "image" not in spec or "attributes" not in spec:
        raise ValueError(f"tfds dataset {name!r} must have 'image' and 'attributes'. Received {sorted(spec)}.")
    missing = [a for a in attributes if a not in spec["attributes"]]
    if missing:
        raise ValueError(f"tfds dataset {name!r} has no attributes {missing}; it has {sorted(spec['attributes'])}.")

    def convert(example):
        image = tf.cast(example["image"], tf.float32)
        if crop:
            image = tf.image.resize_with_crop_or_pad(image, crop, crop)
        image = tf.image.resize(image, image_size) / 127.5 - 1.0
        domains = tf.stack([tf.cast(example["attributes"][a], tf.float32) for a in attributes])
        return tf.clip_by_value(image, -1.0, 1.0), domains

    ds = raw.repeat().shuffle(256, seed=seed).map(convert, num_parallel_calls=tf.data.AUTOTUNE)
    return ds.batch(batch_size, drop_remainder=True).prefetch(tf.data.AUTOTUNE)
