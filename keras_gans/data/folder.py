"""Images from a directory: ``folder:<path>``, one sub-folder per class if labelled."""

import os

import numpy as np

IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp")


def _list_images(root):
    files = []
    for dirpath, _, names in sorted(os.walk(root)):
        for name in sorted(names):
            if name.lower().endswith(IMAGE_EXTENSIONS):
                files.append(os.path.join(dirpath, name))
    return files


def _read(path, channels, image_size):
    from PIL import Image
    from PIL import UnidentifiedImageError

    try:
        with Image.open(path) as img:
            img.load()
            mode = img.mode
            if channels is None:
                channels = 1 if mode in ("L", "1", "I", "I;16", "F") else 3
            actual = 1 if mode in ("L", "1", "I", "I;16", "F") else 3
            img = img.convert("L" if channels == 1 else "RGB")
            if image_size is not None:
                img = img.resize((image_size[1], image_size[0]), Image.BICUBIC)
            array = np.asarray(img, dtype="float32")
    except (UnidentifiedImageError, OSError, SyntaxError) as error:
        raise ValueError(f"Cannot read image {path!r}: {error}. Expected a valid image file.") from None
    if array.ndim == 2:
        array = array[..., None]
    return array, actual


def load_folder(path, image_size=None, channels=None, with_labels=False):
    """Reads every image under ``path`` into memory, scaled to [-1, 1].

    Args:
        path: a directory. With ``with_labels``, each immediate sub-folder is a
            class (sorted names give labels 0..K-1).
        image_size: ``(height, width)`` to resize to; None requires all images
            to share one size.
        channels: 1 or 3 to convert to; None requires all images to share the
            first image's colour mode (grayscale or RGB).
        with_labels: also return labels from sub-folder names.

    Returns:
        ``(images, labels, class_names)``; labels and class_names are None
        unless ``with_labels``.

    Raises:
        ValueError: missing or empty folder, unreadable image, mixed sizes or
            colour modes.
    """
    if not os.path.isdir(path):
        raise ValueError(f"`folder:` path {path!r} is not a directory.")
    if channels not in (None, 1, 3):
        raise ValueError(f"`channels` must be 1 or 3. Received: channels={channels}")
    if with_labels:
        class_names = sorted(d for d in os.listdir(path) if os.path.isdir(os.path.join(path, d)))
        if not class_names:
            raise ValueError(
                f"Folder {path!r} has no class sub-folders; labelled loading expects "
                "one sub-folder of images per class."
            )
        files, labels = [], []
        for index, name in enumerate(class_names):
            found = _list_images(os.path.join(path, name))
            files += found
            labels += [index] * len(found)
    else:
        class_names, files, labels = None, _list_images(path), None
    if not files:
        raise ValueError(
            f"Folder {path!r} contains no images; expected files ending in {IMAGE_EXTENSIONS}."
        )
    arrays = []
    first_shape = first_channels = None
    for file in files:
        array, actual = _read(file, channels, image_size)
        if first_shape is None:
            first_shape, first_channels = array.shape, actual
        if channels is None and actual != first_channels:
            raise ValueError(
                f"Image {file!r} has {actual} channel(s) but {files[0]!r} has {first_channels}; "
                "pass channels=1 or channels=3 to convert all images."
            )
        if array.shape != first_shape:
            raise ValueError(
                f"Image {file!r} has shape {array.shape} but {files[0]!r} has {first_shape}; "
                "pass image_size=(height, width) to resize all images."
            )
        arrays.append(array)
    images = np.stack(arrays) / 127.5 - 1.0
    labels = None if labels is None else np.asarray(labels, dtype="int32")
    return images.astype("float32"), labels, class_names
