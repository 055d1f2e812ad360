import numpy as np
import pytest

from keras_gans.data import masks as mk


def test_masks_are_single_rectangles_within_size_bounds():
    masks = mk.random_rectangle_masks(50, 28, 30, 4, 9, seed=0)
    assert masks.shape == (50, 28, 30, 1)
    for mask in masks[..., 0]:
        rows, cols = np.nonzero(mask)
        h, w = rows.max() - rows.min() + 1, cols.max() - cols.min() + 1
        assert 4 <= h <= 9 and 4 <= w <= 9
        assert mask.sum() == h * w  # a filled rectangle


def test_masks_are_seeded():
    np.testing.assert_array_equal(mk.random_rectangle_masks(3, 8, 8, 2, 4, seed=5), mk.random_rectangle_masks(3, 8, 8, 2, 4, seed=5))


def test_completion_dataset_pairs_images_and_masks():
    images = np.random.default_rng(0).uniform(-1, 1, (10, 16, 16, 3)).astype("float32")
    x, m = next(iter(mk.completion_dataset(images, batch_size=4, min_size=3, max_size=6)))
    assert x.shape == (4, 16, 16, 3) and m.shape == (4, 16, 16, 1)
    assert set(np.unique(m)) == {0.0, 1.0}


def test_photo_crops_and_digits():
    crops, labels = mk.load_completion("photos", num=3, size=32)
    assert crops.shape == (3, 32, 32, 3) and labels is None
    digits, labels = mk.load_completion("mnist_5k", num=5)
    assert digits.shape == (5, 28, 28, 1) and labels.shape == (5,)


def test_masks_reject_bad_inputs():
    with pytest.raises(ValueError, match="min_size"):
        mk.random_rectangle_masks(1, 8, 8, 5, 9)
    with pytest.raises(ValueError, match="batch_size"):
        mk.completion_dataset(np.zeros((2, 8, 8, 1)), batch_size=3)
    with pytest.raises(ValueError, match="Unknown completion dataset"):
        mk.load_completion("celeba")
