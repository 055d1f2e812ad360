"""The shared base: randomness owned by the base (one stream per draw and per replica)."""

import itertools

import keras
import numpy as np
import pytest
import tensorflow as tf

from keras_gans import models
from keras_gans import networks
from keras_gans.models.adversarial_model import replica_seed
from keras_gans.testing.distribution import mirrored_strategy


def _wgan_gp(seed=0):
    return models.WGANGP(
        networks.mlp_generator(2, 2, (8,)), networks.mlp_critic(2, (8,)), n_critic=1, seed=seed
    )


def _draws_per_replica(build, steps=2):
    """Runs ``steps`` fake train steps under 2 mirrored replicas; returns the draws of each replica.

    Each step draws what GAN's step draws, in its order (z for the
    discriminator, then z for the generator), then WGAN-GP's interpolation
    factors and a bare seed.
    """
    strategy = mirrored_strategy(2)
    with strategy.scope():
        model = build()

    def step():
        real = tf.zeros((4, 2))
        return {
            "z_critic": model.sample_latent(4),
            "z_generator": model.sample_latent(4),
            "alpha": model.sample_interpolation(real),
            "seed": replica_seed(model.seed_generator),
        }

    run = tf.function(lambda: strategy.run(step))
    results = [run() for _ in range(steps)]
    return [
        [{k: np.asarray(strategy.experimental_local_results(v)[r]) for k, v in out.items()} for out in results]
        for r in range(2)
    ]


def test_replicas_and_players_never_share_noise():
    replicas = _draws_per_replica(_wgan_gp)
    # Every z drawn (per replica, per step, per player) differs from every other.
    latents = [
        (f"replica {r} step {s} {use}", draws[use])
        for r, steps in enumerate(replicas)
        for s, draws in enumerate(steps)
        for use in ("z_critic", "z_generator")
    ]
    assert len(latents) == 8
    for (name_a, a), (name_b, b) in itertools.combinations(latents, 2):
        assert not np.allclose(a, b), f"{name_a} and {name_b} drew the same noise"
    # So does every seed handed out (the old `+ replica` folding handed replica 1
    # the seed replica 0 used for its next draw).
    seeds = [tuple(draws["seed"]) for steps in replicas for draws in steps]
    assert len(set(seeds)) == len(seeds), seeds
    alphas = [draws["alpha"].ravel() for steps in replicas for draws in steps]
    for a, b in itertools.combinations(alphas, 2):
        assert not np.allclose(a, b)


def test_mirrored_draws_are_reproducible():
    first = _draws_per_replica(_wgan_gp)
    second = _draws_per_replica(_wgan_gp)
    for steps_a, steps_b in zip(first, second, strict=True):
        for a, b in zip(steps_a, steps_b, strict=True):
            for key in a:
                np.testing.assert_array_equal(a[key], b[key])


def test_single_device_draws_use_the_generators_own_seeds():
    # Replica 0 (and a single device) keeps the unfolded [seed, n] sequence, so
    # single-device trajectories did not change when replicas got their own streams.
    generator = keras.random.SeedGenerator(3)
    seeds = [np.asarray(replica_seed(generator)) for _ in range(3)]
    np.testing.assert_array_equal(seeds, [[3, 0], [3, 1], [3, 2]])


# ---------------------------------------------------------------- schedules
def _cosine():
    return keras.optimizers.schedules.CosineDecay(0.01, decay_steps=8)


def _fit_recording_learning_rates(model, steps=8):
    """Fits ``steps`` train steps; returns the (g, d) learning rates after each."""
    rates = []
    record = keras.callbacks.LambdaCallback(
        on_train_batch_end=lambda batch, logs: rates.append(
            (float(model.g_optimizer.learning_rate), float(model.d_optimizer.learning_rate))
        )
    )
    data = np.random.default_rng(0).standard_normal((5 * 4, 2)).astype("float32")
    dataset = tf.data.Dataset.from_tensors(data).repeat()
    model.fit(dataset, steps_per_epoch=steps, epochs=1, verbose=0, shuffle=False, callbacks=[record])
    return np.array(rates)


