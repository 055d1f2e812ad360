import keras
import numpy as np
import pytest

from keras_gans import networks
from keras_gans.data import toys
from keras_gans.models import GAN
from keras_gans.models import ImprovedGAN
from keras_gans.testing import assert_keras_roundtrip
from keras_gans.testing import fit_and_assert_weights_changed
from tests.models.objective_toys import assert_grid_modes_learned
from tests.models.objective_toys import compile_adam
from tests.models.objective_toys import grid25_data
from tests.models.objective_toys import remedy_run

HIDDEN = (64, 64)


def _discriminator_first():
    disc = networks.mlp_minibatch_discriminator(2, HIDDEN, num_kernels=8, kernel_dim=4)
    return ImprovedGAN(networks.mlp_generator(2, 2, HIDDEN), disc, label_smoothing=0.1, seed=0)


trained = remedy_run(_discriminator_first, steps=300)


@pytest.mark.slow
def test_minibatch_discrimination_learns_grid_modes(trained):
    # Untrained: a blob over 1-2 modes. Stated threshold: >= 6 of the 25 modes after 300 steps.
    assert_grid_modes_learned(trained, before_at_most=3, after_at_least=6)


def _pair(**options):
    """A GAN and an ImprovedGAN with identical weights and seeds."""
    keras.utils.set_random_seed(3)
    g, d = networks.mlp_generator(2, 2, (8,)), networks.mlp_discriminator(2, (8,))
    gan = compile_adam(GAN(g, d, seed=5, label_smoothing=0.1), lr=1e-2)
    g2 = keras.models.clone_model(g)
    d2 = keras.models.clone_model(d)
    g2.set_weights(g.get_weights())
    d2.set_weights(d.get_weights())
    improved = compile_adam(ImprovedGAN(g2, d2, seed=5, label_smoothing=0.1, **options), lr=1e-2)
    return gan, improved


def test_all_options_off_is_the_gan_update():
    gan, improved = _pair()
    batch = toys.sample_mixture("ring8", 32, seed=0)[0]
    gan.train_on_batch(batch)
    improved.train_on_batch(batch)
    for a, b in zip(
        gan.generator.weights + gan.discriminator.weights,
        improved.generator.weights + improved.discriminator.weights,
        strict=True,
    ):
        np.testing.assert_allclose(np.array(a), np.array(b), atol=1e-6)


def test_options_change_the_update():
    gan, improved = _pair(feature_matching="penultimate", instance_noise=0.5, label_flip=0.2)
    batch = toys.sample_mixture("ring8", 32, seed=0)[0]
    gan.train_on_batch(batch)
    improved.train_on_batch(batch)
    assert not np.allclose(
        np.array(gan.generator.weights[0]), np.array(improved.generator.weights[0])
    )
    # Feature matching reads the layer that feeds the logit.
    assert improved.feature_extractor.outputs[0].shape[-1] == 8


def test_historical_average_is_the_mean_of_past_weights():
    model = compile_adam(
        ImprovedGAN(
            networks.mlp_generator(2, 2, (8,)),
            networks.mlp_discriminator(2, (8,)),
            historical_averaging=0.5,
            seed=0,
        )
    )
    batch = toys.sample_mixture("ring8", 32, seed=0)[0]
    snapshots = []
    for _ in range(3):
        model.train_on_batch(batch)
        snapshots.append([np.array(v) for v in model.discriminator.trainable_variables])
    for i, average in enumerate(model.averages["discriminator"]):
        np.testing.assert_allclose(
            np.array(average), np.mean([s[i] for s in snapshots], axis=0), atol=1e-6
        )
    assert float(model.average_count) == 3.0


def test_fit_with_every_option(tmp_path):
    options = dict(feature_matching="minibatch_discrimination", historical_averaging=0.1, instance_noise=0.1,
                   instance_noise_steps=10, label_flip=0.1, label_smoothing=0.1, seed=0)
    generator = networks.mlp_generator(2, 2, (8,))
    model = compile_adam(ImprovedGAN(generator, networks.mlp_minibatch_discriminator(2, (8,), 4, 2), **options))
    fit_and_assert_weights_changed(model, grid25_data(64))
    loaded = assert_keras_roundtrip(model, str(tmp_path / "all.keras"))
    np.testing.assert_allclose(float(loaded.average_count), float(model.average_count))


def test_bad_arguments():
    g, d = networks.mlp_generator(2, 2, (8,)), networks.mlp_discriminator(2, (8,))
    with pytest.raises(ValueError, match="feature_matching"):
        ImprovedGAN(g, d, feature_matching="nope")
    with pytest.raises(ValueError, match="label_flip"):
        ImprovedGAN(g, d, label_flip=0.7)
    with pytest.raises(ValueError, match="instance_noise"):
        ImprovedGAN(g, d, instance_noise=-1.0)
    with pytest.raises(ValueError, match="historical_averaging"):
        ImprovedGAN(g, d, historical_averaging=-0.1)
