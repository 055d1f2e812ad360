"""Every --model name builds, compiles and takes a training step on its kind of data."""

import numpy as np
import pytest

from keras_gans.data import to_dataset
from keras_gans.models.registry import BUILDERS
from keras_gans.models.registry import build_model
from keras_gans.testing import fit_and_assert_weights_changed

VECTOR_MODELS = sorted(set(BUILDERS) - {"dcgan"})


@pytest.mark.parametrize("name", VECTOR_MODELS)
def test_vector_models_take_a_step(name):
    model = build_model(name, (2,), seed=0)
    model.compile()
    points = np.random.default_rng(0).normal(size=(64, 2)).astype("float32")
    # A critic's output bias gets no gradient from a Wasserstein loss (the
    # constant cancels), so only the generator is required to move everywhere.
    fit_and_assert_weights_changed(model, to_dataset(points, batch_size=20), steps=1, networks=("generator",))
    assert int(model.d_optimizer.iterations) >= 1


def test_image_models_build_for_images():
    for name in ("dcgan", "wgan_gp", "hinge"):
        model = build_model(name, (28, 28, 1), latent_dim=8, seed=0)
        assert model.generator.output_shape == (None, 28, 28, 1)


def test_wrong_kind_of_data():
    with pytest.raises(ValueError, match="--model=dcgan needs images"):
        build_model("dcgan", (2,))
    with pytest.raises(ValueError, match="--model=gan uses MLP networks"):
        build_model("gan", (28, 28, 1))
    with pytest.raises(ValueError, match="Unknown model 'biggan'"):
        build_model("biggan", (2,))