def _wgan(n_critic=5):
    return models.WGAN(
        networks.mlp_generator(2, 2, (8,)), networks.mlp_discriminator(2, (8,)), n_critic=n_critic, seed=0
    )


def test_a_critic_with_k_steps_follows_the_generators_schedule(tmp_path):
    model = _wgan()
    model.compile(
        g_optimizer=keras.optimizers.RMSprop(_cosine()), d_optimizer=keras.optimizers.RMSprop(_cosine())
    )
    rates = _fit_recording_learning_rates(model)
    assert model.d_optimizer.iterations.numpy() == 5 * model.g_optimizer.iterations.numpy() == 40
    expected = [float(_cosine()(step)) for step in range(1, 9)]
    np.testing.assert_allclose(rates[:, 0], expected, rtol=1e-6)
    np.testing.assert_allclose(rates[:, 1], rates[:, 0], rtol=1e-6)  # the critic's curve is G's
    assert rates[-1, 1] == 0.0 and rates[3, 1] > 0.004  # not frozen at a fifth of training
    # The schedule over generator steps survives a .keras round trip.
    path = tmp_path / "wgan.keras"
    model.save(path)
    restored = keras.saving.load_model(path)
    schedule = restored.d_optimizer._learning_rate
    assert isinstance(schedule, models.GeneratorStepSchedule) and schedule.updates_per_step == 5
    assert isinstance(schedule.schedule, keras.optimizers.schedules.CosineDecay)
    assert float(restored.d_optimizer.learning_rate) == float(model.d_optimizer.learning_rate)


def test_a_schedule_over_the_critics_own_updates_is_chosen_explicitly():
    model = _wgan()
    own = models.GeneratorStepSchedule(_cosine(), updates_per_step=1)
    model.compile(g_optimizer=keras.optimizers.RMSprop(_cosine()), d_optimizer=keras.optimizers.RMSprop(own))
    rates = _fit_recording_learning_rates(model, steps=2)
    assert model.d_optimizer._learning_rate is own
    np.testing.assert_allclose(rates[:, 1], [float(_cosine()(5)), float(_cosine()(10))], rtol=1e-6)


def test_generator_step_schedule_errors():
    with pytest.raises(ValueError, match="Received: schedule=0.1"):
        models.GeneratorStepSchedule(0.1, 2)
    with pytest.raises(ValueError, match="Received: updates_per_step=0"):
        models.GeneratorStepSchedule(_cosine(), 0)


# ---------------------------------------------------------------- batches
def test_train_on_batch_raises_a_bad_label_as_value_error():
    model = models.ConditionalGAN(
        networks.conditional_mlp_generator(2, 2, num_classes=4, hidden_units=(8,)),
        networks.conditional_mlp_discriminator(2, num_classes=4, hidden_units=(8,)),
        num_classes=4, seed=0,
    )
    model.compile()
    points = np.zeros((4, 2), "float32")
    with pytest.raises(ValueError, match=r"labels in \[0, 4\) \(num_classes=4\)\. Received values in \[0, 9\]"):
        model.train_on_batch(points, np.array([0, 9, 1, 2], "int32"))
    model.train_on_batch(points, np.array([0, 3, 1, 2], "int32"))  # the same batch, in range


def test_the_batch_checks_run_before_any_layer_sees_the_batch():
    # PackSamples would fail first on 3 samples packed by 2 without the control dependency.
    model = models.PacGAN(
        networks.mlp_generator(2, 2, (8,)), networks.mlp_packed_discriminator(2, pack=2, hidden_units=(8,)),
        pack=2, seed=0,
    )
    model.compile()
    with pytest.raises(ValueError, match=r"multiple of 2 \(pack \* d_steps\)\. Received a batch of 3\."):
        model.fit(tf.data.Dataset.from_tensor_slices(np.zeros((3, 2), "float32")).batch(3), verbose=0)
