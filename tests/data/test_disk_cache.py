"""The on-disk cache of synthesised data sets: built once, read back equal, damage and read-only folders survived."""

import os

import numpy as np

from keras_gans.data import disk_cache
from keras_gans.data import scenes


def test_built_once_then_read_back_equal_and_a_damaged_file_is_built_again(tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_GANS_CACHE", str(tmp_path))
    calls = []

    def build():
        calls.append(1)
        return {"x": np.arange(6, dtype="float32").reshape(2, 3), "names": np.asarray(["a", "bc"])}

    first = disk_cache.cached_arrays("kind", "name", build)
    second = disk_cache.cached_arrays("kind", "name", build)
    assert len(calls) == 1 and os.listdir(tmp_path / "kind") == ["name.npz"]
    for key in first:
        np.testing.assert_array_equal(first[key], second[key])
        assert first[key].dtype == second[key].dtype
    (tmp_path / "kind" / "name.npz").write_bytes(b"not a zip file")
    np.testing.assert_array_equal(disk_cache.cached_arrays("kind", "name", build)["x"], first["x"])
    assert len(calls) == 2
    np.testing.assert_array_equal(disk_cache.cached_arrays("kind", "name", build)["x"], first["x"])
    assert len(calls) == 2  # the rebuilt file replaced the damaged one


def test_an_unwritable_cache_folder_still_returns_the_arrays(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder would go")
    monkeypatch.setenv("KERAS_GANS_CACHE", str(blocker))
    arrays = disk_cache.cached_arrays("kind", "name", lambda: {"x": np.ones(3)})
    np.testing.assert_array_equal(arrays["x"], np.ones(3))


def test_cached_scenes_equal_freshly_rendered_ones(tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_GANS_CACHE", str(tmp_path))
    labels, photos, classes = scenes.label2scene("test", size=16, num_examples=3)
    assert len(os.listdir(tmp_path / "scenes")) == 1
    again = scenes.label2scene("test", size=16, num_examples=3)  # read from the file
    for fresh, cached in zip((labels, photos, classes), again, strict=True):
        np.testing.assert_array_equal(fresh, cached)
        assert fresh.dtype == cached.dtype
    rendered_classes, rendered_photo = scenes._scene(np.random.default_rng([1, 2]), 16)
    np.testing.assert_array_equal(classes[2], rendered_classes)
    np.testing.assert_array_equal(photos[2], rendered_photo * 2.0 - 1.0)
