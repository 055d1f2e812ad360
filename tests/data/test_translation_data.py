import numpy as np
import pytest
import tensorflow_datasets as tfds
from PIL import Image

from keras_gans import data
from keras_gans.data import paired
from keras_gans.data import unpaired


def test_edges2digits_pairs_edges_with_their_digit():
    edges, digits, labels = paired.edges2digits()
    assert edges.shape == digits.shape == (5000, 32, 32, 1) and labels.shape == (5000,)
    assert edges.min() >= -1 and edges.max() <= 1
    # Edges lie on and around the strokes: every edge pixel is within one pixel of ink.
    import scipy.ndimage as ndi

    ink = ndi.binary_dilation(digits[:50, ..., 0] > -1.0, structure=np.ones((1, 3, 3)))
    assert np.all(~(edges[:50, ..., 0] > -1.0) | ink)
    assert (edges[:, 0, :] == -1).all()  # padded with background


def test_load_paired_batches_pairs():
    inputs, targets = next(iter(data.load_paired("edges2digits", batch_size=4, seed=0)))
    assert inputs.shape == targets.shape == (4, 32, 32, 1)


def test_edges2digits_train_leaves_out_the_classifiers_held_out_digits():
    """The zoo's pix2pix trains here and is scored on the 500 digits held out from the shipped classifier."""
    from keras_gans.data.builtin import mnist_5k
    from keras_gans.metrics.mnist_classifier import holdout_split

    inputs, targets, labels = paired.load_paired_arrays("edges2digits_train")
    digits, all_labels = mnist_5k()
    train, held = holdout_split(all_labels)
    assert len(inputs) == len(train) == 4500 and not np.isin(train, held).any()
    np.testing.assert_array_equal(targets, paired.pad_digits(digits[train], 32))
    np.testing.assert_array_equal(labels, all_labels[train])


def test_gray2color_photos():
    gray, color, _ = paired.gray2color_photos(num_examples=20, crop=16, seed=0)
    assert gray.shape == (20, 16, 16, 1) and color.shape == (20, 16, 16, 3)
    # The luminance of the target is the input.
    from skimage.color import rgb2gray

    np.testing.assert_allclose(rgb2gray((color + 1) / 2) * 2 - 1, gray[..., 0], atol=1e-5)


def test_side_by_side_folder(tmp_path):
    rng = np.random.default_rng(0)
    for i in range(3):
        Image.fromarray(rng.integers(0, 256, (8, 16, 3), dtype=np.uint8)).save(tmp_path / f"{i}.png")
    inputs, targets, _ = data.load_paired_arrays(f"folder:{tmp_path}")
    assert inputs.shape == targets.shape == (3, 8, 8, 3)
    first = np.asarray(Image.open(tmp_path / "0.png"), "float32") / 127.5 - 1
    np.testing.assert_allclose(inputs[0], first[:, :8], atol=1e-6)
    np.testing.assert_allclose(targets[0], first[:, 8:], atol=1e-6)
    swapped, _, _ = paired.side_by_side_folder(str(tmp_path), direction="b_to_a")
    np.testing.assert_array_equal(swapped, targets)
    Image.fromarray(np.zeros((8, 15, 3), np.uint8)).save(tmp_path / "odd.png")
    with pytest.raises(ValueError, match="shape"):
        data.load_paired_arrays(f"folder:{tmp_path}")


def test_thin2thick_digits_are_two_domains_without_pairs():
    thin, thick, labels_a, labels_b = unpaired.thin2thick_digits()
    assert thin.shape[1:] == thick.shape[1:] == (32, 32, 1)
    assert len(thin) > 2400 and len(thick) == 2500
    ink = lambda x: float(np.mean(x > 0))  # noqa: E731
    assert ink(thick) > 2.5 * ink(thin)
    # Disjoint halves: no thin digit is an eroded copy of a thick one's source.
    assert len(labels_a) == len(thin) and len(labels_b) == len(thick)


def test_stroke_width_thins_by_half_a_pixel_and_thickens_by_one():
    # A full-height vertical bar 3 pixels wide (ink 1 = +1, background -1).
    bar = -np.ones((1, 8, 8, 1), "float32")
    bar[0, :, 3:6] = 1.0
    thin = unpaired.stroke_width(bar, "thin")[0, 4, :, 0]
    # At 2x the bar is 6 sub-pixels wide; the cross erosion removes one sub-pixel
    # per side (4 left); averaging 2x2 blocks back gives ink [.5, 1, .5] on
    # columns 3..5, i.e. [0, 1, 0] in [-1, 1]: half a pixel off each side.
    np.testing.assert_allclose(thin, [-1, -1, -1, 0, 1, 0, -1, -1], atol=1e-6)
    # Dilation with the cross: one pixel more on each side (columns 2..6).
    thick = unpaired.stroke_width(bar, "thick")[0, 4, :, 0]
    np.testing.assert_allclose(thick, [-1, -1, 1, 1, 1, 1, 1, -1], atol=1e-6)
    with pytest.raises(ValueError, match="`operation` must be 'thin' or 'thick'"):
        unpaired.stroke_width(bar, "bold")


def test_load_unpaired_zips_independent_domains():
    a, b = next(iter(data.load_unpaired("thin2thick_digits", batch_size=4, seed=0)))
    assert a.shape == b.shape == (4, 32, 32, 1)
    assert float(np.mean(b.numpy() > 0)) > float(np.mean(a.numpy() > 0))


def test_unpaired_folders(tmp_path):
    for domain, value in (("a", 0), ("b", 255)):
        (tmp_path / domain).mkdir()
        for i in range(2):
            Image.fromarray(np.full((8, 8), value, np.uint8)).save(tmp_path / domain / f"{i}.png")
    a, b = next(iter(data.load_unpaired(f"folder:{tmp_path / 'a'},{tmp_path / 'b'}", batch_size=2)))
    assert np.all(a.numpy() == -1) and np.all(b.numpy() == 1)
    with pytest.raises(ValueError, match="folder:<pathA>,<pathB>"):
        data.load_unpaired(f"folder:{tmp_path / 'a'}", batch_size=2)


def test_tfds_cycle_gan_with_mock_data():
    with tfds.testing.mock_data(num_examples=6):
        a, b = next(iter(data.load_unpaired("tfds:cycle_gan/horse2zebra", batch_size=2, image_size=(16, 16))))
    assert a.shape == b.shape == (2, 16, 16, 3)
    assert float(np.min(a)) >= -1 and float(np.max(a)) <= 1


@pytest.mark.parametrize("load, match", [
    pytest.param(lambda: data.load_paired("edges2shoes"), "Unknown paired dataset", id="unknown-paired"),
    pytest.param(lambda: data.load_unpaired("horse2zebra"), "Unknown unpaired dataset", id="unknown-unpaired"),
    pytest.param(lambda: data.load_unpaired("thin2thick_digits", batch_size=0),
                 "`batch_size` must be a positive integer", id="zero-batch"),
    pytest.param(lambda: data.load_paired("gray2color_photos", batch_size=100, num_examples=10),
                 "larger than the dataset", id="batch-larger-than-dataset"),
])
def test_bad_names_and_batch_sizes(load, match):
    with pytest.raises(ValueError, match=match):
        load()
