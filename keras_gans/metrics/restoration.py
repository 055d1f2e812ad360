"""Restoration quality: PSNR / SSIM on the Y channel (SR convention) and PSNR in a hole.

Pure functions on numpy or tensors of images in [-1, 1]; each returns one
value per image as float64 numpy so callers choose how to average.
"""

import numpy as np
import tensorflow as tf

# ITU-R BT.601 luma for [0, 1] RGB -> Y in [16, 235] (MATLAB's rgb2ycbcr, used by SR papers).
_Y_WEIGHTS = np.array([65.481, 128.553, 24.966], dtype="float64")


def _as_255(images, name):
    images = np.asarray(images, dtype="float64")
    if images.ndim != 4 or images.shape[-1] not in (1, 3):
        raise ValueError(f"`{name}` must be (N, H, W, 1|3) images. Received shape {images.shape}.")
    return (np.clip(images, -1.0, 1.0) + 1.0) * 127.5


def rgb_to_y(images):
    """Luma Y in [16, 235] of RGB images in [-1, 1]; single-channel images pass through scaled to [0, 255].

    Returns:
        float64 numpy (N, H, W, 1).
    """
    pixels = _as_255(images, "images")
    if pixels.shape[-1] == 1:
        return pixels
    return 16.0 + (pixels / 255.0) @ _Y_WEIGHTS[:, None]


def _y_pair(reference, test, crop_border):
    if int(crop_border) < 0:
        raise ValueError(f"`crop_border` must be >= 0. Received: crop_border={crop_border}")
    ref, out = rgb_to_y(reference), rgb_to_y(test)
    if ref.shape != out.shape:
        raise ValueError(f"`reference` and `test` must have the same shape. Received {ref.shape} and {out.shape}.")
    if crop_border:
        ref = ref[:, crop_border:-crop_border, crop_border:-crop_border]
        out = out[:, crop_border:-crop_border, crop_border:-crop_border]
    if ref.shape[1] <= 0 or ref.shape[2] <= 0:
        raise ValueError(f"Images of shape {reference.shape} leave nothing after a border crop of {crop_border}.")
    # Quantise as the literature does: metrics are computed on 8-bit Y.
    return np.round(ref), np.round(out)


def psnr_y(reference, test, crop_border=4):
    """PSNR (dB) on the Y channel after cropping ``crop_border`` pixels each side.

    SR papers crop ``scale`` pixels (4 for x4) because the borders lack context.

    Args:
        reference: ground-truth images (N, H, W, 1|3) in [-1, 1].
        test: restored images, same shape.
        crop_border: pixels removed from every side.

    Returns:
        float64 numpy (N,) of PSNR values (``tf.image.psnr`` with max_val=255).

    Reference: Ledig et al. 2017, Section 3.2 (Y channel, 4-pixel border crop).
    """
    ref, out = _y_pair(reference, test, crop_border)
    return tf.image.psnr(tf.constant(ref, tf.float64), tf.constant(out, tf.float64), max_val=255.0).numpy()


def ssim_y(reference, test, crop_border=4):
    """SSIM on the Y channel after the border crop (``tf.image.ssim``, 11x11 Gaussian, max_val=255).

    Returns:
        float64 numpy (N,).
    """
    ref, out = _y_pair(reference, test, crop_border)
    if min(ref.shape[1:3]) < 11:
        raise ValueError(f"SSIM needs at least 11x11 pixels after the crop. Received {ref.shape[1:3]}.")
    value = tf.image.ssim(tf.constant(ref, tf.float32), tf.constant(out, tf.float32), max_val=255.0)
    return value.numpy().astype("float64")


def hole_psnr(reference, test, mask):
    """PSNR (dB) over the hole pixels only, images in [-1, 1] (peak-to-peak 2).

    Args:
        reference: original images (N, H, W, C) in [-1, 1].
        test: completed images, same shape.
        mask: (N, H, W, 1) with 1 in the hole.

    Returns:
        float64 numpy (N,); images without a hole raise.
    """
    ref, out = np.asarray(reference, "float64"), np.clip(np.asarray(test, "float64"), -1.0, 1.0)
    mask = np.broadcast_to(np.asarray(mask, "float64"), ref.shape)
    if ref.shape != out.shape:
        raise ValueError(f"`reference` and `test` must have the same shape. Received {ref.shape} and {out.shape}.")
    area = mask.reshape(len(mask), -1).sum(axis=1)
    if np.any(area == 0):
        raise ValueError("Every mask must contain a hole (a 1 pixel).")
    mse = (mask * (ref - out) ** 2).reshape(len(mask), -1).sum(axis=1) / area
    return 10.0 * np.log10(4.0 / np.maximum(mse, 1e-12))


def high_frequency_energy(images):
    """Mean squared response of the 4-neighbour Laplacian, per image: how much fine detail it holds.

    ``L = 4 x[i, j] - x[i-1, j] - x[i+1, j] - x[i, j-1] - x[i, j+1]`` on the interior
    pixels (no padding), squared and averaged over pixels and channels. A flat image
    scores 0; blur lowers the score and sharp edges raise it.

    Args:
        images: (N, H, W, C), H and W >= 3, any value range (use the same for
            the images you compare).

    Returns:
        float64 numpy (N,).
    """
    x = np.asarray(images, "float64")
    if x.ndim != 4 or x.shape[1] < 3 or x.shape[2] < 3:
        raise ValueError(f"Expected images (N, H, W, C) with H, W >= 3. Received shape {x.shape}.")
    lap = (4.0 * x[:, 1:-1, 1:-1] - x[:, :-2, 1:-1] - x[:, 2:, 1:-1] - x[:, 1:-1, :-2] - x[:, 1:-1, 2:])
    return (lap**2).reshape(len(x), -1).mean(axis=1)


def high_frequency_ratio(reference, test):
    """Mean high-frequency energy of ``test`` over that of ``reference`` (pix2pix's sharpness question).

    1.0: outputs as detailed as the targets; below 1: blurrier (an L1-only
    generator averages plausible outputs); above 1: noisier or harsher edges.
    Means are over the whole sets, so the two sets may differ in size.

    Raises:
        ValueError: a set that is not (N, H, W, C), or a reference with no detail at all.
    """
    ref = high_frequency_energy(reference).mean()
    if ref <= 0:
        raise ValueError("The reference images are flat (zero high-frequency energy); the ratio is undefined.")
    return float(high_frequency_energy(test).mean() / ref)
