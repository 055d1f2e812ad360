"""Image grids, and a callback that writes one per epoch: samples from fixed z, or fixed inputs and their translations."""

import io
import os

import keras
import numpy as np

from keras_gans.output_files import write_bytes_atomic
from keras_gans.output_files import writing
from keras_gans.recipes.recipe import TRANSLATOR


def image_grid(images, rows=None):
    """Tiles (N, H, W, C) images in [-1, 1] into one uint8 (rows*H, cols*W, C) image."""
    images = np.asarray(images, dtype="float32")
    if images.ndim != 4:
        raise ValueError(f"`images` must be (N, H, W, C). Received shape {images.shape}.")
    n, h, w, c = images.shape
    rows = rows or int(np.floor(np.sqrt(n)))
    cols = int(np.ceil(n / rows))
    grid = np.full((rows * h, cols * w, c), -1.0, dtype="float32")
    for i in range(n):
        r, col = divmod(i, cols)
        grid[r * h : (r + 1) * h, col * w : (col + 1) * w] = images[i]
    return np.clip(np.round((grid + 1.0) * 127.5), 0, 255).astype("uint8")


def point_plot(points, size=256):
    """Draws (N, 2) points as dark dots on white, one uint8 (size, size, 1) image.

    The view is the square ``[-r, r]^2`` with ``r`` the points' largest absolute
    coordinate rounded up to an integer (so a 5x5 grid at -4..4 fills it); the
    axes through 0 are drawn in grey. y points up.
    """
    points = np.asarray(points, dtype="float64")
    if points.ndim != 2 or points.shape[1] != 2 or not len(points):
        raise ValueError(f"`points` must be (N, 2) with N >= 1. Received shape {points.shape}.")
    finite = points[np.all(np.isfinite(points), axis=1)]
    radius = max(1.0, float(np.ceil(np.abs(finite).max()))) if len(finite) else 1.0
    canvas = np.full((size, size), 255, dtype="uint8")
    middle = size // 2
    canvas[middle, :] = canvas[:, middle] = 200
    pixels = np.round((finite / radius + 1.0) / 2.0 * (size - 1)).astype(int)
    for dx in (0, 1):  # 2x2-pixel dots
        for dy in (0, 1):
            canvas[np.clip(size - 1 - pixels[:, 1] - dy, 0, size - 1), np.clip(pixels[:, 0] + dx, 0, size - 1)] = 0
    return canvas[..., None]


def save_points(points, path, size=256):
    """Saves :func:`point_plot` of ``points`` as a PNG; returns ``path``."""
    save_png(point_plot(points, size=size), path)
    return path


def text_image(lines, width=960, line_height=14):
    """Sentences drawn as black text on white, one a line (wrapped at ``width`` pixels): uint8 (H, W, 1)."""
    from PIL import Image
    from PIL import ImageDraw
    from PIL import ImageFont

    font = ImageFont.load_default()
    drawn = []
    for number, line in enumerate(lines, 1):
        words, current = str(line).split(), f"{number}."
        for word in words:
            if font.getlength(f"{current} {word}") > width - 16 and current:
                drawn.append(current)
                current = "    " + word
            else:
                current = f"{current} {word}"
        drawn.append(current)
    image = Image.new("L", (width, line_height * len(drawn) + 16), 255)
    pen = ImageDraw.Draw(image)
    for row, text in enumerate(drawn):
        pen.text((8, 8 + row * line_height), text, fill=0, font=font)
    return np.asarray(image)[..., None]


def save_text(lines, path):
    """Generated sentences to ``path``: a PNG of them (:func:`text_image`) for ``.png``, else UTF-8 text, one a line."""
    if str(path).lower().endswith(".png"):
        save_png(text_image(lines), path)
    else:
        write_bytes_atomic(path, ("\n".join(lines) + "\n").encode("utf-8"), "samples")
    return path


