"""GAN (Goodfellow 2014) on the 2-D ring: it learns, splits its batch, validates (the rest: tests/contract)."""

import keras
import numpy as np
import pytest
import tensorflow as tf

import keras_gans as kg
from keras_gans import testing

CENTERS, STD = kg.data.mixture_spec("ring8")


def make_gan(seed=2, latent_dim=8, **kwargs):
    keras.utils.set_random_seed(seed)
    gan = kg.models.GAN(
        kg.networks.mlp_generator(2, latent_dim), kg.networks.mlp_discriminator(2), seed=seed, **kwargs
    )
    gan.compile(
        g_optimizer=keras.optimizers.Adam(1e-3, beta_1=0.5),
        d_optimizer=keras.optimizers.Adam(1e-3, beta_1=0.5),
        steps_per_execution=25,
    )
    return gan


@pytest.fixture(scope="module")
def trained_ring_gan():
    gan = make_gan()
    before = kg.metrics.mode_statistics(gan.generate(2500, seed=0), CENTERS, STD)
    gan.fit(kg.data.load("ring8", batch_size=256, seed=2, repeat=True), epochs=1, steps_per_epoch=1600, verbose=0)
    after = kg.metrics.mode_statistics(gan.generate(2500, seed=0), CENTERS, STD)
    return gan, before, after


@pytest.mark.slow
def test_gan_covers_ring_modes(trained_ring_gan):
    _, before, after = trained_ring_gan
    assert before["modes"] <= 1
    assert after["modes"] >= 6, after
    assert after["high_quality"] > before["high_quality"] + 0.2, (before, after)


def test_generate_is_reproducible(trained_ring_gan):
    gan = trained_ring_gan[0]
    np.testing.assert_array_equal(gan.generate(10, seed=5), gan.generate(10, seed=5))
    assert not np.array_equal(gan.generate(10, seed=5), gan.generate(10, seed=6))
    with pytest.raises(ValueError, match="Received: num=0"):
        gan.generate(0)


class CountingGAN(kg.models.GAN):
    """Records the batch size of each discriminator update."""

    def discriminator_step(self, real, condition=None):
        self.seen.append(real.shape[0])
        return super().discriminator_step(real, condition)


def test_d_steps_split_the_batch_into_fresh_minibatches():
    gan = CountingGAN(kg.networks.mlp_generator(2, 2, (8,)), kg.networks.mlp_discriminator(2, (8,)), d_steps=3)
    gan.seen = []
    gan.compile(run_eagerly=True)
    testing.fit_and_assert_weights_changed(gan, kg.data.load("ring8", batch_size=12), steps=2)
    assert gan.seen == [4, 4, 4, 4, 4, 4]  # 2 steps x 3 D updates of 12 // 3
    assert int(gan.d_optimizer.iterations) == 6 and int(gan.g_optimizer.iterations) == 2


@pytest.mark.parametrize("loss", ["minimax", "non_saturating"])
def test_both_generator_losses_train(loss):
    gan = kg.models.GAN(kg.networks.mlp_generator(2, 2, (8,)), kg.networks.mlp_discriminator(2, (8,)), loss=loss)
    gan.compile()
    history = testing.fit_and_assert_weights_changed(gan, kg.data.load("ring8", batch_size=32))
    assert set(history.history) == {"d_loss", "g_loss"}


def test_same_seed_same_weights():
    def run():
        gan = make_gan(seed=7)
        gan.fit(kg.data.load("ring8", batch_size=64, seed=7), epochs=1, steps_per_epoch=50, verbose=0)
        return [np.array(v) for v in gan.generator.weights]

    for a, b in zip(run(), run(), strict=True):
        np.testing.assert_array_equal(a, b)


def test_constructor_errors():
    g, d = kg.networks.mlp_generator(2, 4), kg.networks.mlp_discriminator(2)
    with pytest.raises(ValueError, match="`loss` must be one of .*Received: loss='wasserstein'"):
        kg.models.GAN(g, d, loss="wasserstein")
    with pytest.raises(ValueError, match="Received: d_steps=0"):
        kg.models.GAN(g, d, d_steps=0)
    with pytest.raises(ValueError, match="must match the generator's input size 4. Received: latent_dim=3"):
        kg.models.GAN(g, d, latent_dim=3)
    with pytest.raises(ValueError, match="`generator` must be a keras.Model. Received: generator=str"):
        kg.models.GAN("g", d)
    with pytest.raises(ValueError, match="Received: latent_dim=0"):
        kg.models.DCGAN(latent_dim=0)


def test_compile_errors():
    gan = kg.models.GAN(kg.networks.mlp_generator(2, 2), kg.networks.mlp_discriminator(2))
    with pytest.raises(ValueError, match="Received: g_optimizer=42"):
        gan.compile(g_optimizer=42)
    with pytest.raises(ValueError, match="take `g_optimizer`/`d_optimizer`. Received: loss='mse'"):
        gan.compile(loss="mse")
    shared = keras.optimizers.Adam()
    with pytest.raises(ValueError, match="two different objects"):
        gan.compile(g_optimizer=shared, d_optimizer=shared)


def test_dict_batches_are_rejected():
    gan = kg.models.GAN(kg.networks.mlp_generator(2, 2), kg.networks.mlp_discriminator(2))
    gan.compile()
    ds = tf.data.Dataset.from_tensor_slices({"x": np.zeros((8, 2), "float32")}).batch(4)
    with pytest.raises(ValueError, match="Received a dict with keys \\['x'\\]"):
        gan.fit(ds, epochs=1, verbose=0)
