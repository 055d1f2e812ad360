"""Same seed, data and flags on CPU -> bit-identical generator weights after N steps.

(The whole CLI path, in separate processes, is covered by tests/test_kill_resume.py,
whose uninterrupted in-process run and killed-and-resumed subprocess runs agree bit
for bit.)
"""

import keras
import numpy as np
import pytest

from keras_gans import data
from keras_gans import networks
from keras_gans.models import DCGAN


@pytest.fixture(scope="module")
def digits_28():
    images, _ = data.load_arrays("mnist_5k")
    return images[:256]


def _generator_weights_after_six_steps(images, seed):
    keras.utils.set_random_seed(seed)
    model = DCGAN(
        image_shape=(28, 28, 1), latent_dim=16, seed=seed,
        generator=networks.dcgan_generator((28, 28, 1), 16, base_filters=8),
        discriminator=networks.dcgan_discriminator((28, 28, 1), base_filters=8),
    )
    model.compile()
    stream = data.to_dataset(images, batch_size=16, seed=seed, repeat=True)
    model.fit(stream, epochs=2, steps_per_epoch=3, verbose=0, shuffle=False)
    return model.generator.get_weights()


@pytest.mark.slow
def test_same_seed_same_generator_weights_after_six_steps(digits_28):
    first = _generator_weights_after_six_steps(digits_28, seed=5)
    second = _generator_weights_after_six_steps(digits_28, seed=5)
    other = _generator_weights_after_six_steps(digits_28, seed=6)
    assert len(first) == len(second) > 0
    for a, b in zip(first, second, strict=True):
        np.testing.assert_array_equal(a, b)  # exact, not allclose
    # The check can fail: another seed (init, noise, data order) gives other weights.
    assert any(not np.array_equal(a, c) for a, c in zip(first, other, strict=True))
