"""Super-resolution pairs: HR patches and their bicubic x``scale`` LR versions.

Offline: colour and greyscale photos shipped by scikit-image, and the two
photos scikit-learn ships (``china``, ``flower``). Whole photos
are held out for evaluation (``EVAL_PHOTOS``), so no evaluation pixel is
ever in a training patch. Real data: ``tfds:div2k/bicubic_x4`` (DIV2K's own
LR images) and ``folder:<hr_dir>`` (any HR images; LR made here).

Images are float32 in [-1, 1]; greyscale photos are stacked to RGB.
"""

import itertools

import numpy as np
import tensorflow as tf

TRAIN_PHOTOS = (
    "astronaut", "rocket", "immunohistochemistry", "hubble_deep_field", "retina",
    "stereo_motorcycle", "coins", "moon", "brick", "grass", "gravel", "clock", "page",
    "cell", "text", "microaneurysms", "china", "flower",
)
# The natural photographs among them (no documents, micrographs or sky images).
NATURAL_PHOTOS = (
    "astronaut", "rocket", "stereo_motorcycle", "coins", "brick", "grass", "gravel", "clock",
    "china", "flower",
)
EVAL_PHOTOS = ("chelsea", "coffee", "camera")
SKLEARN_PHOTOS = ("china", "flower")


def photo(name):
    """A scikit-image (or scikit-learn) sample photo as float32 RGB (H, W, 3) in [-1, 1].

    Raises:
        ValueError: unknown name.
    """
    if name not in TRAIN_PHOTOS + EVAL_PHOTOS:
        raise ValueError(f"Unknown photo {name!r}. Expected one of {TRAIN_PHOTOS + EVAL_PHOTOS}.")
    if name in SKLEARN_PHOTOS:
        from sklearn.datasets import load_sample_image

        array = load_sample_image(f"{name}.jpg")
    else:
        import skimage.data

        array = getattr(skimage.data, name)()
    if isinstance(array, tuple):  # stereo_motorcycle: (left, right, disparity)
        array = array[0]
    array = np.asarray(array)
    if array.ndim == 2:
        array = np.repeat(array[..., None], 3, axis=-1)
    return (array[..., :3].astype("float32") / 127.5 - 1.0).astype("float32")


def bicubic_downscale(hr, scale=4):
    """Bicubic (anti-aliased, as MATLAB's imresize) x1/scale of (N, H, W, C) images in [-1, 1].

    H and W must be multiples of ``scale``.
    """
    hr = tf.convert_to_tensor(hr, tf.float32)
    size = tf.shape(hr)[1:3] // scale
    return tf.clip_by_value(tf.image.resize(hr, size, method="bicubic", antialias=True), -1.0, 1.0)


def bicubic_upscale(lr, scale=4):
    """The bicubic baseline: x``scale`` bicubic interpolation of (N, h, w, C) images, clipped to [-1, 1]."""
    lr = tf.convert_to_tensor(lr, tf.float32)
    size = tf.shape(lr)[1:3] * scale
    return tf.clip_by_value(tf.image.resize(lr, size, method="bicubic"), -1.0, 1.0)


def _check(scale, hr_size):
    if scale not in (2, 4, 8):
        raise ValueError(f"`scale` must be 2, 4 or 8. Received: scale={scale}")
    if hr_size <= 0 or hr_size % scale:
        raise ValueError(f"`hr_size` must be a positive multiple of scale={scale}. Received: hr_size={hr_size}")


def _augment(crop, rng):
    """One of the 8 flips/rotations of a square crop."""
    crop = np.rot90(crop, rng.integers(4))
    return crop[:, ::-1] if rng.random() < 0.5 else crop


def random_crops(hr_size=96, photos=TRAIN_PHOTOS, seed=0):
    """An endless generator of random HR crops of ``photos`` (random flips and 90-degree rotations).

    Each crop picks a photo uniformly, then a uniform position in it.

    Yields:
        float32 (hr_size, hr_size, 3) crops in [-1, 1].
    """
    rng = np.random.default_rng(seed)
    images = [photo(name) for name in photos]
    small = [name for name, image in zip(photos, images, strict=True) if min(image.shape[:2]) < hr_size]
    if small:
        raise ValueError(f"Photos must be at least hr_size={hr_size} on each side. Received smaller: {small}")
    while True:
        image = images[rng.integers(len(images))]
        top = rng.integers(image.shape[0] - hr_size + 1)
        left = rng.integers(image.shape[1] - hr_size + 1)
        yield np.ascontiguousarray(_augment(image[top : top + hr_size, left : left + hr_size], rng))


