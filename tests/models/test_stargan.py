
import keras
import numpy as np
import pytest
import tensorflow as tf

from keras_gans import models
from keras_gans import networks
from keras_gans.data import digit_domains as dd
from keras_gans.testing import fit_and_assert_weights_changed


def tiny_stargan(**kwargs):
    kwargs.setdefault("d_steps", 1)
    return models.StarGAN(
        networks.stargan_generator(channels=3, num_domains=4, filters=8, num_residual=1),
        networks.stargan_discriminator(channels=3, num_domains=4, filters=16, num_layers=3),
        seed=0,
        **kwargs,
    )


@pytest.fixture(scope="module")
def digits():
    return dd.digit_domains(num=640, seed=0)


def colour_accuracy(model, images, targets):
    return float((dd.stroke_colour(model.translate(images, targets)) == targets[:, :3].argmax(1)).mean())


@pytest.fixture(scope="module")
def trained(digits):
    keras.utils.set_random_seed(0)
    images, domains, _ = digits
    held, targets = images[512:], dd.random_domains(128, seed=3)
    model = tiny_stargan()
    model.compile(g_optimizer=keras.optimizers.Adam(1e-3, 0.5, 0.999), d_optimizer=keras.optimizers.Adam(1e-3, 0.5, 0.999))
    before = colour_accuracy(model, held, targets)
    data = tf.data.Dataset.from_tensor_slices((images[:512], domains[:512])).shuffle(512, seed=0).repeat().batch(32)
    model.fit(data, epochs=1, steps_per_epoch=150, verbose=0)
    return model, before, colour_accuracy(model, held, targets)


@pytest.mark.slow
def test_stargan_learns_target_colours(trained):
    _, before, after = trained
    print(f"target-colour accuracy: untrained {before:.3f}, trained {after:.3f}")
    assert after >= before + 0.3
    assert after >= 0.7


def test_stargan_fit_updates_both_networks(digits):
    images, domains, _ = digits
    model = tiny_stargan(d_steps=2)
    model.compile()
    data = tf.data.Dataset.from_tensor_slices((images[:32], domains[:32])).repeat().batch(8)
    history = fit_and_assert_weights_changed(model, data, steps=2)
    assert history.history["gp"][-1] >= 0 and history.history["rec_loss"][-1] > 0


def test_stargan_reconstruction_goes_back_to_the_original_domain(digits):
    # rec_loss must be |x - G(G(x, c_trg), c_org)|_1: translate to the target, then back to the
    # input's own domain. Targets are pinned to the reversed batch to compute it independently.
    images, domains, _ = digits
    real, original = tf.constant(images[:4]), tf.constant(domains[:4])
    model = tiny_stargan()
    model.compile()
    model.sample_targets = lambda d: tf.reverse(d, axis=[0])
    target = tf.reverse(original, axis=[0])
    generator = model.generator
    fake = generator([real, target], training=True)
    expected = float(tf.reduce_mean(tf.abs(real - generator([fake, original], training=True))))
    wrong_way = float(tf.reduce_mean(tf.abs(real - generator([fake, target], training=True))))
    rec = model.generator_step(real, original)["rec_loss"]
    np.testing.assert_allclose(float(rec), expected, rtol=1e-5)
    assert abs(expected - wrong_way) > 1e-4  # the check can tell the two paths apart


def test_stargan_rejects_bad_arguments(digits):
    with pytest.raises(ValueError, match="d_steps"):
        tiny_stargan(d_steps=0)
    with pytest.raises(ValueError, match="lambda_gp"):
        tiny_stargan(lambda_gp=-1)
    with pytest.raises(ValueError, match="two inputs"):
        models.StarGAN(networks.srresnet_generator(num_blocks=1, filters=4), networks.stargan_discriminator(num_domains=4))
    model = tiny_stargan()
    with pytest.raises(ValueError, match="target_domains"):
        model.translate(digits[0][:2], np.zeros((2, 3), "float32"))
