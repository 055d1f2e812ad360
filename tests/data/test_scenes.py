"""label2scene: deterministic by seed, a disjoint held-out split, label maps that match the classes."""

import numpy as np
import pytest

from keras_gans.data import load_paired
from keras_gans.data import scenes


def test_scenes_are_deterministic_and_the_held_out_split_differs():
    labels, photos, classes = scenes.label2scene("train", size=32, num_examples=6)
    again = scenes.label2scene("train", size=32, num_examples=3)
    np.testing.assert_array_equal(photos[:3], again[1])  # scene i does not depend on how many are drawn
    test_photos = scenes.label2scene("test", size=32, num_examples=6)[1]
    assert min(np.abs(p - q).mean() for p in photos for q in test_photos) > 0.01
    assert labels.shape == photos.shape == (6, 32, 32, 3) and classes.shape == (6, 32, 32)
    assert labels.dtype == photos.dtype == np.float32 and photos.min() >= -1 and photos.max() <= 1
    np.testing.assert_array_equal(labels, scenes.label_map_image(classes))
    # Every scene has sky, ground and at least one building and one tree crown.
    for c in classes:
        assert {0, 1, 2, 4} <= set(np.unique(c))


def test_load_paired_and_its_errors():
    ds = load_paired("label2scene", batch_size=4, image_size=(32, 32))
    inputs, targets = next(iter(ds))
    assert inputs.shape == targets.shape == (4, 32, 32, 3)
    with pytest.raises(ValueError, match="`split` must be one of \\['test', 'train'\\]. Received: split='val'"):
        scenes.label2scene("val")
    with pytest.raises(ValueError, match="`size` must be >= 16. Received: size=8"):
        scenes.label2scene(size=8)
    with pytest.raises(ValueError, match="square scenes. Received: image_size=\\(32, 64\\)"):
        scenes.label2scene_pairs(image_size=(32, 64))
