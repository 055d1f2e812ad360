"""``label2scene``: procedurally rendered outdoor scenes paired with their colour-coded label maps.

Offline stand-in for Cityscapes-style label -> photo translation (pix2pixHD's
task) at 128x128 or any size: a sky, a ground with a wavy horizon, buildings
with bricks and windows, trees with trunks and a sun. The label map says
*which* class each pixel is; the rendered photo adds what the label cannot
fully say: each building's colour (one of three), the grass and leaf texture
(noise), so a model that only minimises L1 blurs where a GAN can be sharp.
The deterministic parts (brick courses from the top of each building, window
glass shading, the light on the tree crowns, the sun's halo, the sky and
ground gradients) are learnable from the label.

Every scene is drawn from ``numpy.random.default_rng([seed, index])``, so
scene ``i`` is the same whatever the number of scenes asked for; the training
split uses seed 0 and the held-out split seed 1 (disjoint draws). Rendering
1,024 scenes takes about 20 s, so a split is rendered once per size and kept
on disk (``$KERAS_GANS_CACHE`` or ``~/.cache/keras_gans``, see
``keras_gans.data.disk_cache``).
"""

import functools
import hashlib
import inspect

import numpy as np

from keras_gans.data import disk_cache

CLASSES = ("sky", "ground", "building", "window", "tree", "trunk", "sun")
# Datasets whose inputs are colour-coded label maps: resized by nearest neighbour (keras_gans.sample).
LABEL_MAP_DATASETS = ("label2scene",)
# The label map's colour of each class (Cityscapes-like palette), RGB in [0, 255].
PALETTE = np.array(
    [[70, 130, 180], [152, 251, 152], [70, 70, 70], [250, 170, 30], [107, 142, 35], [153, 153, 153],
     [220, 220, 0]], dtype="float32")
BUILDING_COLOURS = np.array([[0.62, 0.32, 0.24], [0.78, 0.70, 0.55], [0.55, 0.56, 0.60]], dtype="float32")
_PALETTE_IMAGE = (PALETTE / 127.5 - 1.0).astype("float32")
SPLITS = {"train": (0, 1024), "test": (1, 128)}  # split -> (seed, number of scenes)


def _scene(rng, size):
    s = float(size)
    yy, xx = np.mgrid[0:size, 0:size].astype("float32")
    labels = np.zeros((size, size), dtype="int32")
    photo = np.zeros((size, size, 3), dtype="float32")

    horizon = s * rng.uniform(0.5, 0.7) + s * rng.uniform(0.0, 0.05) * np.sin(
        2 * np.pi * rng.uniform(0.5, 1.5) * xx / s + rng.uniform(0, 2 * np.pi))
    ground = yy >= horizon
    labels[ground] = 1

    # Sky: deep blue at the top to pale at the horizon.
    t = np.clip(yy / horizon, 0, 1)[..., None]
    photo[:] = (1 - t) * np.array([0.16, 0.35, 0.75]) + t * np.array([0.70, 0.82, 0.95])
    # Ground: green, lighter towards the horizon, with vertical grass-blade noise.
    depth = np.clip((yy - horizon) / (s - horizon + 1.0), 0, 1)[..., None]
    grass = (1 - depth) * np.array([0.45, 0.65, 0.30]) + depth * np.array([0.20, 0.45, 0.12])
    blades = rng.normal(0, 1, (size, size)).astype("float32")
    blades = (blades + np.roll(blades, 1, axis=0) + np.roll(blades, 2, axis=0)) / 3.0
    photo[ground] = grass[ground] + 0.10 * blades[ground][:, None]

    # Sun (half of the scenes), with a halo that brightens the sky around it.
    if rng.uniform() < 0.5:
        cx, cy, r = rng.uniform(0.1, 0.9) * s, rng.uniform(0.08, 0.3) * s, rng.uniform(0.05, 0.09) * s
        dist = np.sqrt((xx - cx) ** 2 + (yy - cy) ** 2)
        halo = np.clip(1 - (dist - r) / (2.5 * r), 0, 1)[..., None] * (~ground)[..., None]
        photo = photo * (1 - 0.5 * halo) + 0.5 * halo * np.array([1.0, 0.95, 0.7])
        sun = (dist <= r) & ~ground
        labels[sun] = 6
        photo[sun] = [1.0, 0.93, 0.45]

    # Buildings standing on the horizon: bricks (courses every 4 px from the top,
    # joints every 8 px, offset on alternate courses) and a grid of windows.
    for _ in range(rng.integers(1, 4)):
        width, height = rng.uniform(0.12, 0.3) * s, rng.uniform(0.2, 0.5) * s
        left = rng.uniform(0, s - width)
        base = horizon[0, int(np.clip(left + width / 2, 0, size - 1))] + 0.03 * s
        top = base - height
        inside = (xx >= left) & (xx < left + width) & (yy >= top) & (yy < base)
        labels[inside] = 2
        colour = BUILDING_COLOURS[rng.integers(len(BUILDING_COLOURS))]
        row = np.floor((yy - top) / 4.0)
        mortar = ((yy - top) % 4.0 < 1.0) | (((xx - left) + 4.0 * (row % 2)) % 8.0 < 1.0)
        photo[inside] = np.where(mortar[inside][:, None], 0.85 * colour + 0.1, colour)
        period = rng.choice([8.0, 10.0])
        wx, wy = (xx - left - 3) % period, (yy - top - 4) % period
        window = inside & (wx < period / 2) & (wy < period / 2) & (xx < left + width - 3) & (yy < base - 6)
        labels[window] = 3
        shine = np.clip((wx + wy) / period, 0, 1)[..., None]
        glass = (1 - shine) * np.array([0.12, 0.18, 0.30]) + shine * np.array([0.55, 0.65, 0.80])
        photo[window] = glass[window]

    # Trees on the ground: a trunk and a round crown lit from the upper left, with leaf noise.
    for _ in range(rng.integers(1, 4)):
        cx, r = rng.uniform(0.05, 0.95) * s, rng.uniform(0.06, 0.12) * s
        foot = horizon[0, int(np.clip(cx, 0, size - 1))] + rng.uniform(0.05, 0.25) * s
        cy = foot - 1.6 * r
        trunk = (np.abs(xx - cx) < 0.18 * r) & (yy >= cy) & (yy < foot)
        labels[trunk] = 5
        photo[trunk] = [0.40, 0.26, 0.13]
        dist = np.sqrt((xx - cx) ** 2 + (yy - cy) ** 2)
        crown = dist <= r
        labels[crown] = 4
        light = np.clip(0.5 - ((xx - cx) + (yy - cy)) / (2.8 * r), 0, 1)[..., None]
        leaves = rng.normal(0, 1, (size, size)).astype("float32")[..., None]
        shade = (1 - light) * np.array([0.08, 0.25, 0.06]) + light * np.array([0.35, 0.62, 0.22])
        photo[crown] = (shade + 0.07 * leaves)[crown]

    return labels, np.clip(photo, 0.0, 1.0)


