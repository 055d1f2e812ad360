import keras
import numpy as np
import pytest

import keras_gans
from keras_gans import networks
from keras_gans.models import MADGAN
from keras_gans.testing import assert_export_parity
from keras_gans.testing import assert_keras_roundtrip
from keras_gans.testing import fit_and_assert_weights_changed
from tests.models.objective_toys import compile_adam
from tests.models.objective_toys import grid25_data
from tests.models.objective_toys import grid25_modes

HIDDEN = (64, 64)
K = 3


def _model(hidden=HIDDEN, k=K):
    gens = [networks.mlp_generator(2, 2, hidden, name=f"generator_{i}") for i in range(k)]
    return MADGAN(gens, networks.mlp_multiclass_discriminator(2, k, hidden), seed=0)


@pytest.fixture(scope="module")
def trained():
    keras.utils.set_random_seed(0)
    model = compile_adam(_model())
    before = grid25_modes(model)
    model.fit(grid25_data(), epochs=1, steps_per_epoch=300, verbose=0)
    return model, before, grid25_modes(model)


@pytest.mark.slow
def test_mad_gan_learns_grid_modes(trained):
    model, before, after = trained
    # Stated threshold: >= 6 of the 25 modes after 300 steps (untrained: <= 6, k=3 blobs).
    assert after >= 6 and after > before, (before, after)


def test_keras_roundtrip(trained, tmp_path):
    loaded = assert_keras_roundtrip(trained[0], str(tmp_path / "mad.keras"))
    assert loaded.num_generators == K
    z = trained[0].latent_vectors(4, seed=2)
    for a, b in zip(trained[0].generators, loaded.generators, strict=True):
        np.testing.assert_allclose(np.array(a(z)), np.array(b(z)))


@pytest.mark.slow
def test_export_parity_both_signatures(trained, tmp_path):
    model = trained[0]
    z = model.latent_vectors(6, seed=0)
    assert_export_parity(model, str(tmp_path / "export"), {"z": z})
    index = np.array([0, 1, 2, 2, 1, 0], "int32")
    version = assert_export_parity(
        model, str(tmp_path / "export"), {"z": z, "index": index}, signature="with_index"
    )
    assert version.endswith("2")
    # "with_index" really runs generator i on row n.
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
    for n in range(50):
        np.testing.assert_allclose(
            mixed[n], np.array(model.generators[index[n]](z[n : n + 1]))[0], atol=1e-6
        )


def test_fit_smoke():
    model = compile_adam(_model(hidden=(8,)))
    fit_and_assert_weights_changed(
        model, keras_gans.data.load("ring8", batch_size=64, num_examples=512)
    )


def test_bad_arguments():
    g = networks.mlp_generator(2, 2, (8,))
    with pytest.raises(ValueError, match="at least 2"):
        MADGAN([g], networks.mlp_multiclass_discriminator(2, 1, (8,)))
    with pytest.raises(ValueError, match="k \\+ 1 = 3 logits"):
        MADGAN([g, networks.mlp_generator(2, 2, (8,))], networks.mlp_discriminator(2, (8,)))