def sr_patches(num_patches, hr_size=96, scale=4, photos=TRAIN_PHOTOS, seed=0):
    """Random HR crops of ``photos`` (with random flips) and their bicubic LR.

    Args:
        num_patches: number of pairs.
        hr_size: HR patch side (96 in the paper), a multiple of ``scale``.
        scale: the down-scaling factor.
        photos: photo names to crop from; defaults exclude ``EVAL_PHOTOS``.
        seed: crop positions.

    Returns:
        ``(lr, hr)``: float32 (N, hr_size/scale, hr_size/scale, 3) and (N, hr_size, hr_size, 3).
    """
    _check(scale, hr_size)
    if int(num_patches) <= 0:
        raise ValueError(f"`num_patches` must be positive. Received: num_patches={num_patches}")
    rng = np.random.default_rng(seed)
    images = [photo(name) for name in photos]
    crops = np.empty((num_patches, hr_size, hr_size, 3), "float32")
    for i in range(num_patches):
        image = images[rng.integers(len(images))]
        top = rng.integers(image.shape[0] - hr_size + 1)
        left = rng.integers(image.shape[1] - hr_size + 1)
        crop = image[top : top + hr_size, left : left + hr_size]
        crops[i] = crop[:, ::-1] if rng.random() < 0.5 else crop
    return bicubic_downscale(crops, scale).numpy(), crops


def eval_pairs(scale=4, photos=EVAL_PHOTOS, max_side=None):
    """Whole held-out photos (cropped to multiples of ``scale``) as (lr, hr) pairs.

    Args:
        max_side: optionally centre-crop each HR photo to at most this side
            (keeps CPU evaluation quick).

    Returns:
        list of ``(lr (1, h, w, 3), hr (1, H, W, 3))`` float32 pairs.
    """
    pairs = []
    for name in photos:
        hr = photo(name)
        height, width = hr.shape[:2]
        if max_side:
            height, width = min(height, max_side), min(width, max_side)
        height, width = height - height % scale, width - width % scale
        top, left = (hr.shape[0] - height) // 2, (hr.shape[1] - width) // 2
        hr = hr[None, top : top + height, left : left + width]
        pairs.append((bicubic_downscale(hr, scale).numpy(), hr))
    return pairs


def _random_pair_crop(lr, hr, lr_size, scale):
    """The same random window of an LR image and of its HR image (scale x larger)."""
    shape = tf.shape(lr)
    top = tf.random.uniform([], 0, shape[0] - lr_size + 1, tf.int32)
    left = tf.random.uniform([], 0, shape[1] - lr_size + 1, tf.int32)
    lr_patch = lr[top : top + lr_size, left : left + lr_size]
    hr_patch = hr[top * scale : (top + lr_size) * scale, left * scale : (left + lr_size) * scale]
    return tf.ensure_shape(lr_patch, [lr_size, lr_size, 3]), tf.ensure_shape(
        hr_patch, [lr_size * scale, lr_size * scale, 3]
    )