def label_map_image(labels):
    """Class indices (..., H, W) -> the colour-coded label map (..., H, W, 3) in [-1, 1]."""
    return _PALETTE_IMAGE[np.asarray(labels)]


def label2scene(split="train", size=128, num_examples=None):
    """The label-map -> scene pairs of one split.

    Args:
        split: 'train' (1,024 scenes, seed 0) or 'test' (128 held-out scenes, seed 1).
        size: height and width (128; any size >= 16).
        num_examples: the first this many scenes of the split (default: all).

    Returns:
        ``(label_maps, photos, classes)``: float32 (N, size, size, 3) twice in
        [-1, 1] and int32 (N, size, size) class indices (see :data:`CLASSES`).

    Raises:
        ValueError: unknown split, size below 16 or a non-positive count.

    Example:
    ```python
    labels, photos, classes = keras_gans.data.scenes.label2scene("test", size=64)
    ```
    """
    if split not in SPLITS:
        raise ValueError(f"`split` must be one of {sorted(SPLITS)}. Received: split={split!r}")
    if int(size) < 16:
        raise ValueError(f"`size` must be >= 16. Received: size={size}")
    size = int(size)
    seed, count = SPLITS[split]
    count = count if num_examples is None else int(num_examples)
    if count <= 0:
        raise ValueError(f"`num_examples` must be positive. Received: num_examples={num_examples}")
    name = f"label2scene_{split}_{size}_{count}_{disk_cache.cache_key(_RENDERER, seed, size, count)}"
    arrays = disk_cache.cached_arrays("scenes", name, lambda: _render(seed, size, count))
    classes = arrays["classes"].astype("int32")
    return label_map_image(classes), arrays["photos"], classes


def _render(seed, size, count):
    classes = np.empty((count, size, size), dtype="uint8")
    photos = np.empty((count, size, size, 3), dtype="float32")
    for i in range(count):
        classes[i], photo = _scene(np.random.default_rng([seed, i]), size)
        photos[i] = photo * 2.0 - 1.0
    return {"classes": classes, "photos": photos}


# The cache key holds the rendering code itself: editing it renders again.
def _renderer_id():
    try:
        code = inspect.getsource(_scene) + inspect.getsource(_render)
    except OSError:  # no source files (a frozen install): the bytecode says the same
        code = repr((_scene.__code__.co_code, _scene.__code__.co_consts, _render.__code__.co_code))
    return hashlib.sha1(code.encode()).hexdigest()[:12]


_RENDERER = _renderer_id()


@functools.lru_cache(maxsize=4)
def _cached(split, size, num_examples):
    return label2scene(split, size, num_examples)


def label2scene_pairs(split="train", size=128, image_size=None, num_examples=None):
    """``(label_maps, photos, None)`` for ``load_paired("label2scene")``: computed once per process, copied out.

    ``image_size=(s, s)`` (the command line's ``--image_size``) renders at ``s`` instead of ``size``.

    Raises:
        ValueError: a non-square ``image_size``, or the errors of :func:`label2scene`.
    """
    if image_size is not None:
        if int(image_size[0]) != int(image_size[1]):
            raise ValueError(f"label2scene renders square scenes. Received: image_size={tuple(image_size)}")
        size = int(image_size[0])
    label_maps, photos, _ = _cached(split, int(size), num_examples)
    return label_maps.copy(), photos.copy(), None
