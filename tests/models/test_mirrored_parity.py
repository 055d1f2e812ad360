"""Every objective: one update on 1 device == one update on 2 mirrored CPU replicas.

To cover a new objective, add a ``(name, build_fn, batch_fn)`` entry to
``PARITY_CASES``: ``build_fn()`` returns an uncompiled model (small nets,
synchronized BatchNorm or none, ``d_steps=1``), ``batch_fn()`` the global batch.
Extra noise methods go in the optional 4th element (see
``keras_gans.testing.distribution``).
"""

import numpy as np
import pytest

from keras_gans import models
from keras_gans import networks
from keras_gans.testing.distribution import assert_mirrored_parity


def _vectors(n=16, dim=2):
    return np.random.default_rng(0).standard_normal((n, dim)).astype("float32")


def _images(n=8, shape=(28, 28, 1)):
    return np.random.default_rng(0).uniform(-1, 1, (n, *shape)).astype("float32")


def _gan():
    return models.GAN(networks.mlp_generator(2, 2, (16, 16)), networks.mlp_discriminator(2, (16, 16)), seed=0)


def _dcgan():
    shape = (28, 28, 1)
    return models.DCGAN(
        image_shape=shape, latent_dim=8,
        generator=networks.dcgan_generator(shape, 8, base_filters=4, synchronized_bn=True),
        discriminator=networks.dcgan_discriminator(shape, base_filters=4, synchronized_bn=True),
        seed=0,
    )


def _mlp_pair():
    return networks.mlp_generator(2, 2, (16,)), networks.mlp_discriminator(2, (16,))


def _lsgan():
    return models.LSGAN(*_mlp_pair(), seed=0)


def _wgan():
    return models.WGAN(*_mlp_pair(), n_critic=1, seed=0)


def _hinge():
    return models.HingeGAN(*_mlp_pair(), d_steps=1, seed=0)


def _ebgan():
    return models.EBGAN(
        networks.mlp_generator(2, 2, (16,)), networks.mlp_autoencoder(2, code_dim=4, hidden_units=(16,)),
        seed=0,
    )


def _labelled(n=16, dim=2, classes=8):
    rng = np.random.default_rng(0)
    return rng.standard_normal((n, dim)).astype("float32"), rng.integers(0, classes, n).astype("int32")


def _cgan():
    return models.ConditionalGAN(
        networks.conditional_mlp_generator(2, 2, num_classes=8, hidden_units=(16,)),
        networks.conditional_mlp_discriminator(2, num_classes=8, hidden_units=(16,)),
        num_classes=8, seed=0,
    )


def _improved():
    return models.ImprovedGAN(*_mlp_pair(), historical_averaging=0.1, seed=0)


def _pacgan():
    return models.PacGAN(
        networks.mlp_generator(2, 2, (16,)), networks.mlp_packed_discriminator(2, pack=2, hidden_units=(16,)),
        pack=2, seed=0,
    )


# WGAN-GP and DRAGAN draw their interpolation/perturbation factors inside the
# penalty functions, which the parity check cannot pin to a global draw; their
# losses go through the same AdversarialModel.apply_loss_gradients as the rest.
PARITY_CASES = [
    ("lsgan", _lsgan, _vectors),
    ("cgan", _cgan, _labelled),
    ("improved_gan", _improved, _vectors),
    ("pacgan2", _pacgan, _vectors),
    ("wgan", _wgan, _vectors),
    ("hinge", _hinge, _vectors),
    ("ebgan", _ebgan, _vectors),
    ("gan", _gan, _vectors),
    ("dcgan_sync_bn", _dcgan, _images),
]


@pytest.mark.parametrize("case", PARITY_CASES, ids=[c[0] for c in PARITY_CASES])
def test_mirrored_update_matches_single_device(case):
    _, build_fn, batch_fn, *extra = case
    kwargs = {"random_methods": extra[0]} if extra else {}
    ratios = assert_mirrored_parity(build_fn, batch_fn(), replicas=2, **kwargs)
    # The update sizes agree too, not only within tolerance element-wise.
    moved = [r for r in ratios.values() if r != 1.0]
    assert moved and np.allclose(moved, 1.0, atol=1e-2), ratios