def load_sr(name="skimage", batch_size=16, hr_size=96, scale=4, num_patches=4096, seed=0, data_dir=None, download=False,
            photos=TRAIN_PHOTOS):
    """A repeated, shuffled ``tf.data.Dataset`` of ``(lr, hr)`` batches.

    Args:
        name: 'skimage' (offline photos, ``num_patches`` crops), 'tfds:div2k/bicubic_x4'
            (DIV2K's paired LR/HR; any ``tfds:<name>`` with 'lr' and 'hr' images),
            or 'folder:<hr_dir>' (HR images; LR by bicubic down-scaling).
        batch_size: pairs per batch.
        hr_size: HR patch side, a multiple of ``scale``.
        scale: the factor; must match the tfds dataset's.
        num_patches: pool size for 'skimage'; None: fresh random crops every
            batch (:func:`random_crops`, flips and 90-degree rotations).
        seed: crops and shuffling.
        data_dir, download: passed to ``tfds.load`` (offline by default).
        photos: for 'skimage', the photo names to crop (default ``TRAIN_PHOTOS``;
            ``NATURAL_PHOTOS`` keeps only natural photographs).

    Raises:
        ValueError: unknown name, bad sizes, or a dataset that cannot be read.
    """
    _check(scale, hr_size)
    if not isinstance(batch_size, int) or batch_size <= 0:
        raise ValueError(f"`batch_size` must be a positive integer. Received: batch_size={batch_size!r}")
    lr_size = hr_size // scale
    if name == "skimage":
        unknown = sorted(set(photos) - set(TRAIN_PHOTOS + EVAL_PHOTOS))
        if unknown or not photos:
            raise ValueError(f"`photos` must be a non-empty subset of {TRAIN_PHOTOS + EVAL_PHOTOS}. Received unknown: {unknown}")
        photos = tuple(photos)
    if name == "skimage" and num_patches is None:
        spec = tf.TensorSpec((hr_size, hr_size, 3), tf.float32)
        # Each new iterator (every `fit` call makes one) draws a new crop stream, seeded by (seed, k)
        # for the k-th iterator: reproducible, yet a loop of short `fit` calls never replays the
        # same crops (as `shuffle(reshuffle_each_iteration=True)` does for the pool).
        iteration = itertools.count()
        ds = tf.data.Dataset.from_generator(lambda: random_crops(hr_size, photos, seed=(seed, next(iteration))),
                                            output_signature=spec)
        ds = ds.batch(batch_size, drop_remainder=True).map(lambda hr: (bicubic_downscale(hr, scale), hr))
        return ds.prefetch(tf.data.AUTOTUNE)
    if name == "skimage":
        lr, hr = sr_patches(num_patches, hr_size, scale, photos, seed=seed)
        ds = tf.data.Dataset.from_tensor_slices((lr, hr)).shuffle(len(lr), seed=seed).repeat()
    elif name.startswith("tfds:"):
        import tensorflow_datasets as tfds

        spec = name[len("tfds:") :]
        try:
            raw = tfds.load(spec, split="train", download=download, data_dir=data_dir)
        except Exception as error:  # tfds raises several types for "not prepared"
            raise ValueError(
                f"Could not load tfds dataset {spec!r}: {type(error).__name__}. "
                "Prepare it in `data_dir` or pass download=True where the network allows."
            ) from None
        if not {"lr", "hr"} <= set(raw.element_spec):
            raise ValueError(f"tfds dataset {spec!r} must have 'lr' and 'hr' images. Received {sorted(raw.element_spec)}.")

        def convert(example):
            lr = tf.cast(example["lr"], tf.float32) / 127.5 - 1.0
            hr = tf.cast(example["hr"], tf.float32) / 127.5 - 1.0
            return _random_pair_crop(lr, hr, lr_size, scale)

        ds = raw.repeat().shuffle(64, seed=seed).map(convert, num_parallel_calls=tf.data.AUTOTUNE)
    elif name.startswith("folder:"):
        from keras_gans.data.folder import _list_images
        from keras_gans.data.folder import _read

        root = name[len("folder:") :]
        files = _list_images(root) if tf.io.gfile.isdir(root) else []
        if not files:
            raise ValueError(f"`folder:` path {root!r} holds no images (or is not a directory).")
        images = [_read(path, 3, None)[0] / 127.5 - 1.0 for path in files]
        small = [f for f, im in zip(files, images, strict=True) if min(im.shape[:2]) < hr_size]
        if small:
            raise ValueError(f"Images must be at least hr_size={hr_size} on each side. Received smaller: {small[:3]}")
        rng = np.random.default_rng(seed)
        per_image = max(1, num_patches // len(images))
        crops = []
        for image in images:
            for _ in range(per_image):
                top = rng.integers(image.shape[0] - hr_size + 1)
                left = rng.integers(image.shape[1] - hr_size + 1)
                crops.append(image[top : top + hr_size, left : left + hr_size])
        hr = np.stack(crops).astype("float32")
        lr = bicubic_downscale(hr, scale).numpy()
        ds = tf.data.Dataset.from_tensor_slices((lr, hr)).shuffle(len(lr), seed=seed).repeat()
    else:
        raise ValueError(f"Unknown SR dataset {name!r}. Expected 'skimage', 'tfds:div2k/bicubic_x4' or 'folder:<hr_dir>'.")
    return ds.batch(batch_size, drop_remainder=True).prefetch(tf.data.AUTOTUNE)
