import numpy as np
import pytest
import tensorflow as tf

from keras_gans.data import sr_patches


def test_train_and_eval_photos_are_disjoint():
    assert not set(sr_patches.TRAIN_PHOTOS) & set(sr_patches.EVAL_PHOTOS)
    assert set(sr_patches.NATURAL_PHOTOS) <= set(sr_patches.TRAIN_PHOTOS)


def test_scikit_learn_photos_load_as_rgb_in_range():
    from sklearn.datasets import load_sample_image

    china = sr_patches.photo("china")
    assert china.shape == (427, 640, 3) and china.dtype == np.float32
    raw = load_sample_image("china.jpg")
    np.testing.assert_allclose(china, raw / 127.5 - 1.0, atol=1e-6)


def test_load_sr_crops_only_the_named_photos():
    def crops(photos):
        data = sr_patches.load_sr("skimage", batch_size=8, hr_size=32, num_patches=None, photos=photos)
        return next(iter(data))[1].numpy()

    grey = crops(("text", "page"))  # greyscale photos are stacked to RGB
    assert np.array_equal(grey[..., 0], grey[..., 1]) and np.array_equal(grey[..., 1], grey[..., 2])
    colour = crops(("china",))
    assert all(np.abs(c[..., 0] - c[..., 2]).max() > 0.05 for c in colour)


def test_sr_patches_pairs_are_bicubic_x4():
    lr, hr = sr_patches.sr_patches(6, hr_size=32, scale=4, photos=("astronaut",), seed=1)
    assert lr.shape == (6, 8, 8, 3) and hr.shape == (6, 32, 32, 3)
    assert hr.min() >= -1 and hr.max() <= 1
    np.testing.assert_allclose(lr, sr_patches.bicubic_downscale(hr, 4).numpy(), atol=1e-6)
    # the LR average colour follows the HR one (a down-scaling, not noise)
    np.testing.assert_allclose(lr.mean(axis=(1, 2)), hr.mean(axis=(1, 2)), atol=0.03)


def test_eval_pairs_whole_photos_cropped_to_the_scale():
    pairs = sr_patches.eval_pairs(scale=4, photos=("chelsea",))
    lr, hr = pairs[0]
    assert hr.shape == (1, 300, 448, 3) and lr.shape == (1, 75, 112, 3)
    lr_small, hr_small = sr_patches.eval_pairs(scale=4, photos=("chelsea",), max_side=64)[0]
    assert hr_small.shape == (1, 64, 64, 3) and lr_small.shape == (1, 16, 16, 3)


def test_load_sr_offline_batches():
    lr, hr = next(iter(sr_patches.load_sr("skimage", batch_size=4, hr_size=32, num_patches=8)))
    assert lr.shape == (4, 8, 8, 3) and hr.shape == (4, 32, 32, 3)


def test_load_sr_fresh_random_crops():
    batches = iter(sr_patches.load_sr("skimage", batch_size=4, hr_size=32, num_patches=None, seed=2))
    lr, hr = (x.numpy() for x in next(batches))
    assert lr.shape == (4, 8, 8, 3) and hr.shape == (4, 32, 32, 3)
    np.testing.assert_allclose(lr, sr_patches.bicubic_downscale(hr, 4).numpy(), atol=1e-6)
    assert not np.array_equal(next(batches)[1].numpy(), hr)  # new crops every batch
    crops = sr_patches.random_crops(16, photos=("grass",), seed=0)  # texture: no two crops alike
    seen = {next(crops).tobytes() for _ in range(8)}
    assert len(seen) == 8
    with pytest.raises(ValueError, match="at least hr_size"):
        next(sr_patches.random_crops(128, photos=("microaneurysms",)))


def test_load_sr_fresh_crops_differ_per_iterator_and_are_reproducible():
    """Every `fit` call opens a new iterator: it must not replay the last call's crops (a loop of
    short fits once trained on the same 400 crops over and over), yet a rebuilt dataset repeats."""

    def first_batches(dataset, n=2):
        batches = iter(dataset)
        return [next(batches)[1].numpy() for _ in range(n)]

    dataset = sr_patches.load_sr("skimage", batch_size=4, hr_size=32, num_patches=None, seed=5, photos=("grass",))
    first, second = first_batches(dataset), first_batches(dataset)
    assert not any(np.array_equal(a, b) for a in first for b in second)
    again = sr_patches.load_sr("skimage", batch_size=4, hr_size=32, num_patches=None, seed=5, photos=("grass",))
    np.testing.assert_array_equal(first_batches(again)[0], first[0])
    np.testing.assert_array_equal(first_batches(again)[1], second[1])


def test_load_sr_tfds_div2k_code_path_with_mock_data():
    import tensorflow_datasets as tfds

    rng = np.random.default_rng(0)
    hr_images = rng.integers(0, 256, (3, 48, 40, 3), dtype=np.uint8)
    lr_images = sr_patches.bicubic_downscale(hr_images.astype("float32") / 127.5 - 1, 4).numpy()
    lr_images = np.round((lr_images + 1) * 127.5).astype(np.uint8)

    def as_dataset(self, *args, **kwargs):
        return tf.data.Dataset.from_tensor_slices({"hr": hr_images, "lr": lr_images})

    with tfds.testing.mock_data(as_dataset_fn=as_dataset):
        lr, hr = next(iter(sr_patches.load_sr("tfds:div2k/bicubic_x4", batch_size=2, hr_size=32)))
    assert lr.shape == (2, 8, 8, 3) and hr.shape == (2, 32, 32, 3)
    # the crops are aligned: away from the crop border (the bicubic support, 2 LR pixels),
    # down-scaling the HR crop gives the LR crop up to 8-bit rounding
    again = sr_patches.bicubic_downscale(hr, 4).numpy()
    np.testing.assert_allclose(again[:, 2:-2, 2:-2], lr.numpy()[:, 2:-2, 2:-2], atol=0.01)


def test_load_sr_folder_of_hr_images(tmp_path):
    from PIL import Image

    rng = np.random.default_rng(0)
    for i in range(2):
        Image.fromarray(rng.integers(0, 256, (40, 44, 3), dtype=np.uint8)).save(tmp_path / f"{i}.png")
    lr, hr = next(iter(sr_patches.load_sr(f"folder:{tmp_path}", batch_size=3, hr_size=32, num_patches=4)))
    assert lr.shape == (3, 8, 8, 3) and hr.shape == (3, 32, 32, 3)
    np.testing.assert_allclose(sr_patches.bicubic_downscale(hr, 4).numpy(), lr, atol=1e-6)


def test_sr_data_rejects_bad_inputs(tmp_path):
    with pytest.raises(ValueError, match="scale"):
        sr_patches.sr_patches(2, hr_size=32, scale=3)
    with pytest.raises(ValueError, match="multiple of scale"):
        sr_patches.load_sr("skimage", hr_size=30)
    with pytest.raises(ValueError, match="Unknown SR dataset"):
        sr_patches.load_sr("imagenet")
    with pytest.raises(ValueError, match="holds no images"):
        sr_patches.load_sr(f"folder:{tmp_path}")
    with pytest.raises(ValueError, match="Unknown photo"):
        sr_patches.photo("lena")
    with pytest.raises(ValueError, match="non-empty subset.*'lena'"):
        sr_patches.load_sr("skimage", photos=("astronaut", "lena"))
    with pytest.raises(ValueError, match="non-empty subset"):
        sr_patches.load_sr("skimage", photos=())
