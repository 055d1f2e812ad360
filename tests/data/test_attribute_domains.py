import numpy as np
import pytest
import tensorflow as tf

from keras_gans.data.attribute_domains import CELEBA_ATTRIBUTES
from keras_gans.data.attribute_domains import load_attribute_domains


def _fake_celeb_a(num=4):
    rng = np.random.default_rng(0)
    attributes = {name: rng.random(num) < 0.5 for name in CELEBA_ATTRIBUTES + ("Smiling",)}
    return {"image": rng.integers(0, 256, (num, 218, 178, 3), dtype=np.uint8), "attributes": attributes}, attributes


def test_celeb_a_code_path_with_mock_data():
    import tensorflow_datasets as tfds

    examples, attributes = _fake_celeb_a()

    def as_dataset(self, *args, **kwargs):
        return tf.data.Dataset.from_tensor_slices(examples)

    with tfds.testing.mock_data(as_dataset_fn=as_dataset):
        images, domains = next(iter(load_attribute_domains("celeb_a", image_size=(32, 32), batch_size=4)))
    assert images.shape == (4, 32, 32, 3) and domains.shape == (4, 5)
    assert float(images.numpy().min()) >= -1 and float(images.numpy().max()) <= 1
    table = np.stack([attributes[a] for a in CELEBA_ATTRIBUTES], axis=1).astype("float32")
    for row in domains.numpy():  # every vector is one example's attributes (order shuffled)
        assert any(np.array_equal(row, t) for t in table)


def test_celeb_a_rejects_unknown_attributes():
    import tensorflow_datasets as tfds

    examples, _ = _fake_celeb_a()

    def as_dataset(self, *args, **kwargs):
        return tf.data.Dataset.from_tensor_slices(examples)

    with tfds.testing.mock_data(as_dataset_fn=as_dataset):
        with pytest.raises(ValueError, match="no attributes"):
            load_attribute_domains("celeb_a", attributes=("Purple_Hair",))
