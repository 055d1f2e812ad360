"""Shared pieces of the objective tests: tiny MLP nets and their short learning runs."""

import keras
import numpy as np
import pytest

from keras_gans import data
from keras_gans import metrics
from keras_gans import networks

HIDDEN = (64, 64)
# A Wasserstein or hinge critic's output bias gets no gradient: only its kernels must move
# (keras_gans.testing.assert_weights_changed).
CRITIC = ("discriminator",)
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


def adam_settings(optimizer):
    """``(learning_rate, beta_1, beta_2)`` of an Adam optimizer, as floats."""
    return tuple(float(v) for v in (optimizer.learning_rate, optimizer.beta_1, optimizer.beta_2))


def adam_pair(learning_rate, beta_1=0.5):
    """``compile`` arguments: one Adam(learning_rate, beta_1) for each player."""
    return {
        "g_optimizer": keras.optimizers.Adam(learning_rate, beta_1=beta_1),
        "d_optimizer": keras.optimizers.Adam(learning_rate, beta_1=beta_1),
    }


def toy_run(build, optimizers, mixture, steps, batch_size):
    """A module-scoped fixture ``trained``: a learning run on a 2-D mixture.

    Seed 0, ``build()``, ``compile(*optimizers())`` (G's, then D's), then
    ``steps`` steps; it yields ``(model, stats before, stats after)`` (see
    :func:`modes`). Assign it to ``trained`` in the test module.
    """

    @pytest.fixture(scope="module")
    def trained():
        keras.utils.set_random_seed(0)
        model = build()
        model.compile(*optimizers())
        before, after = train_on_toy(model, mixture, steps=steps, batch_size=batch_size)
        return model, before, after

    return trained


def assert_modes_learned(trained, before_at_most, after_at_least):
    """The toy learning test: few modes untrained, at least ``after_at_least`` after the run."""
    _, before, after = trained
    print("modes before/after:", before["modes"], after["modes"], "HQ:", round(after["high_quality"], 3))
    assert before["modes"] <= before_at_most
    assert after["modes"] >= after_at_least, after


def measured_run(build, measure, dataset, steps):
    """A module-scoped fixture ``trained``: a learning run and its measure before and after.

    Seed 0, ``model = build()`` (compiled), ``measure(model)``, ``steps`` steps
    on ``dataset()``, ``measure(model)``; it yields
    ``(model, measure before, measure after, History.history)``. Assign it to
    ``trained`` in the test module.
    """

    @pytest.fixture(scope="module")
    def trained():
        keras.utils.set_random_seed(0)
        model = build()
        before = measure(model)
        history = model.fit(dataset(), epochs=1, steps_per_epoch=steps, verbose=0)
        return model, before, measure(model), history.history

    return trained


def remedy_run(build, steps):
    """The mode-collapse remedies' :func:`measured_run`: ``compile_adam(build())``, grid25 modes."""
    return measured_run(lambda: compile_adam(build()), grid25_modes, grid25_data, steps)


def assert_grid_modes_learned(trained, before_at_most=3, after_at_least=6):
    """The remedies' stated threshold: >= 6 of the 25 modes after the run (untrained: <= 3)."""
    _, before, after, _ = trained
    assert before <= before_at_most
    assert after >= after_at_least, (before, after)


K = 8
RING8_CENTERS, _ = data.mixture_spec("ring8")
REQUESTED = np.repeat(np.arange(K), 50).astype("int32")


def auxiliary_pair(hidden_units=HIDDEN, num_continuous=0):
    """ACGAN's and InfoGAN's networks over the K ring8 modes: a conditional MLP G and a D with auxiliary heads."""
    return (
        networks.conditional_mlp_generator(num_classes=K, num_continuous=num_continuous, hidden_units=hidden_units),
        networks.auxiliary_mlp_discriminator(num_classes=K, num_continuous=num_continuous, hidden_units=hidden_units),
    )


def ring8_labelled(batch_size=128, with_labels=True):
    """ring8 points with their mode as the label, repeated: the conditional models' data."""
    return data.load("ring8", batch_size=batch_size, with_labels=with_labels, repeat=True, seed=0)


def ring8_label_accuracy(model):
    """Fraction of samples generated for mode k whose nearest ring8 mode is k."""
    points = model.generate(len(REQUESTED), seed=1, labels=REQUESTED)
    return metrics.label_accuracy(REQUESTED, metrics.nearest_center(points, RING8_CENTERS))