def translation_columns(columns):
    """Interleaves columns of images (each (N, H, W, C)) into rows ``col0[i] | col1[i] | ...``.

    Greyscale columns are repeated to three channels when another column is in
    colour (pix2pix gray -> colour). Returns ``(tiles, rows)`` for :func:`image_grid`.
    """
    columns = [np.asarray(c, dtype="float32") for c in columns]
    channels = max(c.shape[-1] for c in columns)
    columns = [np.repeat(c, channels, axis=-1) if c.shape[-1] == 1 else c for c in columns]
    shapes = {c.shape for c in columns}
    if len(shapes) != 1:
        raise ValueError(f"Grid columns must share one shape. Received shapes {sorted(shapes)}.")
    return np.stack(columns, axis=1).reshape((-1,) + columns[0].shape[1:]), len(columns[0])


def save_png(array, path):
    """Saves a uint8 (H, W, 1|3) array as PNG, atomically.

    Raises:
        OutputWriteError: the disk is full (or failing, read-only); no partial file is left.
    """
    from PIL import Image

    squeezed = array[..., 0] if array.shape[-1] == 1 else array
    buffer = io.BytesIO()
    Image.fromarray(squeezed).save(buffer, format="PNG")
    write_bytes_atomic(path, buffer.getvalue(), "samples")


def save_grid(images, path, rows=None):
    """Tiles ``images`` in [-1, 1] (see :func:`image_grid`) and saves the PNG; returns ``path``."""
    save_png(image_grid(images, rows=rows), path)
    return path


def save_translation_grid(columns, path):
    """Saves rows of ``columns[0][i] | columns[1][i] | ...`` (input | output | target ...) as one PNG."""
    tiles, rows = translation_columns(columns)
    return save_grid(tiles, path, rows=rows)


class SampleGrid(keras.callbacks.Callback):
    """Saves ``epoch_0001.png, epoch_0002.png, ...`` from the same inputs every epoch.

    Fixed latent vectors (or, for a translator, fixed input images) make
    epochs comparable. With ``log_dir``, the grid is also written as a
    TensorBoard image summary.

    Args:
        output_dir: where PNGs go.
        num_samples: images per grid (latent generators).
        seed: seed of the fixed latent vectors.
        log_dir: optional TensorBoard log directory.
        sample_fn: optional ``sample_fn(model) -> (images, rows)``; default
            by the model's task: ``model.generate(num_samples, seed=seed)`` in a
            square grid for a latent generator, its example inputs | their
            translations for a translator. A translator's recipe passes its
            input | output | target columns (:func:`translation_columns`).
    """

    def __init__(self, output_dir, num_samples=64, seed=0, log_dir=None, sample_fn=None):
        super().__init__()
        if num_samples <= 0:
            raise ValueError(f"`num_samples` must be positive. Received: num_samples={num_samples}")
        self.output_dir = output_dir
        self.num_samples = num_samples
        self.seed = seed
        self.log_dir = log_dir
        self.sample_fn = sample_fn
        self._writer = None
        self.paths = []

    def on_epoch_end(self, epoch, logs=None):
        import tensorflow as tf

        with writing(self.output_dir, "samples_dir"):
            os.makedirs(self.output_dir, exist_ok=True)
        if self.sample_fn is not None:
            images, rows = self.sample_fn(self.model)
        elif self.model.task == TRANSLATOR:
            inputs = self.model.generator_example_inputs()
            first = inputs[0] if isinstance(inputs, list) else inputs
            outputs = self.model.run_generator(inputs)
            same_size = first.shape[1:3] == outputs.shape[1:3]  # not so for super-resolution
            images, rows = translation_columns([first, outputs] if same_size else [outputs])
        else:
            images, rows = self.model.generate(self.num_samples, seed=self.seed), None
        if images.ndim != 4:
            return  # not an image model (e.g. 2-D points): nothing to tile
        grid = image_grid(images, rows=rows)
        path = os.path.join(self.output_dir, f"epoch_{epoch + 1:04d}.png")
        save_png(grid, path)
        self.paths.append(path)
        if self.log_dir is not None:
            log_dir = os.path.join(self.log_dir, "samples")
            with writing(log_dir, "logs"):
                if self._writer is None:
                    self._writer = tf.summary.create_file_writer(log_dir)
                with self._writer.as_default():
                    tf.summary.image("samples", grid[None], step=epoch + 1)
                self._writer.flush()
