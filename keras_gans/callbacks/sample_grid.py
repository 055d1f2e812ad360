"""Writes a grid of samples from fixed latent vectors at the end of each epoch."""

import io
import os

import keras
import numpy as np

from keras_gans.output_files import write_bytes_atomic
from keras_gans.output_files import writing


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


class SampleGrid(keras.callbacks.Callback):
    """Saves ``epoch_0001.png, epoch_0002.png, ...`` from the same latent vectors every epoch.

    Fixed latent vectors make epochs comparable. With ``log_dir``, the grid is
    also written as a TensorBoard image summary.

    Args:
        output_dir: where PNGs go.
        num_samples: images per grid.
        seed: seed of the fixed latent vectors.
        log_dir: optional TensorBoard log directory.
    """

    def __init__(self, output_dir, num_samples=64, seed=0, log_dir=None):
        super().__init__()
        if num_samples <= 0:
            raise ValueError(f"`num_samples` must be positive. Received: num_samples={num_samples}")
        self.output_dir = output_dir
        self.num_samples = num_samples
        self.seed = seed
        self.log_dir = log_dir
        self._writer = None
        self.paths = []

    def on_epoch_end(self, epoch, logs=None):
        import tensorflow as tf

        with writing(self.output_dir, "samples_dir"):
            os.makedirs(self.output_dir, exist_ok=True)
        z = self.model.latent_vectors(self.num_samples, seed=self.seed)
        images = keras.ops.convert_to_numpy(self.model.generator(z, training=False))
        if images.ndim != 4:
            return  # not an image model (e.g. 2-D points): nothing to tile
        grid = image_grid(images)
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
