"""Measures of translated scenes (label2scene): L1, Frechet distance of scene statistics, sharpness.

The measures of ``benchmarks/pix2pixhd.py`` (pix2pix against pix2pixHD) and of the zoo's
``paired_scenes`` kind. Images are RGB in [-1, 1], ``(N, H, W, 3)`` with H and W divisible by 8.
"""

import numpy as np


def _luminance(images):
    rgb = (np.asarray(images, dtype="float64") + 1.0) / 2.0
    return rgb @ np.array([0.299, 0.587, 0.114])


def _filter(lum, kernel):
    from scipy.ndimage import convolve

    return np.stack([convolve(image, kernel, mode="reflect") for image in lum])


LAPLACIAN = np.array([[0, 1, 0], [1, -4, 1], [0, 1, 0]], dtype="float64")
SOBEL = np.array([[1, 0, -1], [2, 0, -2], [1, 0, -1]], dtype="float64") / 4.0


def luminance_detail(images):
    """Mean squared Laplacian of the luminance, over every pixel of every image."""
    return float(np.mean(_filter(_luminance(images), LAPLACIAN) ** 2))


def scene_statistics(images):
    """(N, 108) features: RGB mean/std, mean |Sobel x|, |Sobel y|, |Laplacian| per 2x2 cell at 3 scales."""
    images = np.asarray(images, dtype="float64")
    features = []
    for _ in range(3):
        lum = _luminance(images)
        maps = [np.abs(_filter(lum, SOBEL)), np.abs(_filter(lum, SOBEL.T)), np.abs(_filter(lum, LAPLACIAN))]
        h, w = images.shape[1] // 2, images.shape[2] // 2
        for i in range(2):
            for j in range(2):
                cell = images[:, i * h:(i + 1) * h, j * w:(j + 1) * w]
                features += [cell.mean(axis=(1, 2)), cell.std(axis=(1, 2))]
                features += [m[:, i * h:(i + 1) * h, j * w:(j + 1) * w].mean(axis=(1, 2))[:, None] for m in maps]
        n, hh, ww, c = images.shape
        images = images.reshape(n, hh // 2, 2, ww // 2, 2, c).mean(axis=(2, 4))
    return np.concatenate(features, axis=1)


def evaluate(outputs, targets):
    """Held-out L1, Frechet distance of :func:`scene_statistics` and sharpness (1 = the targets')."""
    from keras_gans.metrics.frechet import frechet_distance

    return {
        "l1": float(np.mean(np.abs(outputs - targets))),
        "frechet_scene_statistics": float(frechet_distance(scene_statistics(outputs), scene_statistics(targets))),
        "sharpness": luminance_detail(outputs) / luminance_detail(targets),
    }
