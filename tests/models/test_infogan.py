"""InfoGAN: codes become modes on ring8, codes, bad inputs (the rest: tests/contract)."""

import numpy as np
import pytest

from keras_gans import metrics
from keras_gans import models
from keras_gans import networks
from tests.models.objective_toys import RING8_CENTERS
from tests.models.objective_toys import K
from tests.models.objective_toys import adam_pair
from tests.models.objective_toys import auxiliary_pair
from tests.models.objective_toys import measured_run
from tests.models.objective_toys import ring8_labelled

CODES = np.repeat(np.arange(K), 50).astype("int32")


def ring8_code_purity(model):
    """Purity of code -> nearest ring8 mode after the best one-to-one matching."""
    points = model.generate(len(CODES), seed=1, codes=CODES)
    return metrics.code_purity(CODES, metrics.nearest_center(points, RING8_CENTERS))[0]


def make(num_continuous=1):
    g, d = auxiliary_pair(num_continuous=num_continuous)
    model = models.InfoGAN(g, d, num_categories=K, num_continuous=num_continuous, seed=0)
    model.compile(**adam_pair(1e-3))
    return model


# Labels in the data are ignored: InfoGAN is unsupervised.
trained = measured_run(make, ring8_code_purity, ring8_labelled, steps=300)


@pytest.mark.slow
def test_categorical_code_learns_the_modes(trained):
    _, before, after, history = trained
    assert after >= 0.6 and after > before + 0.2, (before, after)
    # Q recovers the codes: the information loss averaged over the run (categorical
    # cross-entropy + Gaussian NLL of one code) is below its untrained value of
    # about ln 8 + 0.5 * E[c^2] + 0.919 = 2.08 + 0.17 + 0.92 = 3.17
    assert history["info_loss"][-1] < 2.5, history


def test_default_optimizers_are_the_papers():
    model = make()
    assert float(model.default_g_optimizer().learning_rate) == pytest.approx(1e-3)
    assert float(model.default_d_optimizer().learning_rate) == pytest.approx(2e-4)


def test_generate_codes():
    model = make()
    fixed = model.generate(4, seed=0, codes=2, continuous=np.zeros((4, 1)))
    assert fixed.shape == (4, 2)
    moved = model.generate(4, seed=0, codes=2, continuous=np.ones((4, 1)))
    assert not np.allclose(fixed, moved)  # the continuous code steers G


def test_bad_arguments():
    g = networks.conditional_mlp_generator(num_classes=K, num_continuous=1)
    d = networks.auxiliary_mlp_discriminator(num_classes=K, num_continuous=1)
    with pytest.raises(ValueError, match="`info_weight` must be >= 0"):
        models.InfoGAN(g, d, num_categories=K, num_continuous=1, info_weight=-0.5)
    with pytest.raises(ValueError, match="needs a generator with 2 inputs"):
        models.InfoGAN(g, d, num_categories=K, num_continuous=0)
    with pytest.raises(ValueError, match="needs a discriminator with 3 outputs"):
        models.InfoGAN(
            g,
            networks.auxiliary_mlp_discriminator(num_classes=K),
            num_categories=K,
            num_continuous=1,
        )
    model = models.InfoGAN(g, d, num_categories=K, num_continuous=1)
    with pytest.raises(ValueError, match=r"`codes` must be in \[0, 8\)"):
        model.generate(2, codes=[0, 9])
    with pytest.raises(ValueError, match=r"`continuous` must have shape \(2, 1\)"):
        model.generate(2, continuous=np.zeros((2, 3)))
