import keras
import numpy as np
import pytest

from keras_gans import networks
from keras_gans.models import MADGAN
from tests.models.objective_toys import remedy_run

HIDDEN = (64, 64)
K = 3


def _model(hidden=HIDDEN, k=K):
    gens = [networks.mlp_generator(2, 2, hidden, name=f"generator_{i}") for i in range(k)]
    return MADGAN(gens, networks.mlp_multiclass_discriminator(2, k, hidden), seed=0)


trained = remedy_run(_model, steps=300)


@pytest.mark.slow
def test_mad_gan_learns_grid_modes(trained):
    model, before, after, _ = trained
    # Stated threshold: >= 6 of the 25 modes after 300 steps (untrained: <= 6, k=3 blobs).
    assert after >= 6 and after > before, (before, after)


def test_with_index_signature_runs_generator_i_on_row_n(trained):
    # Both signatures' export parity is in tests/contract (case "madgan").
    model = trained[0]
    z = model.latent_vectors(6, seed=0)
    index = np.array([0, 1, 2, 2, 1, 0], "int32")
    fn = model.serving_endpoints()["with_index"][0]
    got = np.array(fn(z, index)["images"])
    for n, i in enumerate(index):
        np.testing.assert_allclose(
            got[n], np.array(model.generators[i](z[n : n + 1]))[0], atol=1e-5
        )


def test_generator_uses_each_generator_equally():
    model = _model(hidden=(8,))
    z = model.latent_vectors(3000, seed=0)
    index = np.array(model.generator.get_layer("generator_selector").generator_index(z))
    np.testing.assert_allclose(np.bincount(index, minlength=K) / len(z), 1 / K, atol=0.03)
    mixed = np.array(model.generator(z[:50]))
    latent = np.array(model.generator.get_layer("stratified_latent")(z[:50]))
    for n in range(50):
        np.testing.assert_allclose(
            mixed[n], np.array(model.generators[index[n]](latent[n : n + 1]))[0], atol=1e-6
        )


def _shifted_identity(offset, name):
    """``G(z) = z + offset``: what a generator received is its output minus the offset."""
    z = keras.Input((2,))
    dense = keras.layers.Dense(2, kernel_initializer="identity", bias_initializer=keras.initializers.Constant(offset))
    return keras.Model(z, dense(z), name=name)


def test_exported_sampler_draws_the_trained_mixture():
    # MAD-GAN trains every G_i on z ~ N(0, I) and samples i uniformly. The exported sampler
    # once fed G_i the z whose z_0 had picked i (z_0 truncated to slice i: mean -1.09 for i=0
    # of 3); then the shifted-identity generators below would show the truncation.
    gens = [_shifted_identity(10.0 * i, f"g{i}") for i in range(K)]
    model = MADGAN(gens, networks.mlp_multiclass_discriminator(2, K, (8,)), seed=0)
    z = model.latent_vectors(30_000, seed=1)
    samples = np.array(model.generator(z))
    owner = np.rint(samples[:, 0] / 10.0).clip(0, K - 1).astype(int)
    np.testing.assert_allclose(np.bincount(owner, minlength=K) / len(z), 1 / K, atol=0.02)
    for i in range(K):
        received = samples[owner == i] - 10.0 * i
        np.testing.assert_allclose(received.mean(axis=0), 0.0, atol=0.04)
        np.testing.assert_allclose(received.std(axis=0), 1.0, atol=0.04)


def test_bad_arguments():
    g = networks.mlp_generator(2, 2, (8,))
    with pytest.raises(ValueError, match="at least 2"):
        MADGAN([g], networks.mlp_multiclass_discriminator(2, 1, (8,)))
    with pytest.raises(ValueError, match="k \\+ 1 = 3 logits"):
        MADGAN([g, networks.mlp_generator(2, 2, (8,))], networks.mlp_discriminator(2, (8,)))
