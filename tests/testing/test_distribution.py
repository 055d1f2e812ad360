"""The mirrored parity helper catches the bug it exists for: a missing replica_scale.

(It also catches unsynchronized BatchNorm: per-replica statistics give different
updates; that is why the parity cases build DCGAN with ``synchronized_bn=True``.)
"""

import re

import numpy as np
import pytest
import tensorflow as tf

from keras_gans import losses
from keras_gans import models
from keras_gans import networks
from keras_gans.models.adversarial_model import unpack_batch
from keras_gans.testing.distribution import assert_mirrored_parity


class _UnscaledGAN(models.GAN):
    """The classic bug: per-replica reduce_mean losses straight into tape.gradient."""

    def train_step(self, data):
        real, _ = unpack_batch(data)
        n = tf.shape(real)[0]
        fake = self.generator(self.sample_latent(n), training=True)
        with tf.GradientTape() as tape:
            d_loss = losses.minimax_discriminator_loss(
                self.discriminator(real, training=True), self.discriminator(fake, training=True)
            )
        variables = self.discriminator.trainable_variables
        self.d_optimizer.apply(tape.gradient(d_loss, variables), variables)
        with tf.GradientTape() as tape:
            fake_logits = self.discriminator(self.generator(self.sample_latent(n), training=True))
            g_loss = losses.non_saturating_generator_loss(fake_logits)
        variables = self.generator.trainable_variables
        self.g_optimizer.apply(tape.gradient(g_loss, variables), variables)
        return self.update_trackers(d_loss=d_loss, g_loss=g_loss)


def _nets():
    return networks.mlp_generator(2, 2, (16,)), networks.mlp_discriminator(2, (16,))


def _batch():
    return np.random.default_rng(0).standard_normal((16, 2)).astype("float32")


def test_missing_replica_scale_fails_with_a_factor_of_two():
    with pytest.raises(AssertionError, match="ratio near the replica count") as failure:
        assert_mirrored_parity(lambda: _UnscaledGAN(*_nets(), seed=0), _batch())
    # Every discriminator weight is named, its SGD update exactly twice the single-device one.
    d_ratios = re.findall(r"discriminator\[\d\] .*?\|Δ_single\|=([0-9.]+)", str(failure.value))
    assert len(d_ratios) == 4, str(failure.value)
    np.testing.assert_allclose([float(r) for r in d_ratios], 2.0, rtol=1e-3)


def test_batch_must_split_evenly():
    with pytest.raises(ValueError, match="divisible by replicas=2. Received: 15"):
        assert_mirrored_parity(lambda: models.GAN(*_nets()), _batch()[:15])
