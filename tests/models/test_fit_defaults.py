"""``fit`` on a dataset prints no warning a user cannot act on."""

import warnings

from keras_gans import data
from keras_gans import models
from keras_gans import networks


def test_fit_on_a_dataset_warns_nothing():
    model = models.GAN(networks.mlp_generator(2, 2, (8,)), networks.mlp_discriminator(2, (8,)), seed=0)
    model.compile()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model.fit(data.load("ring8", batch_size=8, repeat=True), epochs=1, steps_per_epoch=1, verbose=0)
    assert [str(w.message) for w in caught] == []
