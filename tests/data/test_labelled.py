"""Labelled data for conditional models: tfds (mocked), image folders, label ranges."""

import os

import keras
import numpy as np
import pytest

from keras_gans import data
from keras_gans import models
from keras_gans import networks


def _write_png(path, array):
    from PIL import Image

    os.makedirs(os.path.dirname(path), exist_ok=True)
    Image.fromarray(array).save(path)


def _tiny_cgan(num_classes):
    g = networks.conditional_dcgan_generator((28, 28, 1), 4, num_classes, base_filters=2)
    d = networks.conditional_dcgan_discriminator((28, 28, 1), num_classes, base_filters=2)
    model = models.ConditionalGAN(g, d, num_classes=num_classes)
    model.compile()
    return model


def test_mnist_5k_labels_fit_ten_classes():
    x, y = next(iter(data.load_labelled("mnist_5k", num_classes=10, batch_size=500, shuffle=False)))
    assert x.shape == (500, 28, 28, 1) and y.dtype == "int32"
    assert set(np.unique(y.numpy())) <= set(range(10))


def test_in_memory_labels_out_of_range():
    with pytest.raises(
        ValueError, match=r"`labels` must be in \[0, 4\). Received values in \[0, 7\]"
    ):
        data.load_labelled("ring8", num_classes=4)
    with pytest.raises(ValueError, match=r"`labels` must be in \[0, 9\)"):
        data.load_labelled("digits", num_classes=9)
    with pytest.raises(ValueError, match="`num_classes` must be an integer >= 2"):
        data.load_labelled("digits", num_classes=0)
    with pytest.raises(ValueError, match="Unexpected arguments \\['split'\\]"):
        data.load_labelled("digits", num_classes=10, split="test")


def test_folder_of_pngs_trains_a_conditional_gan(tmp_path):
    rng = np.random.default_rng(0)
    for name in ("circle", "square", "triangle"):
        for i in range(4):
            _write_png(
                str(tmp_path / name / f"{i}.png"), rng.integers(0, 255, (28, 28), dtype="uint8")
            )
    ds = data.load_labelled(f"folder:{tmp_path}", num_classes=3, batch_size=6, shuffle=False)
    x, y = next(iter(ds))
    assert x.shape == (6, 28, 28, 1) and y.numpy().tolist() == [0, 0, 0, 0, 1, 1]
    history = _tiny_cgan(3).fit(ds, epochs=1, steps_per_epoch=1, verbose=0)
    assert np.isfinite(history.history["d_loss"][0])
    # three class folders cannot feed a two-class model
    with pytest.raises(ValueError, match=r"`labels` must be in \[0, 2\)"):
        data.load_labelled(f"folder:{tmp_path}", num_classes=2)


def test_tfds_labels_with_mock_data():
    import tensorflow_datasets as tfds

    with tfds.testing.mock_data(num_examples=16):
        ds = data.load_labelled("tfds:mnist", num_classes=10, batch_size=8)
        x, y = next(iter(ds))
        assert x.shape == (8, 28, 28, 1) and y.shape == (8,)
        assert int(y.numpy().max()) < 10
        keras.utils.set_random_seed(0)
        history = _tiny_cgan(10).fit(ds, epochs=1, steps_per_epoch=1, verbose=0)
        assert np.isfinite(history.history["g_loss"][0])
        with pytest.raises(ValueError, match="has 10 classes but the model has num_classes=5"):
            data.load_labelled("tfds:mnist", num_classes=5)
