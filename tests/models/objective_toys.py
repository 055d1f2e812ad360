"""Shared pieces of the objective tests: tiny MLP nets and a short toy training run."""

import keras
import numpy as np

from keras_gans import data
from keras_gans import metrics
from keras_gans import networks
from keras_gans.testing import fit_and_assert_weights_changed

HIDDEN = (64, 64)
LATENT_DIM = 2


def small_generator():
    return networks.mlp_generator(2, LATENT_DIM, hidden_units=HIDDEN)


def modes(model, mixture, num=2500, seed=0):
    centers, std = data.mixture_spec(mixture)
    return metrics.mode_statistics(model.generate(num, seed=seed), centers, std)


def grid25_modes(model):
    """grid25 modes covered by 1,000 samples (seed 1): the mode-collapse remedies' measure."""
    return modes(model, "grid25", num=1000, seed=1)["modes"]


def grid25_data(batch_size=256):
    """The remedies' training set: 5,120 grid25 points, repeated."""
    return data.load("grid25", batch_size=batch_size, repeat=True, seed=0, num_examples=5120)


def compile_adam(model, lr=2e-3):
    """Adam(lr, beta_1=0.5) for both players; 50 steps per execution keeps toy runs fast."""
    model.compile(
        g_optimizer=keras.optimizers.Adam(lr, beta_1=0.5),
        d_optimizer=keras.optimizers.Adam(lr, beta_1=0.5),
        steps_per_execution=50,
    )
    return model


def train_on_toy(model, mixture, steps, batch_size):
    """Fits ``steps`` train steps on a 2-D mixture; returns (stats before, stats after)."""
    before = modes(model, mixture)
    dataset = data.load(mixture, batch_size=batch_size, repeat=True, seed=0)
    model.fit(dataset, epochs=1, steps_per_epoch=steps, verbose=0)
    return before, modes(model, mixture)


def adam(learning_rate, beta_1=0.5, beta_2=0.999):
    return keras.optimizers.Adam(learning_rate, beta_1=beta_1, beta_2=beta_2)


def fit_and_assert_kernels_changed(model, dataset):
    """``fit_and_assert_weights_changed`` for objectives blind to the critic's output bias.

    The Wasserstein and hinge losses (at initialisation, with every output
    inside the margins) change by the same amount on real and fake for a
    constant shift of the critic, so its output bias gets exactly zero
    gradient. The helper checks the generator; the critic's kernels are
    checked here.
    """
    kernels = [v for v in model.discriminator.trainable_variables if len(v.shape) >= 2]
    before = [np.array(keras.ops.convert_to_numpy(v)) for v in kernels]
    history = fit_and_assert_weights_changed(model, dataset, networks=("generator",))
    after = [np.array(keras.ops.convert_to_numpy(v)) for v in kernels]
    assert kernels and all(not np.array_equal(a, b) for a, b in zip(before, after, strict=True))
    return history
